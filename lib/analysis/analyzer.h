// Turns text into index terms. Documents and queries go through this same code,
// so a query word always becomes the term its indexed spelling became.
//
// The rules (README.md "Text analysis" documents them for users):
//  - Words are found by ICU's Unicode word segmentation (UAX #29).
//  - Case is folded; accents too unless AnalysisOptions::fold_accents is off.
//  - Possessives go: "Pompeo's", "Pompeo’s" and "Pompeos'" index as the name.
//    Other apostrophes are dropped: "O'Brien" -> "obrien", "don't" -> "dont".
//  - Dots inside abbreviations go: "U.S." -> "us", "D.C." -> "dc"; decimal
//    points in numbers stay: "3.5". Thousands separators go: "730,000" -> "730000".
//  - Hyphens separate words at consecutive positions: "anti-Maduro" indexes
//    "anti" and "maduro", so "Maduro" finds it and the query "anti-Maduro" is
//    the phrase "anti maduro".
//  - Words with letters are stemmed (Snowball); numbers are not.
//  - Words longer than kMaxWordBytes are skipped (they are never real words
//    and would exceed the engine's term limit); they still take a position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dossier/options.h"

namespace dossier::analysis {

inline constexpr std::size_t kMaxWordBytes = 64;

// True for "none" and for every language Xapian's Snowball stemmers know.
bool is_supported_language(const std::string& language);

struct Token {
  std::string_view term;   // folded and stemmed; valid until the next token
  std::size_t begin = 0;   // byte range of the word in the analysed text
  std::size_t end = 0;
  std::uint32_t position = 0;  // 0-based word position within the text
  std::string_view word;   // folded, unstemmed (normalize()); valid until the next token
};

// Not thread-safe: it owns an ICU break iterator and a stem cache. Use one per
// thread; construction is cheap (the break rules are cloned, not reloaded).
class Analyzer {
 public:
  explicit Analyzer(const AnalysisOptions& options);
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  const AnalysisOptions& options() const { return options_; }

  // Calls on_token(const Token&) for each indexable word of `text` (valid
  // UTF-8), in order. Returns the number of positions used.
  template <typename OnToken>
  std::uint32_t analyze(std::string_view text, OnToken&& on_token);

  // The folded, unstemmed form of one word as segmentation found it (the
  // rules above); empty when the word is not indexable.
  std::string normalize(std::string_view word) const;

  // normalize() then stem: the term a single word indexes as.
  std::string term(std::string_view word);

  // Stems a normalized word (cached). Words with digits are left as they are.
  const std::string& stem(const std::string& normalized);

  // For queries: common function words that free-text queries ignore.
  bool is_stopword(std::string_view normalized) const;

 private:
  // Segmentation keeps "U.S" and "bbc.co.uk" whole. Abbreviations and
  // numbers stay one word; other dotted runs ("bbc.co.uk", "said.The") are
  // split at the dots. Calls emit(begin, end) per part, offsets into `word`.
  template <typename Emit>
  static void for_each_word_part(std::string_view word, Emit&& emit);

  // Moves to the next word; false at the end of the text.
  bool next_word(std::size_t& begin, std::size_t& end);
  void start(std::string_view text);

  AnalysisOptions options_;
  struct Engine;  // ICU and Snowball state
  std::unique_ptr<Engine> engine_;
  std::unordered_map<std::string, std::string> stem_cache_;
  std::string scratch_;
};

// True for "U.S", "Ph.D", "e.g": every dot-separated piece is one or two bytes.
bool is_dotted_abbreviation(std::string_view word);

template <typename Emit>
void Analyzer::for_each_word_part(std::string_view word, Emit&& emit) {
  bool numeric = !word.empty() && word[0] >= '0' && word[0] <= '9';
  if (numeric || word.find('.') == std::string_view::npos ||
      is_dotted_abbreviation(word)) {
    emit(std::size_t{0}, word.size());
    return;
  }
  std::size_t part_begin = 0;
  while (part_begin <= word.size()) {
    std::size_t dot = word.find('.', part_begin);
    std::size_t part_end = dot == std::string_view::npos ? word.size() : dot;
    if (part_end > part_begin) emit(part_begin, part_end);
    part_begin = part_end + 1;
  }
}

template <typename OnToken>
std::uint32_t Analyzer::analyze(std::string_view text, OnToken&& on_token) {
  start(text);
  std::uint32_t position = 0;
  std::size_t begin = 0, end = 0;
  while (next_word(begin, end)) {
    for_each_word_part(text.substr(begin, end - begin), [&](std::size_t part_begin,
                                                             std::size_t part_end) {
      scratch_ = normalize(text.substr(begin + part_begin, part_end - part_begin));
      if (!scratch_.empty()) {
        const std::string& term = stem(scratch_);
        on_token(Token{term, begin + part_begin, begin + part_end, position, scratch_});
      }
      ++position;
    });
  }
  return position;
}

}  // namespace dossier::analysis
