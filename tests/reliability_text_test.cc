// Bad input (issue 5), text handed to IndexWriter: invalid UTF-8, NUL bytes,
// words past the engine's term limit, a 50 MB article, empty articles, bad
// ids. Each gets a clear error or a documented repair; nothing indexed is lost.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reliability_input_support.h"
#include "util/utf8.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::hit_ids;
using testing::ScratchDir;
using testing::WithIndex;

using BadText = WithIndex;

TEST_F(BadText, InvalidUtf8IsReplacedAndTheRestIndexed) {
  add({Document{.id = "bad-utf8",
                .title = "Caf\xC3 \xFF title",
                .body = "overlong \xC0\xAF then surrogate \xED\xA0\x80 then "
                        "truncated \xE2\x82 zanzibar \xF5\x80\x80\x80 end",
                .source = "Wire \xFE",
                .url = "http://example.com/\xFF"}});
  Searcher reader = searcher();
  auto document = reader.get("bad-utf8");
  ASSERT_TRUE(document) << document.error().to_string();
  for (const std::string* field : {&document->title, &document->body, &document->source,
                                   &document->url}) {
    EXPECT_TRUE(util::is_valid_utf8(*field)) << *field;
    EXPECT_NE(field->find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD marks the repair";
  }
  auto results = reader.search(SearchRequest{.query = "zanzibar"});
  ASSERT_TRUE(results) << results.error().to_string();
  ASSERT_EQ(hit_ids(*results), std::set<std::string>{"bad-utf8"});
  EXPECT_TRUE(util::is_valid_utf8(results->hits[0].snippet.text));
  expect_corpus_intact();
}

TEST_F(BadText, NulBytesBecomeSpaces) {
  add({Document{.id = "nul",
                .title = std::string("nul\0title", 9),
                .body = std::string("alpha\0bravo\0\0charlie", 20)}});
  Searcher reader = searcher();
  auto document = reader.get("nul");
  ASSERT_TRUE(document);
  EXPECT_EQ(document->body, "alpha bravo  charlie");
  EXPECT_EQ(document->title, "nul title");
  for (const char* word : {"alpha", "bravo", "charlie", "title"}) {
    auto results = reader.search(SearchRequest{.query = word});
    ASSERT_TRUE(results);
    EXPECT_EQ(hit_ids(*results), std::set<std::string>{"nul"}) << word;
  }
}

TEST_F(BadText, WordsPastTheTermLimitAreSkipped) {
  // Xapian's limit is 245 bytes per term; Dossier skips words over 64 bytes.
  std::string body = "zebulon ";
  for (std::size_t length : {65, 200, 245, 246, 300, 5000, 100000}) {
    body += std::string(length, 'x') + " ";
  }
  // Multi-byte letters whose case folding grows them.
  std::string greek;
  for (int i = 0; i < 21; ++i) greek += "\xE1\xBE\x88";  // U+1F88, folds to two code points
  body += greek + " " + greek + greek + " quixotic";
  Document document{.id = "long-words", .title = std::string(1000, 'T') + " heading",
                    .body = body, .source = std::string(500, 's') + " agency"};
  for (bool fold_accents : {true, false}) {
    ScratchDir other("long-words");
    IndexOptions options;
    options.analysis.fold_accents = fold_accents;
    auto writer = IndexWriter::Open(other / "index", options);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(document));
    Status committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  add({document});
  Searcher reader = searcher();
  for (const char* query : {"zebulon", "quixotic", "heading", "source:agency"}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << query << ": " << results.error().to_string();
    EXPECT_EQ(hit_ids(*results), std::set<std::string>{"long-words"}) << query;
  }
  // Searching for the long words is no error, and finds nothing by them.
  for (const std::string& query : {std::string(300, 'x'), std::string(5000, 'x'),
                                   std::string(300, 'x') + "*", "title:" + std::string(300, 'T'),
                                   "\"" + std::string(300, 'x') + " quixotic\""}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << results.error().to_string();
  }
  expect_corpus_intact();
}

TEST_F(BadText, FiftyMegabyteArticle) {
  constexpr std::size_t kBytes = 50u << 20;
  Document big{.id = "big", .title = "The whole archive in one article"};
  big.body.reserve(kBytes + 64);
  big.body = "Openingword ";
  static const char* const kWords[] = {"government ", "market ", "river ", "talks ",
                                       "minister ", "rain ",   "crowd ", "vote "};
  for (std::size_t i = 0; big.body.size() < kBytes; ++i) {
    big.body += kWords[(i * 2654435761u >> 7) % 8];
    if (i % 13 == 0) big.body += "said. ";
  }
  big.body += "Closingword";
  const std::size_t size = big.body.size();
  auto started = std::chrono::steady_clock::now();
  {
    // With entities on, as a user would have it: recognition reads only the
    // first MiB (entities::kMaxRecognizedBytes), so the size costs no more.
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(std::move(big)));
    Status committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("index_seconds", std::to_string(seconds));

  Searcher reader = searcher();
  for (const char* word : {"openingword", "closingword", "government"}) {
    auto results = reader.search(SearchRequest{.query = word});
    ASSERT_TRUE(results) << results.error().to_string();
    EXPECT_TRUE(hit_ids(*results).contains("big")) << word;
  }
  auto document = reader.get("big");
  ASSERT_TRUE(document);
  EXPECT_EQ(document->body.size(), size);
  expect_corpus_intact();
}

TEST_F(BadText, EmptyArticleIsIndexed) {
  add({Document{.id = "empty"}, Document{.id = "blank", .title = "  \n\t ", .body = "\n\n"}});
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("empty"));
  EXPECT_TRUE(reader.get("blank"));
  auto all = reader.search(SearchRequest{.limit = 100});
  ASSERT_TRUE(all);
  EXPECT_TRUE(hit_ids(*all).contains("empty"));
  EXPECT_EQ(reader.document_count(), 7u);
}

