// The spelling dictionary of a large commit (index/spelling_buffer.h): words
// past what Xapian buffers in one transaction reach the dictionary through
// pending records, whole, and a crash between a commit and its records'
// commits loses none of them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>

#include "index/change_log.h"
#include "index/schema.h"
#include "index/spelling_buffer.h"
#include "made_up_words.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

using Dictionary = std::map<std::string, Xapian::termcount>;

Dictionary dictionary_of(const Xapian::Database& database) {
  Dictionary words;
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    words[*word] = word.get_termfreq();
  }
  return words;
}

TEST(SpellingBuffer, WordsPastItsShareWaitInRecordsAndThenMatchAddingThemAtOnce) {
  ScratchDir scratch("spelling-buffer");
  const std::vector<index::SpellingCounts> batches = {
      {{"alpha", 2}, {"bravo", 1}, {"charlie", 1}, {"delta", 3}, {"echo", 1}},
      {{"alpha", 1}, {"foxtrot", 2}, {"golf", 1}, {"delta", 1}, {"hotel", 1}},
      {{"india", 1}, {"echo", 4}}};
  Dictionary expected;
  for (const auto& batch : batches) {
    for (const auto& [word, articles] : batch) expected[std::string(word)] += articles;
  }

  Xapian::WritableDatabase database((scratch / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  index::SpellingBuffer buffer(/*words_per_step=*/3);
  database.begin_transaction();
  for (const auto& batch : batches) buffer.add(database, batch);
  ASSERT_TRUE(buffer.finish(database));
  database.commit_transaction();

  // Three words went to the table; the other six wait in records of three.
  EXPECT_EQ(dictionary_of(database).size(), 3u);
  const std::vector<std::string> records = index::pending_spelling_records(database);
  ASSERT_EQ(records.size(), 2u);
  for (const std::string& record : records) {
    database.begin_transaction();
    index::apply_pending_spelling(database, record);
    database.commit_transaction();
  }
  EXPECT_EQ(dictionary_of(database), expected);
  EXPECT_TRUE(index::pending_spelling_records(database).empty());
}

TEST(SpellingBuffer, ATransactionWithinItsShareWritesNoRecord) {
  ScratchDir scratch("spelling-buffer-small");
  Xapian::WritableDatabase database((scratch / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  index::SpellingBuffer buffer(/*words_per_step=*/3);
  database.begin_transaction();
  buffer.add(database, {{"alpha", 1}, {"bravo", 1}});
  buffer.add(database, {{"alpha", 1}, {"charlie", 2}});
  EXPECT_FALSE(buffer.finish(database));
  database.commit_transaction();
  EXPECT_EQ(dictionary_of(database), (Dictionary{{"alpha", 2}, {"bravo", 1}, {"charlie", 2}}));
  EXPECT_TRUE(index::pending_spelling_records(database).empty());
}

// Articles of 100 words each that no other article uses.
void add_made_up_articles(IndexWriter& writer, std::size_t articles) {
  for (std::size_t a = 0; a < articles; ++a) {
    std::string body;
    for (std::size_t w = 0; w < 100; ++w) body += made_up_word(a * 100 + w) + " ";
    ASSERT_TRUE(writer.add_or_replace(
        Document{.id = "a" + std::to_string(a), .title = "Report", .body = body}));
  }
}

TEST(SpellingBuffer, ACommitOfMoreWordsThanXapianBuffersPutsEveryOneInTheDictionary) {
  ScratchDir scratch("spelling-big-commit");
  // A few thousand words more than one step.
  const std::size_t articles = index::kSpellingWordsPerStep / 100 + 30;
  IndexOptions options;
  options.recognize_entities = false;
  Xapian::rev before = 0;
  {
    auto writer = IndexWriter::Open(scratch / "index", options);
    ASSERT_TRUE(writer) << writer.error().to_string();
    before = Xapian::Database((scratch / "index").string()).get_revision();
    add_made_up_articles(*writer, articles);
    ASSERT_TRUE(writer->commit());
  }
  Xapian::Database database((scratch / "index").string());
  const Dictionary words = dictionary_of(database);
  EXPECT_EQ(words.size(), articles * 100 + 1);  // and "report"
  EXPECT_EQ(words.at(made_up_word(0)), 1u);
  EXPECT_EQ(words.at(made_up_word(articles * 100 - 1)), 1u);
  EXPECT_EQ(words.at("report"), articles);
  EXPECT_TRUE(index::pending_spelling_records(database).empty());
  // The dictionary's own commits touched no article, and say so: a reader
  // brings its columns across them instead of starting again.
  EXPECT_GT(database.get_revision(), before + 1);
  auto changed = index::changed_between(database, before, database.get_revision());
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->size(), articles);

  // "Did you mean" knows a word of the last article.
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest request;
  request.query = made_up_word(articles * 100 - 1) + "x";
  auto results = searcher->search(request);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ(results->corrected_query, made_up_word(articles * 100 - 1));
}

TEST(SpellingBuffer, RecordsACrashLeftAreAppliedWhenTheNextWriterOpens) {
  ScratchDir scratch("spelling-crash");
  IndexOptions options;
  options.recognize_entities = false;
  {
    auto writer = IndexWriter::Open(scratch / "index", options);
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(Document{.id = "a", .title = "Report", .body = "Ankara"}));
    ASSERT_TRUE(writer->commit());
  }
  {
    // What a writer that crashed right after a commit leaves: its articles'
    // words only in a record.
    Xapian::WritableDatabase database((scratch / "index").string(), Xapian::DB_OPEN);
    index::SpellingBuffer buffer(/*words_per_step=*/0);
    database.begin_transaction();
    buffer.add(database, {{"rosneft", 3}, {"gazprom", 1}});
    ASSERT_TRUE(buffer.finish(database));
    database.commit_transaction();
    EXPECT_FALSE(dictionary_of(database).contains("rosneft"));
  }
  {
    auto writer = IndexWriter::Open(scratch / "index", options);
    ASSERT_TRUE(writer) << writer.error().to_string();
  }
  Xapian::Database database((scratch / "index").string());
  const Dictionary words = dictionary_of(database);
  EXPECT_EQ(words.at("rosneft"), 3u);
  EXPECT_EQ(words.at("gazprom"), 1u);
  EXPECT_EQ(words.at("ankara"), 1u);
  EXPECT_TRUE(index::pending_spelling_records(database).empty());
}

}  // namespace
}  // namespace dossier::testing
