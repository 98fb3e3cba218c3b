// The writer's side of the spelling dictionary (index/spelling_words.h): how
// a transaction's words reach Xapian's spelling table without holding all of
// them in memory.
//
// Xapian 1.4's Glass backend keeps a transaction's spelling-table changes in
// memory until the commit, whatever XAPIAN_FLUSH_THRESHOLD says: about 900
// bytes for each word new to the dictionary (a copy of the word for each of
// its trigrams), so one commit of 100,000 generated articles held ~450 MB of
// them. So the first kSpellingWordsPerStep distinct words of a transaction go
// to the table as before; words past those are counted here and written into
// pending records (index metadata, which Xapian writes out at once), each of
// at most kSpellingWordsPerStep words. The commit publishes the articles with
// their records; then apply_pending_spelling() moves each record into the
// table in a commit of its own. A crash in between leaves records that the
// next IndexWriter applies when it opens the index: the dictionary can lag
// the articles by a moment, never lose their words.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dossier::index {

// Distinct words Xapian's spelling table buffers at most in one transaction
// (~45 MB), and the most words a pending record holds (~100 bytes each here).
inline constexpr std::size_t kSpellingWordsPerStep = 50'000;

// One batch of articles' words: each word with the number of its articles.
using SpellingCounts = std::unordered_map<std::string_view, Xapian::termcount>;

// Not thread-safe (the writer's).
class SpellingBuffer {
 public:
  explicit SpellingBuffer(std::size_t words_per_step = kSpellingWordsPerStep)
      : words_per_step_(words_per_step) {}

  // Inside the open transaction: the words of one batch of articles.
  void add(Xapian::WritableDatabase& database, const SpellingCounts& words);
  // Inside the open transaction, just before its commit: records what is
  // still buffered. Returns whether the commit leaves pending records for
  // apply_pending_spelling(); forgets the transaction either way.
  bool finish(Xapian::WritableDatabase& database);
  // Forgets the transaction (it was cancelled, and its records with it).
  void clear();

 private:
  void write_record(Xapian::WritableDatabase& database);

  std::size_t words_per_step_;
  // The words this transaction gave Xapian's spelling table: a word already
  // there costs Xapian a counter, a new one its trigrams.
  std::unordered_set<std::string> in_table_;
  std::unordered_map<std::string, Xapian::termcount> buffered_;  // past the table's share
  std::size_t records_ = 0;  // written in this transaction
};

// The metadata keys of the index's pending records, oldest first.
std::vector<std::string> pending_spelling_records(const Xapian::Database& database);

// Inside an open transaction: adds one record's words to the spelling table
// and deletes the record, so that the transaction's commit applies it once.
void apply_pending_spelling(Xapian::WritableDatabase& database, const std::string& record_key);

}  // namespace dossier::index
