// Facets over remote shards at a cost that does not grow with the matches
// (issue 17): a two-phase count, in the manner of a terms aggregation.
//
//  0. Every match, counted whole for the exact total and the timeline
//     (ValueCountMatchSpy on the day slot: one value per distinct day,
//     bounded by the index's date range, not by the matches), and, when the
//     index's fields allow few combinations (FacetTermFrequencies::
//     attribute_combinations), the sources and keyword fields the same way
//     (ValueCountMatchSpy on the attribute combinations): exact, and no
//     candidate of theirs is counted.
//  1. Candidates. A sample of about kSampleMatches matches a shard, counted
//     by ValueCountMatchSpy on the entity and attribute combinations: drawn
//     at random (the matches whose copy group key, a hash, falls in a share
//     of the hash space sized by the number of matches), or the first
//     matches when that share would be large or the index has no such keys.
//     Plus the values most articles of the whole index have
//     (FacetTermFrequencies, read once per revision). Few matches (up to
//     1.5 times the sample a shard) are sampled whole: every count then
//     comes from the sample, exact, and no candidate is counted.
//  2. Exact counts. Each candidate is counted within the match set by a
//     count-only query, `query FILTER term`: the XC canonical-entity term
//     (index/schema.h) or the XF field term. Xapian sends back a few hundred
//     bytes for it, whatever the number of matches. Strongest first (most
//     seen in the sample), each facet's candidates are counted only while
//     one can still enter the facet's top: not once `limit` counted values
//     all exceed what it can have. That is at most its articles in the index
//     and the matches; after a sample of the first matches, at most what the
//     sample saw plus the matches it did not see; after a random sample, its
//     share there with a margin (likely_at_most: this one can drop a value
//     that belonged in the top, never report a wrong count). Over every
//     article a count is an index-wide number: a value's term frequency,
//     or, for an entity of several forms, its first count, kept for the
//     revision (FacetTermFrequencies::every_article_counts).
//
// With counting connections the whole count runs on them, beside the
// Searcher's own connection (the ranked page, its documents), and the
// candidates of every facet are counted on all of them at once.
//
// What is exact: every reported count, the timeline, the total. What is not:
// `distinct` for entities and for fields counted by candidates (the values
// seen, a lower bound; Facet::distinct_exact says), and a value outside the
// sample and the index-wide frequent list, or dropped by the sample's
// estimate, can be missing from the top (bench/README.md measures how often).
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
  Xapian::doccount documents = 0;  // articles in the index
  // The most distinct combinations of source and field values the articles
  // can have if each has at most one value per field (the product of each
  // field's values + 1), saturating.
  std::size_t attribute_combinations = 0;
  // Set by the first count that met more combinations than that allows
  // (a multi-valued field): sources and fields are counted by terms since.
  mutable bool many_attribute_combinations = false;
  // Over every article, the count of each entity whose forms are OR-ed (its
  // representative, entity_representatives.h) is an index-wide number too:
  // kept here once counted, so that later searches over every article of
  // this revision send no query for it. By counted term; written by
  // count_by_terms on the thread that runs it.
  mutable std::map<std::string, Xapian::doccount> every_article_counts;
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

// Extra connections to the shards, each combining every shard, with a thread
// for each: count-only queries run on them in parallel, so that their round
// trips overlap. `background` runs a whole count beside the owner, who may
// meanwhile use its own connections (the ranked page). Not thread-safe (one
// owner).
struct CountingConnections {
  explicit CountingConnections(std::vector<Xapian::Database> connections);
  std::vector<Xapian::Database> databases;
  util::WorkerPool pool;  // one thread per database
  util::WorkerPool background{1};
};

// Runs the two phases for `query` over `database` (every shard combined).
// `limit` is SearchRequest::facet_values. With `representatives`, entities
// are counted as the entity each key stands for (entity_representatives.h):
// a candidate is a representative, counted by the XC terms of all its forms
// OR-ed, so an article naming two forms counts once. With `connections`
// every query runs on them and `database` is not used (another thread may be
// using it); without, everything runs on `database`, one query after the
// other. Returns the exact number of matches.
Xapian::doccount count_by_terms(const Xapian::Database& database, const Xapian::Query& query,
                                const FacetTermFrequencies& frequencies, std::size_t limit,
                                KeyedCounts& counts,
                                const EntityRepresentatives* representatives = nullptr,
                                CountingConnections* connections = nullptr,
                                Xapian::doccount sample = facet_sample_size());

}  // namespace dossier::search
