// Bad input (issue 5), an index directory that is missing, not an index, made
// with other analysis settings or by a future format version, or damaged:
// an error that says so, never a crash, and the directory is left alone.
#include <xapian.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/schema.h"
#include "reliability_input_support.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::WithIndex;
using testing::write_file;

using BadIndex = WithIndex;

TEST_F(BadIndex, MissingDirectory) {
  const fs::path missing = scratch_ / "missing";
  auto searcher = Searcher::Open(missing);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kNotFound);
  EXPECT_NE(searcher.error().message.find(missing.string()), std::string::npos);
  IndexOptions no_create;
  no_create.create_if_missing = false;
  auto writer = IndexWriter::Open(missing, no_create);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(missing));
  // Shards: one missing shard fails the whole open, by name.
  auto shards = Searcher::Open(std::vector<std::string>{index_.string(), missing.string()});
  ASSERT_FALSE(shards);
  EXPECT_EQ(shards.error().code, ErrorCode::kNotFound);
  // Created on demand, in a parent that does not exist yet either.
  auto created = IndexWriter::Open(missing / "deeper");
  ASSERT_TRUE(created) << created.error().to_string();
}

TEST_F(BadIndex, NotAnIndexIsRefusedAndLeftAlone) {
  const fs::path folder = scratch_ / "photos";
  fs::create_directories(folder);
  write_file(folder / "holiday.jpg", "\xFF\xD8\xFF\xE0 jpeg");
  auto writer = IndexWriter::Open(folder);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(writer.error().message.find("not a Dossier index"), std::string::npos);
  auto searcher = Searcher::Open(folder);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
  EXPECT_EQ(read_file(folder / "holiday.jpg"), "\xFF\xD8\xFF\xE0 jpeg");

  // A file where the index should be.
  const fs::path file = scratch_ / "notes.txt";
  write_file(file, "notes");
  auto on_file = IndexWriter::Open(file);
  ASSERT_FALSE(on_file);
  EXPECT_EQ(on_file.error().code, ErrorCode::kInvalidArgument);
  auto search_file = Searcher::Open(file);
  ASSERT_FALSE(search_file);
  EXPECT_EQ(read_file(file), "notes");

  // A Xapian database that Dossier did not write.
  const fs::path foreign = scratch_ / "foreign";
  {
    Xapian::WritableDatabase database(foreign.string(), Xapian::DB_CREATE);
    Xapian::Document document;
    document.add_term("hello");
    database.add_document(document);
    database.commit();
  }
  auto foreign_writer = IndexWriter::Open(foreign);
  ASSERT_FALSE(foreign_writer);
  EXPECT_EQ(foreign_writer.error().code, ErrorCode::kIncompatible);
  auto foreign_searcher = Searcher::Open(foreign);
  ASSERT_FALSE(foreign_searcher);
  EXPECT_EQ(foreign_searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_EQ(Xapian::Database(foreign.string()).get_doccount(), 1u);
}

TEST_F(BadIndex, OtherAnalysisSettingsAreRefused) {
  for (auto change : {+[](IndexOptions& o) { o.analysis.language = "french"; },
                      +[](IndexOptions& o) { o.analysis.fold_accents = false; },
                      +[](IndexOptions& o) { o.analysis.language = "none"; }}) {
    IndexOptions options;
    change(options);
    auto writer = IndexWriter::Open(index_, options);
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
    EXPECT_NE(writer.error().message.find("language=english"), std::string::npos)
        << "the message says what the index was made with: " << writer.error().message;
  }
  IndexOptions unknown;
  unknown.analysis.language = "klingon";
  auto writer = IndexWriter::Open(index_, unknown);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(writer.error().message.find("klingon"), std::string::npos);
  expect_corpus_intact();
  // Shards made with different settings are not searched as one.
  const fs::path french = scratch_ / "french";
  IndexOptions options;
  options.analysis.language = "french";
  ASSERT_TRUE(IndexWriter::Open(french, options));
  auto shards = Searcher::Open(std::vector<std::string>{index_.string(), french.string()});
  ASSERT_FALSE(shards);
  EXPECT_EQ(shards.error().code, ErrorCode::kIncompatible);
}

// Rewrites the stored settings behind Dossier's back, as a future version of
// Dossier (or damage) would leave them.
void set_settings(const fs::path& index, const std::string& settings) {
  Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
  database.set_metadata(std::string(index::kSettingsKey), settings);
  database.commit();
}

TEST_F(BadIndex, FutureFormatVersionIsRefusedAndLeftAlone) {
  const std::string original =
      Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey));
  const std::string current = "format=" + std::to_string(index::kFormatVersion);
  const std::string next = std::to_string(index::kFormatVersion + 1);
  ASSERT_NE(original.find(current + "\n"), std::string::npos) << original;
  std::string future = original;
  future.replace(future.find(current), current.size(), "format=" + next);
  set_settings(index_, future + "new_option=7\n");

  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(writer.error().message.find("format version " + next), std::string::npos)
      << writer.error().message;
  auto searcher = Searcher::Open(index_);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(searcher.error().message.find("format version " + next), std::string::npos);
  // The failed opens changed nothing.
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            future + "new_option=7\n");
  EXPECT_EQ(Xapian::Database(index_.string()).get_doccount(), 5u);

  set_settings(index_, original);
  expect_corpus_intact();
}

