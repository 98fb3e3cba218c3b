// Shards: several indexes, local or served by xapian-tcpsrv, searched as one.
// Each comparison runs the same requests on one index holding every article
// and on its shards, and expects the same hits, order, scores, snippets and
// facets.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <xapian.h>

#include "dossier/sharding.h"
#include "entities/extractor.h"
#include "entities/resolver.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "search/facets.h"
#include "shard_fixture.h"
#include "shard_server.h"
#include "test_support.h"

namespace dossier {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDir;
using testing::SyntheticShards;
using testing::expect_same_results;
using testing::expect_same_searcher;
using testing::facet_values;
using testing::synthetic_requests;
using testing::write_synthetic;
using testing::ShardServer;
using testing::free_port;
using testing::tcpsrv_installed;

// ---------------------------------------------------------------------------

TEST_F(SyntheticShards, EveryShardHoldsSomeArticles) {
  std::size_t total = 0;
  for (std::size_t k = 0; k < kShards; ++k) {
    auto shard = Searcher::Open(shard_path(k));
    ASSERT_TRUE(shard) << shard.error().to_string();
    EXPECT_GT(*shard->document_count(), 5u);
    total += *shard->document_count();
  }
  EXPECT_EQ(total, 60u);
}

TEST_F(SyntheticShards, LocalShardsSearchLikeOneIndex) {
  auto single = Searcher::Open(single_path());
  auto sharded = Searcher::Open(local_shards());
  ASSERT_TRUE(single) << single.error().to_string();
  ASSERT_TRUE(sharded) << sharded.error().to_string();
  // The corpus has entities whatever the recognizer: facets are not trivially equal.
  SearchRequest all;
  all.facet_values = 20;
  auto results = single->search(all);
  ASSERT_TRUE(results);
  EXPECT_GE(facet_values(*results), 10u);
  expect_same_searcher(*single, *sharded);
}

TEST_F(SyntheticShards, RemoteShardsSearchLikeOneIndex) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ShardServer first(shard_path(0)), second(shard_path(1));
  ASSERT_TRUE(first.running());
  ASSERT_TRUE(second.running());
  auto single = Searcher::Open(single_path());
  ASSERT_TRUE(single) << single.error().to_string();
  {
    SCOPED_TRACE("two remote shards and a local one");
    auto sharded = Searcher::Open({first.address(), second.address(), shard_path(2).string()});
    ASSERT_TRUE(sharded) << sharded.error().to_string();
    expect_same_searcher(*single, *sharded);
  }
  {
    SCOPED_TRACE("local first, then remote");
    auto sharded = Searcher::Open({shard_path(2).string(), second.address(), first.address()});
    ASSERT_TRUE(sharded) << sharded.error().to_string();
    expect_same_searcher(*single, *sharded);
  }
  {
    SCOPED_TRACE("one index served whole");
    ShardServer whole(single_path());
    ASSERT_TRUE(whole.running());
    auto remote = Searcher::Open(std::vector<std::string>{whole.address()});
    ASSERT_TRUE(remote) << remote.error().to_string();
    expect_same_searcher(*single, *remote);
  }
}

TEST_F(SyntheticShards, ShardThatGoesDownGivesAnErrorThenRecovers) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  auto server = std::make_unique<ShardServer>(shard_path(1));
  ASSERT_TRUE(server->running());
  const unsigned port = server->port();
  const std::string address = server->address();
  auto searcher = Searcher::Open({shard_path(0).string(), address, shard_path(2).string()});
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest request;
  request.query = "oil";
  auto before = searcher->search(request);
  ASSERT_TRUE(before) << before.error().to_string();

  server->stop();
  auto started = std::chrono::steady_clock::now();
  auto down = searcher->search(request);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable) << down.error().to_string();
  EXPECT_NE(down.error().message.find(address), std::string::npos) << down.error().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  std::cout << "[ note ] " << down.error().to_string() << "\n";
  // Still down: the reconnection fails the same way, quickly.
  auto still = searcher->suggest_entities("ma");
  ASSERT_FALSE(still);
  EXPECT_EQ(still.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(still.error().message.find(address), std::string::npos) << still.error().to_string();

  // Back on the same port: the next search reconnects.
  server = std::make_unique<ShardServer>(shard_path(1), port);
  if (!server->running()) GTEST_SKIP() << "could not restart the server on port " << port;
  auto after = searcher->search(request);
  ASSERT_TRUE(after) << after.error().to_string();
  expect_same_results(*before, *after, "after reconnecting");
}

