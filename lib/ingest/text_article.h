// The outlet, headline and body of a plain-text article as scrapers save them:
// the outlet's name, section labels or photo captions often come before the
// headline. The rule is documented in README.md ("Plain text input").
#pragma once

#include <string>
#include <string_view>

namespace dossier::ingest {

struct TextArticle {
  std::string source;  // the outlet line ("Sputnik International"); empty when none
  std::string title;
  std::string body;
};

// The text without leading and trailing whitespace.
std::string_view trim(std::string_view text);

// Titles longer than this are cut at a sentence or word boundary.
inline constexpr std::size_t kMaxTitleBytes = 160;

TextArticle split_text_article(std::string_view text);

// The line without a trailing photo credit: "Pinera meets Pompeo (© AFP/Getty
// Images)" -> "Pinera meets Pompeo". Returns the line unchanged when it has none.
std::string_view without_photo_credit(std::string_view line);

// A title made of a whole paragraph: its first sentence when that fits in
// kMaxTitleBytes, else its words up to there followed by "…".
std::string shorten_title(std::string_view text);

}  // namespace dossier::ingest