TEST_F(BadText, BadIdsAreRejectedAndTheWriterGoesOn) {
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  auto empty = writer->add_or_replace(Document{.id = "", .title = "no id"});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto too_long = writer->add_or_replace(Document{.id = std::string(201, 'i')});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(writer->remove(""));
  ASSERT_TRUE(writer->add_or_replace(Document{.id = std::string(200, 'i'), .title = "longest id"}));
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "good", .title = "still indexing"}));
  Status committed = writer->commit();
  ASSERT_TRUE(committed) << committed.error().to_string();
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("good"));
  EXPECT_TRUE(reader.get(std::string(200, 'i')));
  EXPECT_EQ(reader.document_count(), 7u);
}

// Ids are bytes: one with NUL bytes or invalid UTF-8 either round-trips or is
// refused by add_or_replace; it must never break the commit of the others.
// (Glass stores a NUL in a term as two bytes, so an id of 150 NULs would pass
// a plain 200-byte check and then fail commit(): validate_id refuses NULs.)
TEST_F(BadText, IdsWithNulBytesRoundTripOrAreRefused) {
  const std::vector<std::string> ids = {std::string("nul\0id", 6), std::string(150, '\0'),
                                        std::string(200, '\0'), "bad\xFFid"};
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  std::vector<std::string> accepted;
  for (const std::string& id : ids) {
    auto added = writer->add_or_replace(Document{.id = id, .title = "odd id"});
    if (added) {
      accepted.push_back(id);
    } else {
      EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument) << added.error().to_string();
    }
  }
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "good", .title = "good id"}));
  Status committed = writer->commit();
  ASSERT_TRUE(committed) << "an id add_or_replace accepted broke the commit: "
                         << committed.error().to_string();
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("good"));
  for (const std::string& id : accepted) {
    auto document = reader.get(id);
    ASSERT_TRUE(document) << document.error().to_string();
    EXPECT_EQ(document->id, id);
  }
  expect_corpus_intact();
}

// A commit is all or nothing, even when it fails: a commit() the engine cannot
// write (here a directory stands where Glass writes its new version file)
// fails, publishes nothing of what was queued, also not through a later
// commit(), and the writer carries on from the last commit.
TEST_F(BadText, FailedCommitPublishesNothingHalfDone) {
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  // More than one writer batch (256), so part of it is in the engine already.
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(writer->add_or_replace(
        Document{.id = "queued-" + std::to_string(i), .title = "queued before the failure"}));
  }
  const fs::path blocker = index_ / "v.tmp";
  fs::create_directory(blocker);
  Status failed = writer->commit();
  fs::remove(blocker);
  ASSERT_FALSE(failed) << "the commit was meant to fail";
  EXPECT_EQ(failed.error().code, ErrorCode::kIoError) << failed.error().to_string();
  EXPECT_NE(failed.error().message.find("v.tmp"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("every change since the last commit was discarded"),
            std::string::npos)
      << failed.error().message;
  Status second = writer->commit();
  ASSERT_TRUE(second) << second.error().to_string();
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "after", .title = "added after"}));
  ASSERT_TRUE(writer->commit());
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("after"));
  for (int i : {0, 255, 256, 299}) {
    EXPECT_FALSE(reader.get("queued-" + std::to_string(i))) << "a failed commit published " << i;
  }
  EXPECT_EQ(reader.document_count(), 6u);
  expect_corpus_intact();
}

}  // namespace
}  // namespace dossier
