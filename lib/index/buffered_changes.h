// What Xapian buffers of an open transaction, kept bounded: the writer's
// memory must not grow with the articles of one commit.
//
// Xapian 1.4's Glass backend keeps a transaction's value changes and
// spelling-table changes in memory until the commit; XAPIAN_FLUSH_THRESHOLD
// writes out postings and positions only. Indexing 100,000 articles in one
// commit held ~860 MB at its peak, most of it those: about 2 KB of values an
// article, and ~900 bytes for each word new to the spelling dictionary (a copy
// of the word per trigram). Both can go into their tables early without a
// commit: a WritableDatabase merges its pending value changes before it opens
// a value stream, and its pending spelling changes before it lists the
// spelling words (GlassWritableDatabase::open_value_list and
// open_spelling_wordlist). Those writes stay uncommitted, so a cancelled
// transaction or a crash still leaves exactly the last commit.
//
// Xapian merges the values only when a document changed since its last
// flush of postings (its change count, which XAPIAN_FLUSH_THRESHOLD resets):
// a write-out asked for right after such a flush does nothing, and the values
// wait for the next one.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace dossier::index {

// Articles applied between two writes of Xapian's buffered values: ~4 MB of
// them; a commit of fewer never writes them early.
inline constexpr std::size_t kArticlesPerValueFlush = 2'000;
// Distinct spelling words given to Xapian between two writes of its spelling
// changes: at most ~45 MB buffered when all are new to the dictionary. Each
// write rewrites the word lists the words touched, so not much less.
inline constexpr std::size_t kSpellingWordsPerFlush = 50'000;

// One batch's change to the spelling dictionary: each word with the number of
// articles added that have it, less the number replaced or removed that had it.
using SpellingCounts = std::unordered_map<std::string_view, std::int64_t>;

// Not thread-safe (the writer's).
class BufferedChanges {
 public:
  explicit BufferedChanges(std::size_t articles_per_value_flush = kArticlesPerValueFlush,
                           std::size_t spelling_words_per_flush = kSpellingWordsPerFlush)
      : articles_per_value_flush_(articles_per_value_flush),
        spelling_words_per_flush_(spelling_words_per_flush) {}

  // Inside the open transaction, after a batch of `articles` was applied:
  // gives Xapian the batch's spelling changes, then writes the values buffered so far
  // into their table once they span articles_per_value_flush articles, and
  // the spelling changes into theirs once they span spelling_words_per_flush
  // distinct words. Nothing is committed.
  void after_batch(Xapian::WritableDatabase& database, std::size_t articles,
                   const SpellingCounts& spelling_words);
  // A new transaction (the last one was committed or cancelled).
  void clear() {
    unflushed_articles_ = 0;
    unflushed_words_.clear();
  }

 private:
  std::size_t articles_per_value_flush_;
  std::size_t spelling_words_per_flush_;
  std::size_t unflushed_articles_ = 0;               // applied since the last write
  std::unordered_set<std::string> unflushed_words_;  // changed since the last write
};

}  // namespace dossier::index
