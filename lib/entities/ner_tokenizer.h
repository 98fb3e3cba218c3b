// Splits raw UTF-8 text into words and sentences the way the CoNLL-2003 data
// the entity model learns from was tokenised: punctuation split off, "U.S."
// and initials kept whole, hyphenated words kept whole, "'s" / "n't" split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "util/utf8.h"

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

// Tolerates invalid UTF-8: an ill-formed sequence is one symbol character.
void tokenize(std::string_view text, TokenizedText& out);

// The tagger's code reads characters with the library's one UTF-8 codec.
using util::decode_utf8;

}  // namespace dossier::entities
