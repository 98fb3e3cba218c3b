// Splitting text into words at whitespace: ASCII whitespace, and the no-break
// (U+00A0), thin (U+2009) and narrow no-break (U+202F) spaces typesetters put
// inside names and abbreviations. Header only: the one whitespace splitter of
// the library (entity names, plain-text article lines).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dossier::util {

// The length of the whitespace character at s[i], or 0 when there is none.
inline std::size_t space_length_at(std::string_view s, std::size_t i) {
  switch (s[i]) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v': return 1;
    default: break;
  }
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\x89" || s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

// The words of `s`, in order, without the whitespace between them.
inline std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    if (const std::size_t length = space_length_at(s, i)) {
      if (i > start) words.push_back(s.substr(start, i - start));
      i += length;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < s.size()) words.push_back(s.substr(start));
  return words;
}

}  // namespace dossier::util
