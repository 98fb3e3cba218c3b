// Splits raw UTF-8 text into words and sentences the way the CoNLL-2003 data
// the entity model learns from was tokenised: punctuation split off, "U.S."
// and initials kept whole, hyphenated words kept whole, "'s" / "n't" split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dossier::entities {

struct Token {
  std::size_t begin = 0;  // byte offsets into the text, end exclusive
  std::size_t end = 0;
};

struct TokenizedText {
  std::vector<Token> tokens;
  // Sentence i covers tokens [sentence_starts[i], sentence_starts[i + 1]);
  // the last entry is tokens.size().
  std::vector<std::uint32_t> sentence_starts;

  void clear() {
    tokens.clear();
    sentence_starts.clear();
  }
};

// Tolerates invalid UTF-8: a stray byte is a one-byte symbol character.
void tokenize(std::string_view text, TokenizedText& out);

// Decodes one code point at text[pos]; sets len to the bytes used (>= 1).
// Invalid sequences give U+FFFD with len 1.
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& len);

}  // namespace dossier::entities
