// shard_of (which shard an id belongs to) and the shard record that keeps a
// writer from adding to a shard set split by another shard function.
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "dossier/dossier.h"
#include "dossier/sharding.h"
#include "index/sharding.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::ScratchDir;

TEST(ShardOf, IsStableAndSpreadsIds) {
  // mix64(FNV-1a 64 of the id), modulo the shard count: these values never
  // change (a change re-routes every id of every shard set).
  EXPECT_EQ(shard_of("a", 1000), 0x2c0bdbf481420f8ULL % 1000);
  EXPECT_EQ(shard_of("anything", 1), 0u);
  EXPECT_EQ(shard_of("anything", 0), 0u);
  std::vector<std::size_t> per_shard(4);
  for (int i = 0; i < 4000; ++i) {
    std::size_t shard = shard_of("article-" + std::to_string(i), 4);
    ASSERT_LT(shard, 4u);
    ++per_shard[shard];
  }
  for (std::size_t count : per_shard) {
    EXPECT_GT(count, 850u);
    EXPECT_LT(count, 1150u);
  }
}

TEST(ShardOf, SpreadsIdsThatDifferInHighBitsOverPowerOfTwoShards) {
  // Plain FNV-1a modulo 4 sent all of these to shard 0: their bytes differ
  // only above the two low bits, which alone decided.
  std::set<std::size_t> shards;
  for (const char* id : {"a", "e", "i", "m", "q", "u", "y"}) shards.insert(shard_of(id, 4));
  EXPECT_EQ(shards.size(), 4u);
}

Document article(const std::string& id) {
  return {.id = id, .title = "Title of " + id, .body = "Body words of the article " + id + "."};
}

// An id that shard_of sends to `shard` of `shards`.
std::string id_in_shard(std::size_t shard, std::size_t shards) {
  for (int i = 0;; ++i) {
    std::string id = "doc-" + std::to_string(i);
    if (shard_of(id, shards) == shard) return id;
  }
}

IndexOptions as_shard(std::size_t shard, std::size_t shards) {
  IndexOptions options;
  options.recognize_entities = false;
  options.shard = shard;
  options.shards = shards;
  return options;
}

TEST(ShardRecord, AWriterOfAShardTakesOnlyItsIds) {
  ScratchDir dir("shard-record-ids");
  auto writer = IndexWriter::Open(dir.path(), as_shard(1, 4));
  ASSERT_TRUE(writer) << writer.error().to_string();
  EXPECT_TRUE(writer->add_or_replace(article(id_in_shard(1, 4))));
  auto refused = writer->add_or_replace(article(id_in_shard(2, 4)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("belongs to shard 2 of 4"), std::string::npos)
      << refused.error().message;
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(writer->document_count().value_or(0), 1u);
}

TEST(ShardRecord, AShardOpensAsItselfOnly) {
  ScratchDir dir("shard-record-self");
  {
    auto writer = IndexWriter::Open(dir.path(), as_shard(1, 4));
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(article(id_in_shard(1, 4))));
    ASSERT_TRUE(writer->commit());
  }
  for (auto [shard, shards] : {std::pair<std::size_t, std::size_t>{2, 4}, {1, 8}}) {
    auto other = IndexWriter::Open(dir.path(), as_shard(shard, shards));
    ASSERT_FALSE(other) << "opened shard 1 of 4 as " << shard << " of " << shards;
    EXPECT_EQ(other.error().code, ErrorCode::kIncompatible);
  }
  EXPECT_TRUE(IndexWriter::Open(dir.path(), as_shard(1, 4)));
  IndexOptions plain;
  plain.recognize_entities = false;
  EXPECT_TRUE(IndexWriter::Open(dir.path(), plain)) << "a writer that routes nothing";
  auto bad = IndexWriter::Open(dir / "new", as_shard(4, 4));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(ShardRecord, AShardSplitByTheOldFunctionIsRefused) {
  // Dossier before the mixed shard_of wrote shards without a record.
  ScratchDir dir("shard-record-old");
  IndexOptions plain;
  plain.recognize_entities = false;
  {
    auto writer = IndexWriter::Open(dir.path(), plain);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(article("a")));
    ASSERT_TRUE(writer->commit());
  }
  auto opened = IndexWriter::Open(dir.path(), as_shard(0, 4));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(opened.error().message.find("older Dossier"), std::string::npos)
      << opened.error().message;

  // A record of another function (a later Dossier's) is refused too.
  ScratchDir other("shard-record-function");
  {
    Xapian::WritableDatabase database(other.path().string(), Xapian::DB_CREATE_OR_OPEN);
    database.commit();
  }
  ASSERT_TRUE(IndexWriter::Open(other.path(), as_shard(0, 4)));  // empty: records itself
  {
    Xapian::WritableDatabase database(other.path().string(), Xapian::DB_OPEN);
    database.set_metadata(std::string(index::kShardKey), "some-other-hash 0/4");
    database.commit();
  }
  auto refused = IndexWriter::Open(other.path(), as_shard(0, 4));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(refused.error().message.find("some-other-hash"), std::string::npos)
      << refused.error().message;
}

TEST(ShardRecord, AMergedIndexIsNoShard) {
  ScratchDir dir("shard-record-merge");
  std::vector<std::filesystem::path> shards;
  for (std::size_t k = 0; k < 2; ++k) {
    shards.push_back(dir / ("shard-" + std::to_string(k)));
    auto writer = IndexWriter::Open(shards.back(), as_shard(k, 2));
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(article(id_in_shard(k, 2))));
    ASSERT_TRUE(writer->commit());
  }
  ASSERT_TRUE(merge_shards(shards, dir / "merged"));
  Xapian::Database merged((dir / "merged").string());
  EXPECT_EQ(merged.get_metadata(std::string(index::kShardKey)), "");
  EXPECT_EQ(merged.get_doccount(), 2u);
  IndexOptions plain;
  plain.recognize_entities = false;
  EXPECT_TRUE(IndexWriter::Open(dir / "merged", plain));
  // Not a shard: no writer may add to it as one (it would take ids of
  // every shard of the old set).
  auto as_one = IndexWriter::Open(dir / "merged", as_shard(0, 2));
  ASSERT_FALSE(as_one);
  EXPECT_EQ(as_one.error().code, ErrorCode::kIncompatible);
}

}  // namespace
}  // namespace dossier
