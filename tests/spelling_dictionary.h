// The words of an index's spelling dictionary, for tests that check it.
#pragma once

#include <xapian.h>

#include <map>
#include <string>

namespace dossier::testing {

// Each word of Xapian's spelling table with its frequency: the number of
// articles that gave it (index/spelling_words.h).
using Dictionary = std::map<std::string, Xapian::termcount>;

inline Dictionary dictionary_of(const Xapian::Database& database) {
  Dictionary words;
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    words[*word] = word.get_termfreq();
  }
  return words;
}

}  // namespace dossier::testing
