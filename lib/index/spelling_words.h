// Which words the index's spelling dictionary holds: the source of "did you
// mean" suggestions (search/spelling.h). The dictionary is Xapian's spelling
// table; each article adds each of its title and body words once, folded and
// unstemmed, so a word's frequency there is the number of articles that use
// it. A replaced or removed article takes its words back out (the writer
// analyses its stored text again), in indexes whose every article put its
// words in (index::kSpellingCountsKey; older ones only ever add).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace dossier::index {

// Shorter words are too close to too many others for a correction to be a guess
// worth showing.
inline constexpr std::size_t kMinSpellingWordBytes = 3;

// A folded word worth a place in the dictionary, and worth correcting in a
// query: long enough, and no digits (numbers and codes are not misspellings).
inline bool is_spelling_word(std::string_view folded) {
  return folded.size() >= kMinSpellingWordBytes &&
         std::none_of(folded.begin(), folded.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace dossier::index