TEST_F(SyntheticShards, ShardThatStopsAnsweringTimesOut) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ShardServer server(shard_path(1));
  ASSERT_TRUE(server.running());
  ::setenv("DOSSIER_REMOTE_TIMEOUT_MS", "1000", 1);
  auto searcher = Searcher::Open({shard_path(0).string(), server.address()});
  ::unsetenv("DOSSIER_REMOTE_TIMEOUT_MS");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest request;
  request.query = "election";
  ASSERT_TRUE(searcher->search(request));

  server.pause();  // alive but silent: a hung machine, not a closed connection
  auto started = std::chrono::steady_clock::now();
  auto hung = searcher->search(request);
  auto waited = std::chrono::steady_clock::now() - started;
  server.resume();
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().code, ErrorCode::kUnavailable) << hung.error().to_string();
  EXPECT_NE(hung.error().message.find(server.address()), std::string::npos)
      << hung.error().to_string();
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 8s);
  std::cout << "[ note ] " << hung.error().to_string() << "\n";
}

TEST_F(SyntheticShards, OpeningChecksShards) {
  auto bad = Searcher::Open(std::vector<std::string>{"tcp://127.0.0.1"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  bad = Searcher::Open(std::vector<std::string>{"tcp://127.0.0.1:70000"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  const std::string nobody = "tcp://127.0.0.1:" + std::to_string(free_port());
  auto started = std::chrono::steady_clock::now();
  auto refused = Searcher::Open({shard_path(0).string(), nobody});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << refused.error().to_string();
  EXPECT_NE(refused.error().message.find(nobody), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 8s);

  ScratchDir other("shards-other");
  AnalysisOptions french;
  french.language = "french";
  write_synthetic(other / "fr", [](const std::string&) { return true; }, french);
  auto mixed = Searcher::Open({shard_path(0).string(), (other / "fr").string()});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kIncompatible);

  // Shards must resolve filters alike: same alias file.
  {
    std::ofstream aliases(other / "aliases.txt");
    aliases << "person\tNicolás Maduro\tNM\n";
  }
  IndexOptions options;
  options.entity_aliases = other / "aliases.txt";
  ASSERT_TRUE(IndexWriter::Open(other / "aliased", options));
  auto aliased = Searcher::Open({shard_path(0).string(), (other / "aliased").string()});
  ASSERT_FALSE(aliased);
  EXPECT_EQ(aliased.error().code, ErrorCode::kIncompatible);
}

TEST_F(SyntheticShards, MergedShardsSearchLikeOneIndex) {
  std::vector<std::filesystem::path> shards;
  for (std::size_t k = 0; k < kShards; ++k) shards.push_back(shard_path(k));
  ASSERT_TRUE(merge_shards(shards, dir_ / "merged"));
  auto single = Searcher::Open(single_path());
  auto merged = Searcher::Open(dir_ / "merged");
  ASSERT_TRUE(single);
  ASSERT_TRUE(merged) << merged.error().to_string();
  expect_same_searcher(*single, *merged);
  // A merged index is an ordinary index: it takes more articles.
  {
    auto writer = IndexWriter::Open(dir_ / "merged");
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(Document{.id = "extra", .title = "Extra", .body = "oil"}));
    ASSERT_TRUE(writer->commit());
    EXPECT_EQ(*writer->document_count(), 61u);
  }

  auto again = merge_shards(shards, dir_ / "merged");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);  // output exists
  auto twice = merge_shards({shard_path(0), shard_path(0)}, dir_ / "twice");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument) << twice.error().to_string();
}

// A merged index says its articles all carry the canonical entity terms (which
// the two-phase facet count over remote shards relies on) only when every
// shard did; else a shard written before them would pass for complete.
TEST_F(SyntheticShards, AMergeClaimsFacetTermsOnlyWhenEveryShardHasThem) {
  const std::string flag(index::kFacetTermsKey);
  ASSERT_TRUE(merge_shards({shard_path(0), shard_path(2)}, dir_ / "complete"));
  EXPECT_EQ(Xapian::Database((dir_ / "complete").string()).get_metadata(flag), "1");
  {
    Xapian::WritableDatabase older(shard_path(1).string(), Xapian::DB_OPEN);
    older.set_metadata(flag, "");
    older.commit();
  }
  ASSERT_TRUE(merge_shards({shard_path(0), shard_path(1)}, dir_ / "mixed"));
  Xapian::Database mixed((dir_ / "mixed").string());
  EXPECT_EQ(mixed.get_metadata(flag), "");
  EXPECT_EQ(mixed.get_metadata(std::string(index::kCanonicalTermsKey)), "1");
}

