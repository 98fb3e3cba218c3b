// What Xapian buffers of a transaction is written out early
// (index/buffered_changes.h): the values and spelling words of a commit too
// large to buffer reach the index whole, and a transaction that is not
// committed leaves none of them behind, written out or not.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>

#include "index/buffered_changes.h"
#include "made_up_words.h"
#include "spelling_dictionary.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

// One transaction of a document with a value and two spelling words, each
// written out at once.
void write_and_flush(Xapian::WritableDatabase& database) {
  index::BufferedChanges buffered(/*articles_per_value_flush=*/1, /*spelling_words_per_flush=*/1);
  database.begin_transaction();
  Xapian::Document document;
  document.add_value(2, "a value");
  database.add_document(document);
  buffered.after_batch(database, 1, {{"alpha", 2}, {"bravo", 1}});
}

TEST(BufferedChanges, WhatIsWrittenOutEarlyIsPublishedByTheCommitOnly) {
  ScratchDir scratch("buffered-commit");
  Xapian::WritableDatabase database((scratch / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  write_and_flush(database);
  Xapian::Database reader((scratch / "db").string());
  EXPECT_EQ(reader.get_doccount(), 0u);
  EXPECT_TRUE(dictionary_of(reader).empty());

  database.commit_transaction();
  ASSERT_TRUE(reader.reopen());
  EXPECT_EQ(dictionary_of(reader), (Dictionary{{"alpha", 2}, {"bravo", 1}}));
  EXPECT_EQ(reader.get_document(1).get_value(2), "a value");
}

TEST(BufferedChanges, ACancelledTransactionLeavesNothingItWroteOut) {
  ScratchDir scratch("buffered-cancel");
  Xapian::WritableDatabase database((scratch / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  write_and_flush(database);
  database.cancel_transaction();
  EXPECT_EQ(database.get_doccount(), 0u);
  EXPECT_TRUE(dictionary_of(database).empty());
  EXPECT_EQ(database.valuestream_begin(2), database.valuestream_end(2));
}

// Articles of 100 words each that no other article uses, numbered from `first`.
void add_made_up_articles(IndexWriter& writer, std::size_t first, std::size_t articles) {
  for (std::size_t a = first; a < first + articles; ++a) {
    std::string body;
    for (std::size_t w = 0; w < 100; ++w) body += made_up_word(a * 100 + w) + " ";
    ASSERT_TRUE(writer.add_or_replace(
        Document{.id = "a" + std::to_string(a), .title = "Report " + std::to_string(a), .body = body}));
  }
}

// More distinct words than one spelling write-out holds (four are made, and
// some words stay buffered until the commit), and more articles than one
// value write-out (made once, at the last batch before the commit).
constexpr std::size_t kArticles =
    std::max(index::kSpellingWordsPerFlush / 100, index::kArticlesPerValueFlush) + 30;

// A writer (entities off) commits the first `committed` made-up articles,
// then adds `uncommitted` more and is closed without committing them.
void write_made_up(const std::filesystem::path& directory, std::size_t committed,
                   std::size_t uncommitted = 0) {
  IndexOptions options;
  options.recognize_entities = false;
  auto writer = IndexWriter::Open(directory, options);
  ASSERT_TRUE(writer) << writer.error().to_string();
  add_made_up_articles(*writer, 0, committed);
  ASSERT_TRUE(writer->commit());
  add_made_up_articles(*writer, committed, uncommitted);
}

TEST(BufferedChanges, ACommitLargerThanAWriteOutPublishesEveryWordAndValue) {
  ScratchDir scratch("buffered-big-commit");
  write_made_up(scratch / "index", kArticles);
  Xapian::Database database((scratch / "index").string());
  const Dictionary words = dictionary_of(database);
  EXPECT_EQ(words.size(), kArticles * 100 + 1);  // and "report"
  EXPECT_EQ(words.at(made_up_word(0)), 1u);
  EXPECT_EQ(words.at(made_up_word(kArticles * 100 - 1)), 1u);
  EXPECT_EQ(words.at("report"), kArticles);

  // Every article's values: the first and the last article are found, with
  // their titles (the summary value), and "did you mean" knows the last word.
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  for (std::size_t a : {std::size_t{0}, kArticles - 1}) {
    auto results = searcher->search({.query = made_up_word(a * 100 + 50)});
    ASSERT_TRUE(results) << results.error().to_string();
    ASSERT_EQ(results->hits.size(), 1u);
    EXPECT_EQ(results->hits[0].title, "Report " + std::to_string(a));
  }
  auto corrected = searcher->search({.query = made_up_word(kArticles * 100 - 1) + "x"});
  ASSERT_TRUE(corrected) << corrected.error().to_string();
  EXPECT_EQ(corrected->corrected_query, made_up_word(kArticles * 100 - 1));
}

TEST(BufferedChanges, AWriterClosedWithoutCommittingLeavesTheLastCommit) {
  ScratchDir scratch("buffered-discard");
  // The uncommitted ones' spelling words are written out early, and then
  // discarded. (Their values are not written out: with two batches still in
  // flight when the writer closes, fewer than 2,000 of them are applied.)
  write_made_up(scratch / "index", 1, kArticles);
  Xapian::Database database((scratch / "index").string());
  EXPECT_EQ(database.get_doccount(), 1u);
  EXPECT_EQ(dictionary_of(database).size(), 101u);  // article 0's words and "report"
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  auto results = searcher->search({.query = made_up_word(150)});  // article 1's
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_TRUE(results->hits.empty());
}

}  // namespace
}  // namespace dossier::testing
