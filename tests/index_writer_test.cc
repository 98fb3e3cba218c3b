// The writer's contract: replace by id, remove, atomic commits, one writer.
#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace dossier::testing {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Document article(std::string id, std::string title, std::string body) {
  Document document;
  document.id = std::move(id);
  document.title = std::move(title);
  document.body = std::move(body);
  return document;
}

std::chrono::sys_days date(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(year(y) / month(m) / day(d));
}

class Writer : public ::testing::Test {
 protected:
  IndexWriter open_writer(IndexOptions options = {}) {
    auto writer = IndexWriter::Open(index_, options);
    EXPECT_TRUE(writer) << writer.error().to_string();
    return std::move(*writer);
  }
  std::set<std::string> found(const std::string& query) {
    auto searcher = Searcher::Open(index_);
    EXPECT_TRUE(searcher) << searcher.error().to_string();
    SearchRequest request;
    request.query = query;
    auto results = searcher->search(request);
    EXPECT_TRUE(results) << results.error().to_string();
    return hit_ids(*results);
  }

  ScratchDir scratch_{"writer"};
  std::filesystem::path index_ = scratch_ / "index";
};

TEST_F(Writer, AddingAnExistingIdReplacesIt) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "Old title", "walrus")));
  ASSERT_TRUE(writer.commit());
  ASSERT_TRUE(writer.add_or_replace(article("a", "New title", "narwhal")));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(*writer.document_count(), 1u);
  EXPECT_TRUE(found("walrus").empty());
  EXPECT_EQ(found("narwhal"), (std::set<std::string>{"a"}));
}

TEST_F(Writer, ReplaceWithinOneBatchKeepsTheLast) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "walrus")));
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "narwhal")));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(*writer.document_count(), 1u);
  EXPECT_EQ(found("narwhal"), (std::set<std::string>{"a"}));
}

TEST_F(Writer, RemoveDeletesById) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "walrus")));
  ASSERT_TRUE(writer.add_or_replace(article("b", "", "walrus")));
  ASSERT_TRUE(writer.remove("a"));
  ASSERT_TRUE(writer.remove("never-added"));  // not an error
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(found("walrus"), (std::set<std::string>{"b"}));
}

TEST_F(Writer, ChangesAreInvisibleUntilCommit) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "walrus")));
  ASSERT_TRUE(writer.document_count());  // applies the queue, still uncommitted
  EXPECT_TRUE(found("walrus").empty());
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(found("walrus"), (std::set<std::string>{"a"}));
}

TEST_F(Writer, DestroyingWithoutCommitDiscards) {
  {
    IndexWriter writer = open_writer();
    ASSERT_TRUE(writer.add_or_replace(article("kept", "", "walrus")));
    ASSERT_TRUE(writer.commit());
    ASSERT_TRUE(writer.add_or_replace(article("lost", "", "walrus")));
  }
  EXPECT_EQ(found("walrus"), (std::set<std::string>{"kept"}));
}

TEST_F(Writer, ManyDocumentsAcrossBatches) {
  IndexWriter writer = open_writer();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(writer.add_or_replace(article("doc" + std::to_string(i), "Title",
                                              "word" + std::to_string(i % 10) + " common")));
  }
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(*writer.document_count(), 1000u);
  EXPECT_EQ(found("word3").size(), 10u);  // the default page
  auto searcher = Searcher::Open(index_);
  SearchRequest request{.query = "word3"};
  EXPECT_EQ(searcher->search(request)->total, 100u);
}

TEST_F(Writer, ASecondWriterIsToldTheIndexIsLocked) {
  IndexWriter first = open_writer();
  auto second = IndexWriter::Open(index_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kLocked);
  EXPECT_NE(second.error().message.find("index is locked"), std::string::npos);
}

TEST_F(Writer, TheLockIsReleasedWhenTheWriterGoes) {
  { IndexWriter first = open_writer(); }
  EXPECT_TRUE(IndexWriter::Open(index_));
}

TEST_F(Writer, ReaderSeesLaterCommitsWithoutReopening) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "walrus")));
  ASSERT_TRUE(writer.commit());
  auto searcher = Searcher::Open(index_);
  ASSERT_TRUE(searcher);
  EXPECT_EQ(searcher->search({.query = "walrus"})->total, 1u);
  ASSERT_TRUE(writer.add_or_replace(article("b", "", "walrus")));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(searcher->search({.query = "walrus"})->total, 2u);
}

TEST_F(Writer, OtherAnalysisSettingsAreRefused) {
  { IndexWriter writer = open_writer(); }
  IndexOptions french;
  french.analysis.language = "french";
  auto writer = IndexWriter::Open(index_, french);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(writer.error().message.find("language=english"), std::string::npos);
}

TEST_F(Writer, SearchersUseTheSettingsStoredInTheIndex) {
  IndexOptions keep_accents;
  keep_accents.analysis.fold_accents = false;
  IndexWriter writer = open_writer(keep_accents);
  ASSERT_TRUE(writer.add_or_replace(article("a", "", "Piñera")));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(found("PIÑERA"), (std::set<std::string>{"a"}));
  EXPECT_TRUE(found("Pinera").empty());
}

