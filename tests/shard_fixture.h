// The shared fixture of the shard tests (shards_test.cc, remote_facets_test.cc):
// a synthetic corpus whose entities are known, written whole and split into
// shards, and the comparisons of a sharded Searcher with one index.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dossier/dossier.h"
#include "test_support.h"

namespace dossier::testing {

// Writes the synthetic articles for which keep(id) holds into a new index at
// `directory` (60 articles in all, entities given, not recognised).
void write_synthetic(const std::filesystem::path& directory,
                     const std::function<bool(const std::string&)>& keep,
                     const AnalysisOptions& analysis = {});

// Expects the same hits, order, scores, snippets, facets and timeline.
void expect_same_results(const SearchResults& expected, const SearchResults& actual,
                         const std::string& what);

// Entity facet values in `results`, all kinds together.
std::size_t facet_values(const SearchResults& results);

// The requests every sharded Searcher is compared on, by name.
std::vector<std::pair<std::string, SearchRequest>> synthetic_requests();

// Every synthetic request, suggestions and get() on both.
void expect_same_searcher(Searcher& single, Searcher& sharded);

// One index of the synthetic corpus, and the same articles split into shards.
class SyntheticShards : public ::testing::Test {
 protected:
  static constexpr std::size_t kShards = 3;

  void SetUp() override;

  std::filesystem::path single_path() const { return dir_ / "single"; }
  std::filesystem::path shard_path(std::size_t k) const {
    return dir_ / ("shard-" + std::to_string(k));
  }
  std::vector<std::string> local_shards() const;

  ScratchDir dir_{"shards"};
};

}  // namespace dossier::testing