TEST_F(BadIndex, OlderFormatIsReadAndMarkedCurrentByAWriter) {
  const std::string original =
      Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey));
  const std::string current = "format=" + std::to_string(index::kFormatVersion);
  const std::string older = "format=" + std::to_string(index::kOldestReadableFormat);
  ASSERT_LT(index::kOldestReadableFormat, index::kFormatVersion);
  std::string previous = original;
  previous.replace(previous.find(current), current.size(), older);
  set_settings(index_, previous);

  auto searcher = Searcher::Open(index_);
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            previous) << "a reader changes nothing";
  {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
  }
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            original) << "a writer marks the index with the current version";
  expect_corpus_intact();
}

TEST_F(BadIndex, DamagedSettingsAreCorruption) {
  set_settings(index_, "\x01\x02 garbage without an equals sign");
  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kCorruption);
  auto searcher = Searcher::Open(index_);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kCorruption);
}

// Damaged files: an error, never a crash. With `strict`, the error must also
// say the index is damaged or unreadable (kCorruption, kIncompatible or
// kIoError), not kInternal.
// With `scramble`, tables are also overwritten with garbage of the same size.
void check_damaged_files(const fs::path& index, bool strict, bool scramble) {
  auto open_and_search = [&]() -> Status {
    auto searcher = Searcher::Open(index);
    if (!searcher) return std::unexpected(searcher.error());
    auto results = searcher->search(SearchRequest{.query = "pompeo", .limit = 100});
    if (!results) return std::unexpected(results.error());
    for (const Hit& hit : results->hits) {
      auto document = searcher->get(hit.id);
      if (!document) return std::unexpected(document.error());
    }
    return {};
  };
  auto check = [&](const Status& status, const std::string& what) {
    if (status) return;  // damage in a part this search does not read
    EXPECT_FALSE(status.error().message.empty()) << what;
    if (strict) {
      EXPECT_TRUE(status.error().code == ErrorCode::kCorruption ||
                  status.error().code == ErrorCode::kIncompatible ||
                  status.error().code == ErrorCode::kIoError)
          << what << ": " << status.error().to_string();
    }
  };
  ASSERT_TRUE(open_and_search());
  // The version file.
  const std::string version = read_file(index / "iamglass");
  write_file(index / "iamglass", "this is not a glass version file");
  Status damaged = open_and_search();
  ASSERT_FALSE(damaged);
  check(damaged, "iamglass");
  EXPECT_FALSE(IndexWriter::Open(index));
  write_file(index / "iamglass", version);
  ASSERT_TRUE(open_and_search());

  // A table truncated (then, with `scramble`, overwritten with garbage).
  for (const char* table : {"postlist.glass", "docdata.glass", "termlist.glass"}) {
    const std::string original = read_file(index / table);
    write_file(index / table, original.substr(0, original.size() / 2));
    check(open_and_search(), std::string(table) + " truncated");
    if (!scramble) {
      write_file(index / table, original);
      continue;
    }
    std::string garbage = original;
    for (std::size_t i = 0; i < garbage.size(); i += 7) garbage[i] = static_cast<char>(i * 31);
    write_file(index / table, garbage);
    check(open_and_search(), std::string(table) + " scrambled");
    write_file(index / table, original);
  }
}

TEST_F(BadIndex, DamagedFilesGiveErrorsNotCrashes) {
  check_damaged_files(index_, true, false);
  expect_corpus_intact();
}

}  // namespace
}  // namespace dossier
