// Facets over remote shards by the two-phase count (search/term_facets.h):
// every reported count exact, the estimate flag, values found through the
// index-wide frequent list, and the older combination count for shards
// indexed before the XC terms. Servers are stock xapian-tcpsrv.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "dossier/sharding.h"
#include "index/schema.h"
#include "search/facet_column.h"
#include "search/query_parser.h"
#include "search/term_facets.h"
#include "shard_fixture.h"
#include "shard_server.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::ShardServer;

// Sets DOSSIER_FACET_SAMPLE for the scope: a sample of a few matches makes
// the 60-article corpus take the second phase.
class SampleSize {
 public:
  explicit SampleSize(unsigned matches) {
    setenv("DOSSIER_FACET_SAMPLE", std::to_string(matches).c_str(), 1);
  }
  ~SampleSize() { unsetenv("DOSSIER_FACET_SAMPLE"); }
};

// The synthetic shards, each served by its own xapian-tcpsrv.
class RemoteFacets : public testing::SyntheticShards {
 protected:
  void SetUp() override {
    SyntheticShards::SetUp();
    if (!testing::tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (xapian-tools)";
    for (std::size_t k = 0; k < kShards; ++k) {
      servers_.push_back(std::make_unique<ShardServer>(shard_path(k)));
      ASSERT_TRUE(servers_.back()->running());
    }
  }
  std::vector<std::string> addresses() const {
    std::vector<std::string> all;
    for (const auto& server : servers_) all.push_back(server->address());
    return all;
  }

  std::vector<std::unique_ptr<ShardServer>> servers_;
};

// Every value of every facet with its count, as the local index reports them
// when asked for all of them.
std::map<std::string, std::size_t> all_counts(Searcher& local, SearchRequest request) {
  request.facet_values = 1000;
  auto results = local.search(request);
  EXPECT_TRUE(results) << results.error().to_string();
  std::map<std::string, std::size_t> counts;
  if (!results) return counts;
  for (const Facet& facet : results->facets) {
    for (const FacetValue& value : facet.top) counts[std::string(to_string(facet.kind)) + ":" + value.key] = value.count;
  }
  for (const FieldFacet& facet : results->field_facets) {
    for (const FacetValue& value : facet.top) counts[facet.field + ":" + value.key] = value.count;
  }
  return counts;
}

TEST_F(RemoteFacets, EveryReportedCountIsExactWhenOnlyCandidatesAreCounted) {
  SampleSize sample(3);
  auto local = Searcher::Open(single_path());
  auto remote = Searcher::Open(addresses());
  ASSERT_TRUE(local) << local.error().to_string();
  ASSERT_TRUE(remote) << remote.error().to_string();
  std::size_t checked = 0, estimated = 0;
  for (auto [name, request] : testing::synthetic_requests()) {
    SCOPED_TRACE(name);
    request.facet_values = 3;
    auto want = local->search(request);
    auto got = remote->search(request);
    ASSERT_TRUE(want && got);
    EXPECT_EQ(got->total, want->total);
    EXPECT_TRUE(got->exact);
    // The timeline is counted whole.
    ASSERT_EQ(got->timeline.buckets.size(), want->timeline.buckets.size());
    for (std::size_t b = 0; b < want->timeline.buckets.size(); ++b) {
      EXPECT_EQ(got->timeline.buckets[b].count, want->timeline.buckets[b].count);
    }
    EXPECT_EQ(got->timeline.undated, want->timeline.undated);
    const std::map<std::string, std::size_t> truth = all_counts(*local, request);
    for (std::size_t f = 0; f < got->facets.size(); ++f) {
      const Facet& facet = got->facets[f];
      EXPECT_LE(facet.top.size(), 3u);
      EXPECT_LE(facet.distinct, want->facets[f].distinct);  // a lower bound
      estimated += !facet.distinct_exact;
      for (const FacetValue& value : facet.top) {
        auto found = truth.find(std::string(to_string(facet.kind)) + ":" + value.key);
        ASSERT_NE(found, truth.end()) << value.key;
        EXPECT_EQ(value.count, found->second) << value.key;
        ++checked;
      }
    }
    for (const FieldFacet& facet : got->field_facets) {
      for (const FacetValue& value : facet.top) {
        auto found = truth.find(facet.field + ":" + value.key);
        ASSERT_NE(found, truth.end()) << facet.field << ": " << value.key;
        EXPECT_EQ(value.count, found->second) << facet.field << ": " << value.key;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50u);
  EXPECT_GT(estimated, 0u) << "no search took the second phase: the test proves nothing";
}

TEST_F(RemoteFacets, EveryArticleGivesTheLocalTopValues) {
  // Over every article the index-wide frequent list is the answer: the top
  // values must be the local index's, in order, whatever the sample saw.
  SampleSize sample(2);
  auto local = Searcher::Open(single_path());
  auto remote = Searcher::Open(addresses());
  ASSERT_TRUE(local && remote);
  SearchRequest all;
  all.facet_values = 3;
  auto want = local->search(all);
  auto got = remote->search(all);
  ASSERT_TRUE(want && got);
  ASSERT_EQ(got->facets.size(), want->facets.size());
  for (std::size_t f = 0; f < want->facets.size(); ++f) {
    SCOPED_TRACE(to_string(want->facets[f].kind));
    EXPECT_FALSE(got->facets[f].distinct_exact);
    EXPECT_TRUE(want->facets[f].distinct_exact);
    ASSERT_EQ(got->facets[f].top.size(), want->facets[f].top.size());
    for (std::size_t v = 0; v < want->facets[f].top.size(); ++v) {
      EXPECT_EQ(got->facets[f].top[v].key, want->facets[f].top[v].key);
      EXPECT_EQ(got->facets[f].top[v].name, want->facets[f].top[v].name);
      EXPECT_EQ(got->facets[f].top[v].count, want->facets[f].top[v].count);
    }
  }
  for (std::size_t f = 0; f < want->field_facets.size(); ++f) {
    SCOPED_TRACE(want->field_facets[f].field);
    // Few combinations of field values: counted whole, distinct included.
    EXPECT_TRUE(got->field_facets[f].distinct_exact);
    EXPECT_EQ(got->field_facets[f].distinct, want->field_facets[f].distinct);
    ASSERT_EQ(got->field_facets[f].top.size(), want->field_facets[f].top.size());
    for (std::size_t v = 0; v < want->field_facets[f].top.size(); ++v) {
      EXPECT_EQ(got->field_facets[f].top[v].key, want->field_facets[f].top[v].key);
      EXPECT_EQ(got->field_facets[f].top[v].count, want->field_facets[f].top[v].count);
    }
  }
}

TEST_F(RemoteFacets, FrequentListFindsValuesTheSampleMissed) {
  // One server for the whole index, a sample of one match: the first article.
  ShardServer whole(single_path());
  ASSERT_TRUE(whole.running());
  Xapian::Database remote = Xapian::Remote::open("127.0.0.1", whole.port());
  std::set<std::string> sampled;
  index::for_each_entity_key(remote.get_document(1).get_value(index::kEntitiesSlot),
                             [&](EntityKind kind, std::string_view key) {
                               sampled.insert(index::canonical_entity_term(kind, key));
                             });
  const search::FacetTermFrequencies frequencies = search::FacetTermFrequencies::Read(remote);
  ASSERT_FALSE(frequencies.entities.empty());
  // Over every article the count of each entity is its article count.
  auto column = search::FacetColumn::Build(Xapian::Database(single_path().string()));
  std::map<std::string, std::uint32_t> truth;
  for (const search::EntityCount& key : column->keys()) {
    truth[index::canonical_entity_term(key.kind, key.key)] = key.documents;
  }
  search::KeyedCounts counts;
  const Xapian::doccount matches = search::count_by_terms(
      remote, Xapian::Query::MatchAll, frequencies, /*limit=*/2, counts, /*representatives=*/nullptr,
      /*connections=*/nullptr,
      /*sample=*/1);
  EXPECT_EQ(matches, remote.get_doccount());
  EXPECT_FALSE(counts.complete);
  std::size_t outside_sample = 0;
  for (const search::EntityCount& entity : counts.entities) {
    const std::string term = index::canonical_entity_term(entity.kind, entity.key);
    EXPECT_EQ(entity.documents, truth[term]) << term;
    outside_sample += !sampled.contains(term);
  }
  EXPECT_GT(outside_sample, 0u) << "every value came from the sample";
}

TEST_F(RemoteFacets, FewMatchesAreSampledWholeAndCountedExactly) {
  // For each search whose largest shard holds m >= 3 matches, a sample of s
  // a shard with s < m <= 1.5 s: more than the sample, few enough to sample
  // whole. Every value is then counted from the matches themselves:
  // `distinct` exact, and the top lists the local index's, in order.
  auto local = Searcher::Open(single_path());
  auto remote = Searcher::Open(addresses());
  ASSERT_TRUE(local && remote);
  std::vector<Searcher> shards;
  for (std::size_t k = 0; k < kShards; ++k) {
    auto shard = Searcher::Open(shard_path(k));
    ASSERT_TRUE(shard) << shard.error().to_string();
    shards.push_back(std::move(*shard));
  }
  std::size_t checked = 0;
  for (auto [name, request] : testing::synthetic_requests()) {
    SCOPED_TRACE(name);
    request.facet_values = 3;
    std::size_t largest_shard = 0;
    for (Searcher& shard : shards) {
      auto part = shard.search(request);
      ASSERT_TRUE(part) << part.error().to_string();
      largest_shard = std::max(largest_shard, part->total);
    }
    if (largest_shard < 3) continue;
    SampleSize sample(static_cast<unsigned>((2 * largest_shard + 2) / 3));  // ceil(m / 1.5)
    auto want = local->search(request);
    auto got = remote->search(request);
    ASSERT_TRUE(want && got);
    ++checked;
    ASSERT_EQ(got->facets.size(), want->facets.size());
    for (std::size_t f = 0; f < want->facets.size(); ++f) {
      EXPECT_TRUE(got->facets[f].distinct_exact);
      EXPECT_EQ(got->facets[f].distinct, want->facets[f].distinct);
      ASSERT_EQ(got->facets[f].top.size(), want->facets[f].top.size());
      for (std::size_t v = 0; v < want->facets[f].top.size(); ++v) {
        EXPECT_EQ(got->facets[f].top[v].key, want->facets[f].top[v].key);
        EXPECT_EQ(got->facets[f].top[v].count, want->facets[f].top[v].count);
      }
    }
  }
  EXPECT_GT(checked, 3u) << "too few requests match 3 articles on a shard: the test proves little";
}

// The values of keyword field "tag" over `matches` (field "kind" = "news"),
// counted by candidates over one xapian-tcpsrv serving `index`.
search::KeyedCounts count_tags(const std::filesystem::path& index, std::size_t limit,
                               Xapian::doccount sample) {
  ShardServer server(index);
  EXPECT_TRUE(server.running());
  Xapian::Database remote = Xapian::Remote::open("127.0.0.1", server.port());
  search::FacetTermFrequencies frequencies = search::FacetTermFrequencies::Read(remote);
  // As if a multi-valued field made too many combinations to count whole.
  frequencies.many_attribute_combinations = true;
  search::KeyedCounts counts;
  search::count_by_terms(remote, Xapian::Query(index::field_term("kind", "news")), frequencies,
                         limit, counts, nullptr, nullptr, sample);
  return counts;
}

TEST(RemoteFacetPruning, ACandidateThatCanTieTheWeakestKeptIsCounted) {
  // In docid order: two "zeta" matches (the sample: the first two), two
  // "alpha" ones, then an article that does not match. With one value to
  // report, "zeta" (seen twice) is counted first: 2. "alpha", unseen, can
  // have at most the two matches the sample did not see: a tie, which
  // "alpha" wins on its key, so it must be counted, not dropped.
  testing::ScratchDir dir("pruning");
  {
    auto writer = IndexWriter::Open(dir.path());
    ASSERT_TRUE(writer) << writer.error().to_string();
    const char* tags[] = {"zeta", "zeta", "alpha", "alpha", "alpha"};
    for (int i = 0; i < 5; ++i) {
      Document document;
      document.id = "a" + std::to_string(i);
      document.title = "Article " + std::to_string(i);
      document.body = "Some words of article number " + std::to_string(i) + ".";
      document.fields = {{"tag", tags[i]}, {"kind", i < 4 ? "news" : "other"}};
      ASSERT_TRUE(writer->add_or_replace(std::move(document)));
    }
    ASSERT_TRUE(writer->commit());
  }
  const search::KeyedCounts counts = count_tags(dir.path(), /*limit=*/1, /*sample=*/2);
  EXPECT_FALSE(counts.complete);
  std::map<std::string, std::size_t> tags;
  for (const search::AttributeKey& value : counts.attributes.values) {
    if (value.field == "tag") tags[value.value] = value.documents;
  }
  EXPECT_EQ(tags["zeta"], 2u);
  EXPECT_EQ(tags["alpha"], 2u) << "the tie was not counted";
}

// The counting connections outlive a commit: the next count reopens them at
// the new revision.
TEST_F(RemoteFacets, ACountAfterACommitSeesIt) {
  SampleSize sample(3);  // the two-phase count, on the counting connections
  auto remote = Searcher::Open(addresses());
  ASSERT_TRUE(remote) << remote.error().to_string();
  SearchRequest request;
  request.query = "oil";
  request.facet_values = 3;
  auto before = remote->search(request);
  ASSERT_TRUE(before) << before.error().to_string();
  Document late;
  late.id = "late-oil";
  late.title = "Oil prices";
  late.body = "Oil prices rose again on Monday as traders weighed new sanctions.";
  late.published = std::chrono::sys_days{std::chrono::year{2021} / 3 / 1};
  for (const std::filesystem::path& path : {single_path(), shard_path(shard_of(late.id, kShards))}) {
    IndexOptions options;
    options.recognize_entities = false;
    auto writer = IndexWriter::Open(path, options);
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(late));
    ASSERT_TRUE(writer->commit());
  }
  auto local = Searcher::Open(single_path());
  ASSERT_TRUE(local) << local.error().to_string();
  auto after = remote->search(request);
  auto want = local->search(request);
  ASSERT_TRUE(after && want);
  EXPECT_EQ(after->total, before->total + 1);
  EXPECT_EQ(after->total, want->total);
  EXPECT_TRUE(after->exact);
  ASSERT_EQ(after->timeline.buckets.size(), want->timeline.buckets.size());
  for (std::size_t b = 0; b < want->timeline.buckets.size(); ++b) {
    EXPECT_EQ(after->timeline.buckets[b].count, want->timeline.buckets[b].count) << b;
  }
}

TEST_F(RemoteFacets, ShardsIndexedBeforeFacetTermsCountCombinations) {
  // Shards whose index does not promise XC terms for every article fall back
  // to the exact count of value combinations.
  for (std::size_t k = 0; k < kShards; ++k) {
    servers_[k]->stop();
    Xapian::WritableDatabase shard(shard_path(k).string(), Xapian::DB_OPEN);
    shard.set_metadata(std::string(index::kFacetTermsKey), "");
    shard.commit();
  }
  servers_.clear();
  for (std::size_t k = 0; k < kShards; ++k) {
    servers_.push_back(std::make_unique<ShardServer>(shard_path(k)));
    ASSERT_TRUE(servers_.back()->running());
  }
  SampleSize sample(2);  // would take the second phase if the terms were used
  auto local = Searcher::Open(single_path());
  auto remote = Searcher::Open(addresses());
  ASSERT_TRUE(local && remote);
  testing::expect_same_searcher(*local, *remote);
}

}  // namespace
}  // namespace dossier
