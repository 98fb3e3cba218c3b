// Facets over remote shards at a cost that does not grow with the matches
// (issue 17): a two-phase count, in the manner of a terms aggregation.
//
//  1. Candidates. A bounded sample of the matches (the first kSampleMatches
//     each shard's matcher meets) counted by Xapian's ValueCountMatchSpy on
//     the entity and attribute combinations, plus the values most articles of
//     the whole index have (FacetTermFrequencies, read once per revision).
//  2. Exact counts. Each candidate is counted within the match set by a
//     count-only query, `query FILTER term`: the XC canonical-entity term
//     (index/schema.h) or the XF field term. Xapian sends back a few hundred
//     bytes for it, whatever the number of matches. A candidate whose count
//     over the whole index (its term frequency) cannot beat the weakest value
//     already kept is not counted.
//
// The timeline is counted whole (ValueCountMatchSpy on the day slot: one
// value per distinct day, bounded by the index's date range, not by the
// matches); so is the number of matches. When the sample holds every match,
// the spies' counts are already exact and step 2 is skipped.
//
// What is exact: every reported count, the timeline, the total. What is not:
// `distinct` (the values seen, a lower bound; Facet::distinct_exact says),
// and a value outside the sample and the index-wide frequent list can be
// missing from the top (bench/README.md measures how often).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "search/entity_representatives.h"
#include "search/facet_column.h"
#include "search/field_facets.h"
#include "util/worker_pool.h"

namespace dossier::search {

// Matches each shard samples for candidates: each sampled article costs about
// 200 bytes when its combination is new (measured, issue 17). The
// environment variable DOSSIER_FACET_SAMPLE overrides it (tests use a small
// sample to reach the second phase on a small corpus).
inline constexpr Xapian::doccount kSampleMatches = 100;
Xapian::doccount facet_sample_size();

// The index-wide number of articles of every entity (XC terms) and every
// source and field value (XF terms): term frequencies, read once per revision
// with one allterms call per prefix. Immutable.
struct FacetTermFrequencies {
  std::vector<EntityCount> entities;     // sorted by kind, then key
  std::vector<AttributeKey> attributes;  // sorted by field, then value
  // Indexes into the above: by kind (field), then most articles first.
  std::vector<std::uint32_t> entities_by_frequency;
  std::vector<std::uint32_t> attributes_by_frequency;
  // Every XC and XF term with its frequency, in byte order.
  std::vector<std::pair<std::string, Xapian::doccount>> terms;

  static FacetTermFrequencies Read(const Xapian::Database& database);
  // The articles of the whole index that have `term`; none known: the most
  // there can be.
  Xapian::doccount frequency(const std::string& term) const;
};

// What a search over several shards counted, keyed by value: the one shape
// every way of counting over shards hands to the reporting (facets.h).
struct KeyedCounts {
  std::vector<EntityCount> entities;  // documents = matching articles; any order
  AttributeCounts attributes;
  // False when only candidates were counted: the distinct numbers below are
  // then the values seen (a lower bound), not all of them.
  bool complete = true;
  std::size_t entity_distinct[3] = {0, 0, 0};  // by EntityKind
};

// Extra connections to the shards, each combining every shard, and a thread
// for each: count-only queries run on them in parallel, so that their round
// trips overlap. Not thread-safe (one owner).
struct CountingConnections {
  explicit CountingConnections(std::vector<Xapian::Database> connections);
  std::vector<Xapian::Database> databases;
  util::WorkerPool pool;
};

// Runs the two phases for `query` over `database` (every shard combined).
// `limit` is SearchRequest::facet_values. With `representatives`, entities
// are counted as the entity each key stands for (entity_representatives.h):
// a candidate is a representative, counted by the XC terms of all its forms
// OR-ed, so an article naming two forms counts once. Returns the exact
// number of matches.
Xapian::doccount count_by_terms(const Xapian::Database& database, const Xapian::Query& query,
                                const FacetTermFrequencies& frequencies, std::size_t limit,
                                KeyedCounts& counts,
                                const EntityRepresentatives* representatives = nullptr,
                                CountingConnections* connections = nullptr,
                                Xapian::doccount sample = facet_sample_size());

}  // namespace dossier::search
