// Words no dictionary or article has, for tests that need many distinct ones.
#pragma once

#include <cstddef>
#include <string>

namespace dossier::testing {

// What crash_indexer --made-up-words adds to each article it indexes.
inline constexpr int kMadeUpWordsPerArticle = 25;

// A distinct lower-case word for each number below 26^4, letters only (words
// with digits never enter the spelling dictionary): 0 -> "zqaaaa",
// 1 -> "zqbaaa", ...
inline std::string made_up_word(std::size_t number) {
  std::string word = "zq";
  for (int i = 0; i < 4; ++i, number /= 26) word += static_cast<char>('a' + number % 26);
  return word;
}

}  // namespace dossier::testing