TEST_F(Writer, UnknownLanguageIsAnInvalidArgument) {
  IndexOptions klingon;
  klingon.analysis.language = "klingon";
  auto writer = IndexWriter::Open(index_, klingon);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(writer.error().message.find("english"), std::string::npos);  // lists the choices
}

TEST(WriterOptions, ABadOptionLeavesNoDirectoryBehind) {
  ScratchDir scratch("bad-options");
  { std::ofstream(scratch / "bad-aliases.txt") << "alien\tZorg\n"; }
  IndexOptions klingon;
  klingon.analysis.language = "klingon";
  IndexOptions missing_aliases{.entity_aliases = scratch / "no-such-file.txt"};
  IndexOptions bad_aliases{.entity_aliases = scratch / "bad-aliases.txt"};
  IndexOptions bad_shard{.shard = 2, .shards = 2};
  for (const IndexOptions& options : {klingon, missing_aliases, bad_aliases, bad_shard}) {
    const auto index = scratch / "index";
    auto writer = IndexWriter::Open(index, options);
    ASSERT_FALSE(writer);
    EXPECT_NE(writer.error().code, ErrorCode::kIoError) << writer.error().to_string();
    EXPECT_FALSE(std::filesystem::exists(index)) << writer.error().to_string();
  }
}

TEST_F(Writer, InvalidIdsAreRefused) {
  IndexWriter writer = open_writer();
  EXPECT_EQ(writer.add_or_replace(article("", "t", "b")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(writer.add_or_replace(article(std::string(300, 'x'), "t", "b")).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(Writer, ADirectoryWithOtherFilesIsNotTakenOver) {
  std::filesystem::create_directories(index_);
  { std::ofstream(index_ / "notes.txt") << "mine"; }
  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_TRUE(std::filesystem::exists(index_ / "notes.txt"));
}

TEST_F(Writer, SearcherOnAMissingIndexSaysNotFound) {
  auto searcher = Searcher::Open(scratch_ / "nothing-here");
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kNotFound);
}

TEST_F(Writer, SortAndFilterByPublicationDate) {
  IndexWriter writer = open_writer();
  Document old_one = article("old", "", "summit");
  old_one.published = date(2019, 4, 12);
  Document new_one = article("new", "", "summit summit summit");
  new_one.published = date(2019, 4, 15);
  Document undated = article("undated", "", "summit");
  for (Document* d : {&old_one, &new_one, &undated}) ASSERT_TRUE(writer.add_or_replace(*d));
  ASSERT_TRUE(writer.commit());
  auto searcher = Searcher::Open(index_);
  SearchRequest request{.query = "summit"};
  request.sort = SortOrder::kOldest;
  request.published_from = date(2019, 1, 1);
  auto results = searcher->search(request);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->hits.size(), 2u);
  EXPECT_EQ(results->hits[0].id, "old");
  EXPECT_EQ(results->hits[1].id, "new");
  request.sort = SortOrder::kNewest;
  request.published_from = date(2019, 4, 13);
  results = searcher->search(request);
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_EQ(results->hits[0].id, "new");
  EXPECT_EQ(results->hits[0].published, date(2019, 4, 15));
}

TEST_F(Writer, SourceField) {
  IndexWriter writer = open_writer();
  Document a = article("a", "", "summit");
  a.source = "State Department";
  Document b = article("b", "", "summit");
  b.source = "Sputnik International";
  ASSERT_TRUE(writer.add_or_replace(a));
  ASSERT_TRUE(writer.add_or_replace(b));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(found("summit source:sputnik"), (std::set<std::string>{"b"}));
  EXPECT_EQ(found("source:\"state department\""), (std::set<std::string>{"a"}));
}

TEST_F(Writer, StoredFieldsRoundTrip) {
  IndexWriter writer = open_writer();
  Document a = article("a", "Título", "Cuerpo con acentos: Piñera");
  a.source = "Andina";
  a.url = "https://example.org/a";
  a.published = date(2019, 4, 14);
  ASSERT_TRUE(writer.add_or_replace(a));
  ASSERT_TRUE(writer.commit());
  auto stored = Searcher::Open(index_)->get("a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->title, a.title);
  EXPECT_EQ(stored->body, a.body);
  EXPECT_EQ(stored->source, a.source);
  EXPECT_EQ(stored->url, a.url);
  EXPECT_EQ(stored->published, a.published);
}

TEST_F(Writer, InvalidUtf8IsRepairedNotFatal) {
  IndexWriter writer = open_writer();
  ASSERT_TRUE(writer.add_or_replace(article("a", "bad \xC3\x28 title", "walrus \xFF\xFE body")));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(found("walrus"), (std::set<std::string>{"a"}));
  auto stored = Searcher::Open(index_)->get("a");
  EXPECT_NE(stored->body.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
}

}  // namespace
}  // namespace dossier::testing
