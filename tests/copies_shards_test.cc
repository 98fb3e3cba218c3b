// Copy groups and related articles over shards, local and served by
// xapian-tcpsrv. Groups form inside each shard; exact copies in different
// shards share a group key (the hash of the founder's signature), so they
// collapse together across shards too.
#include <gtest/gtest.h>

#include "copies_fixture.h"
#include "dossier/dossier.h"
#include "shard_server.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::ScratchDir;
using namespace testing::copies;

class CopiesOverShards : public ::testing::Test {
 protected:
  void SetUp() override {
    // The wire story and its light edit in one shard, its exact copy in the other.
    const std::set<std::string> first = {"reuters-1", "guardian-1", "football-1", "short-1"};
    std::vector<Document> parts[2];
    for (const Document& article : archive()) parts[first.contains(article.id) ? 0 : 1].push_back(article);
    for (int k = 0; k < 2; ++k) {
      auto writer = IndexWriter::Open(shard(k));
      ASSERT_TRUE(writer) << writer.error().to_string();
      for (const Document& article : parts[k]) ASSERT_TRUE(writer->add_or_replace(article));
      ASSERT_TRUE(writer->commit());
    }
  }

  std::filesystem::path shard(int k) const { return dir_ / ("shard-" + std::to_string(k)); }

  static void expect_one_story_and_related(Searcher& searcher) {
    SearchRequest request{.query = "venezuela oil exports"};
    request.collapse_copies = true;
    auto results = searcher.search(request);
    ASSERT_TRUE(results) << results.error().to_string();
    EXPECT_EQ(results->total, 6u);
    std::size_t wire_hits = 0;
    for (const Hit& hit : results->hits) {
      if (hit.id != "reuters-1" && hit.id != "bbc-1" && hit.id != "guardian-1") {
        EXPECT_EQ(hit.other_copies, 0u) << hit.id;
        continue;
      }
      ++wire_hits;
      EXPECT_EQ(hit.other_copies, 2u);
      EXPECT_EQ(hit.copy_sources.size(), 2u);
    }
    EXPECT_EQ(wire_hits, 1u);
    EXPECT_EQ(results->hits.size(), 4u);

    auto related = searcher.related("reuters-1", 3);
    ASSERT_TRUE(related) << related.error().to_string();
    ASSERT_FALSE(related->empty());
    EXPECT_EQ(related->front().id, "venezuela-2");
    for (const Hit& hit : *related) {
      EXPECT_NE(hit.id, "reuters-1");
      EXPECT_NE(hit.id, "bbc-1");
      EXPECT_NE(hit.id, "guardian-1");
    }
  }

  ScratchDir dir_{"copies-shards"};
};

TEST_F(CopiesOverShards, LocalShards) {
  auto searcher = Searcher::Open({shard(0).string(), shard(1).string()});
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  expect_one_story_and_related(*searcher);
}

// bbc-1 alone in its shard was written as having no copies; merged with the
// shard of its copies, it has two.
TEST_F(CopiesOverShards, MergedShards) {
  const std::filesystem::path merged = dir_ / "merged";
  ASSERT_TRUE(merge_shards({shard(0), shard(1)}, merged));
  auto searcher = Searcher::Open(merged);
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  expect_one_story_and_related(*searcher);
  auto all = searcher->search(SearchRequest{.query = "venezuela oil exports"});
  ASSERT_TRUE(all) << all.error().to_string();
  bool seen = false;
  for (const Hit& hit : all->hits) {
    if (hit.id != "bbc-1") continue;
    seen = true;
    EXPECT_EQ(hit.other_copies, 2u);
    EXPECT_EQ(hit.copy_sources, (std::vector<std::string>{"Reuters", "The Guardian"}));
  }
  EXPECT_TRUE(seen);
}

TEST_F(CopiesOverShards, RemoteShards) {
  if (!testing::tcpsrv_installed()) {
    GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  }
  testing::ShardServer first(shard(0)), second(shard(1));
  ASSERT_TRUE(first.running());
  ASSERT_TRUE(second.running());
  auto searcher = Searcher::Open({first.address(), second.address()});
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  expect_one_story_and_related(*searcher);
}

}  // namespace
}  // namespace dossier