// Shards that chose different display names for one entity: searching them
// together, and merging them in either order, shows the best one.
TEST(ShardNames, BestDisplayNameAcrossShards) {
  ScratchDir dir("shard-names");
  const std::string key = index::entity_name_key(EntityKind::kPerson, "nicolas maduro");
  auto make = [&](const std::string& name, const std::string& shown) {
    ASSERT_TRUE(IndexWriter::Open(dir / name));
    Xapian::WritableDatabase database((dir / name).string(), Xapian::DB_OPEN);
    database.set_metadata(key, shown);
    database.commit();
  };
  make("plain", "Nicolas Maduro");
  make("accented", "Nicolás Maduro");
  make("short", "Maduro");
  for (const auto& order : std::vector<std::vector<std::string>>{
           {"plain", "accented", "short"}, {"short", "accented", "plain"}}) {
    std::vector<std::filesystem::path> shards;
    Xapian::Database combined;
    std::vector<Xapian::Database> parts;
    for (const std::string& name : order) {
      shards.push_back(dir / name);
      parts.emplace_back((dir / name).string());
      combined.add_database(parts.back());
    }
    search::EntityCatalog catalog(combined, parts, false);
    EXPECT_EQ(catalog.name(EntityKind::kPerson, "nicolas maduro"), "Nicolás Maduro");
    EXPECT_EQ(catalog.name(EntityKind::kPerson, "nobody"), "nobody");
    const std::filesystem::path merged = dir / ("merged-" + order.front());
    ASSERT_TRUE(merge_shards(shards, merged));
    EXPECT_EQ(Xapian::Database(merged.string()).get_metadata(key), "Nicolás Maduro");
  }
}

TEST_F(SyntheticShards, XapianCompactOutputIsSearchable) {
  if (std::system("command -v xapian-compact >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xapian-compact is not installed (Debian: xapian-tools)";
  }
  std::string command = "xapian-compact";
  for (std::size_t k = 0; k < kShards; ++k) command += " '" + shard_path(k).string() + "'";
  command += " '" + (dir_ / "compacted").string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto single = Searcher::Open(single_path());
  auto compacted = Searcher::Open(dir_ / "compacted");
  ASSERT_TRUE(single);
  ASSERT_TRUE(compacted) << compacted.error().to_string();
  // Hits and facet counts are the same. Display names may not be: where shards
  // chose different names for one entity, xapian-compact keeps the first
  // shard's (merge_shards keeps the best).
  for (const auto& [name, request] : synthetic_requests()) {
    auto want = single->search(request);
    auto got = compacted->search(request);
    ASSERT_TRUE(want && got) << name;
    for (SearchResults* results : {&*want, &*got}) {
      for (Facet& facet : results->facets) {
        for (FacetValue& value : facet.top) value.name.clear();
      }
    }
    expect_same_results(*want, *got, name);
  }
}

// The real pipeline: corpus/ indexed by IndexWriter (entities from the
// recognizer), once whole and once split with shard_of, the shards served by
// xapian-tcpsrv.
TEST(CorpusShards, RemoteShardsSearchLikeOneIndex) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ScratchDir dir("corpus-shards");
  testing::index_corpus(dir / "single");
  {
    auto first = IndexWriter::Open(dir / "shard-0");
    auto second = IndexWriter::Open(dir / "shard-1");
    ASSERT_TRUE(first && second);
    auto report = read_text_folder(testing::kCorpusDir, [&](Document&& document) {
      return shard_of(document.id, 2) == 0 ? first->add_or_replace(std::move(document))
                                           : second->add_or_replace(std::move(document));
    });
    ASSERT_TRUE(report);
    ASSERT_TRUE(first->commit());
    ASSERT_TRUE(second->commit());
    ASSERT_GT(*first->document_count(), 0u);
    ASSERT_GT(*second->document_count(), 0u);
  }
  ShardServer first(dir / "shard-0"), second(dir / "shard-1");
  ASSERT_TRUE(first.running() && second.running());
  auto single = Searcher::Open(dir / "single");
  auto sharded = Searcher::Open({first.address(), second.address()});
  ASSERT_TRUE(single) << single.error().to_string();
  ASSERT_TRUE(sharded) << sharded.error().to_string();
  EXPECT_EQ(sharded->document_count(), 5u);

  // The model is built in (CMake refuses to configure without it), so the
  // corpus names people and places: facets must be non-empty, or their
  // equality below would prove nothing.
  for (const char* query : {"", "venezuela", "maduro", "president election", "\"national assembly\""}) {
    SearchRequest request;
    request.query = query;
    request.limit = 20;
    auto want = single->search(request);
    auto got = sharded->search(request);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    expect_same_results(*want, *got, std::string("query: ") + query);
    if (std::string_view(query).empty()) {
      EXPECT_GT(facet_values(*got), 0u) << "the recognizer finds entities, the shards none";
    }
  }
}

}  // namespace
}  // namespace dossier
