// Entity facets: exact counts of the entities named by every matching article.
//
// Four ways to count, chosen per Searcher by EntityCatalog:
//
//  - One local index: FacetCounter reads the in-memory column (docid ->
//    entity ordinals, facet_column.h) that every Searcher of the index in the
//    process shares, so the per-document cost is a few array reads, not a
//    value-slot lookup in the database. Boolean queries give it their matches
//    straight from the posting lists (match_walk.h), others through Xapian's
//    matcher with it as a MatchSpy.
//
//  - Several local shards: the same, shard by shard, each with its own
//    column (a document met in a multi-database match reports its docid
//    within its shard, Xapian 1.4, so a column only serves its own shard);
//    the counts are merged by key.
//
//  - Any remote shard: the two-phase count of term_facets.h (a sample for
//    candidates, then an exact count-only query per candidate), whose bytes
//    and time do not grow with the matches. Stock xapian-tcpsrv servers run
//    all of it: nothing but Xapian's own spy and queries.
//
//  - Remote shards indexed before the XC terms (index::kFacetTermsKey
//    unset): Xapian's built-in ValueCountMatchSpy on kEntitiesSlot, counting
//    each distinct *combination* value (an article's whole list of entity
//    keys); the client splits every combination into its keys and sums.
//    Exact, but the server sends one string per distinct combination.
//
// Every way ends in the one place that turns counted keys into reported
// FacetValues (top_facets in facets.cc).
//
// The source, keyword-field and timeline facets (field_facets.h) count the
// same ways: the attribute column beside the entity column, XF terms, or
// ValueCountMatchSpy on kAttributesSlot (combinations split like entities')
// and on kPublishedSlot (one value per day).
//
// Display names are metadata, which Xapian reads from the first shard only on
// a combined database; EntityCatalog reads them from every shard and keeps
// the best (the rule the writer uses within one index).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dossier/searcher.h"
#include "index/schema.h"
#include "search/entity_representatives.h"
#include "search/facet_column.h"
#include "search/field_facets.h"
#include "search/term_facets.h"

namespace dossier::search {

class EntityCatalog;

// Counters by ordinal, all zero between searches, and the ones a search
// made non-zero, so that a search neither allocates nor clears a counter per
// value of the index: it resets only the ones it touched. Noting them costs
// no branch (often mispredicted): each ordinal counted is written after the
// list, which grows over it only when its counter was zero.
//
// Once a search has noted as many counts as there are counters in use,
// noting each first count costs more than finding them all in one pass over
// the counters: from then on (`dense`), counting is a bare increment, and
// the counted ones are found by that pass.
struct TouchedCounters {
  std::vector<std::uint32_t> counts;
  std::vector<std::uint32_t> touched;  // one longer than counts
  std::size_t touched_count = 0;
  std::size_t noted = 0;  // counts noted in `touched` this search
  bool dense = false;

  // Room for ordinals below `size` (a newer column may know more values).
  void grow(std::size_t size) {
    if (counts.size() >= size) return;
    counts.resize(size, 0);
    touched.resize(size + 1);
  }
  // Counts `ordinal`, noting a first count; inline for the counting loops.
  void count(std::uint32_t ordinal) {
    touched[touched_count] = ordinal;
    touched_count += counts[ordinal]++ == 0;
  }
  // After count() was called `counted` more times, with `size` counters in
  // use: whether to count densely from now on. `projected`: how many counts
  // the whole search will make at this rate, when known (else 0); reaching
  // `size` then makes it dense at once, sparing the noting.
  void add_noted(std::size_t counted, std::size_t size, std::size_t projected = 0) {
    noted += counted;
    dense = noted >= size || projected >= size;
  }
  std::span<const std::uint32_t> touched_ordinals() const { return {touched.data(), touched_count}; }
  // Calls on_counted(ordinal) for each ordinal below `size` counted at least
  // once: in ascending order when dense, in the order first met otherwise.
  template <typename OnCounted>
  void for_each_counted(std::size_t size, OnCounted&& on_counted) const {
    if (!dense) {
      for (std::uint32_t ordinal : touched_ordinals()) on_counted(ordinal);
      return;
    }
    for (std::uint32_t ordinal = 0; ordinal < size; ++ordinal) {
      if (counts[ordinal] != 0) on_counted(ordinal);
    }
  }
  // All zero again, ready for the next search.
  void clear();
};

// What FacetCounter counts into, kept by the catalog from one search to the
// next (see TouchedCounters).
struct FacetTally {
  TouchedCounters entities;    // by entity ordinal
  TouchedCounters attributes;  // by attribute ordinal (attribute_column.h)
  // By day since AttributeColumn::first_day(): a search costs the days it
  // meets, not the index's range.
  TouchedCounters days;
  std::uint32_t undated = 0;
  // Dense entity counting's 16-bit counters, when every row names an entity
  // at most once (FacetCounter::count): half the bytes of entities.counts, so
  // that more of the counters an article increments stay in the nearest
  // cache. Added into entities.counts before a 16-bit counter could overflow
  // and at finish(); all zero between searches.
  std::vector<std::uint16_t> narrow;
};

// Counts, per matching document, each entity it names. Not thread-safe; one
// per search. Not serialisable, and keyed by docid: one local database only.
class FacetCounter : public Xapian::MatchSpy {
 public:
  // With `representatives`, each article counts once for each entity its
  // keys stand for (entity_representatives.h: their counted_rows), under the
  // representative's ordinal.
  FacetCounter(std::shared_ptr<const FacetColumn> column, FacetTally& tally,
               const EntityRepresentatives* representatives = nullptr);
  ~FacetCounter() override;  // leaves `tally` all zero again
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  void operator()(const Xapian::Document& document, double weight) override;
  // Over several local shards the column is the combined database's, whose
  // docids interleave the shards' (Xapian: (docid - 1) * shards + shard + 1);
  // the matcher of one shard gives that shard's docids.
  void set_shard(std::uint32_t shard, std::uint32_t shards) {
    shard_ = shard;
    shards_ = shards;
  }
  // Counts each of `docids`, docids of the shard set_shard() named (they are
  // rewritten to the column's).
  void count_in_shard(std::span<Xapian::docid> docids);
  // Counts each of `docids`, the column's own.
  void count(std::span<const Xapian::docid> docids);
  // The search gives `matches` more documents to count (a shard's, when
  // walking shards), or a number not known (nullopt): lets counting turn
  // dense (TouchedCounters) as soon as the first batch shows it will.
  void expect_matches(std::optional<Xapian::doccount> matches) {
    if (matches) {
      expected_matches_ += *matches;
    } else {
      matches_unknown_ = true;
    }
  }
  // Call once every match is counted, before reading what was counted: adds
  // the 16-bit counters into the 32-bit ones.
  void finish();
  // What count() saw of sources, keyword fields and dates.
  AttributeCounts attribute_counts() const;

  // The top `limit` values of each kind, with display names from `names`.
  std::vector<Facet> facets(EntityCatalog& names, std::size_t limit) const;

 private:
  std::shared_ptr<const FacetColumn> column_;
  const AttributeColumn* attributes_ = nullptr;  // owned by column_
  // What each article counts for: the column's rows, or the
  // representatives' counted_rows (owned by them).
  const DocidRows* rows_ = nullptr;
  // Ranking walks the touched ordinals while the counting is sparse, and
  // every counter only once it is dense (TouchedCounters).
  FacetTally& tally_;
  // The counts the whole search will make, at the rate of `counted` over
  // the first `documents` (0: not known).
  std::size_t projected(std::size_t counted, std::size_t documents) const {
    // (No division when nothing was expected: Xapian's matcher gives its
    // matches one at a time.)
    if (matches_unknown_ || expected_matches_ == 0 || documents == 0) return 0;
    return counted * expected_matches_ / documents;
  }
  void count_attributes(std::span<const Xapian::docid> docids);
  // Adds tally_.narrow into tally_.entities.counts, zeroing it.
  void add_narrow();

  // Documents a 16-bit counter may count before it is added into its 32-bit
  // one: each grows by at most one a document.
  static constexpr std::size_t kNarrowDocuments = UINT16_MAX;
  // Whether dense counting goes to tally_.narrow: rows_ names an entity at
  // most once a row (counted_rows do; the column's own rows need not).
  bool narrow_ = false;
  std::size_t narrow_documents_ = 0;  // counted into tally_.narrow since added

  std::size_t expected_matches_ = 0;  // as expect_matches() said
  bool matches_unknown_ = false;
  std::size_t counted_docs_ = 0;
  std::uint32_t shard_ = 0;
  std::uint32_t shards_ = 1;
};

// Facet counting for one search, whichever way the catalog chose: count()
// every match of the query, then read facets() and matches().
class FacetCounting {
 public:
  FacetCounting() = default;
  ~FacetCounting();  // waits for a count start() left running, dropping its errors
  FacetCounting(const FacetCounting&) = delete;
  FacetCounting& operator=(const FacetCounting&) = delete;

  void count(const Xapian::Database& database, const Xapian::Query& query) {
    start(query);
    finish(database, query);
  }
  // Starts counting `query` on a thread of its own when the count runs on
  // connections of its own (remote shards), so that the caller may use its
  // database meanwhile (the ranked page, its documents); otherwise nothing.
  void start(const Xapian::Query& query);
  // Counts `query` over `database` if start() did not, or waits for the
  // count start() began; rethrows what that count threw.
  void finish(const Xapian::Database& database, const Xapian::Query& query);
  std::vector<Facet> facets(EntityCatalog& names, std::size_t limit) const;
  AttributeCounts attribute_counts() const;
  // The exact number of matches, known once count() has run.
  Xapian::doccount matches() const { return matches_; }

 private:
  friend class EntityCatalog;
  // Counts `query` over one local database into `counter`; returns matches.
  static Xapian::doccount count_local(const Xapian::Database& database, const Xapian::Query& query,
                                      FacetCounter* counter);
  void count_parts(const Xapian::Query& query);

  // One local index, or several local shards (then the combined database's
  // column, each shard walked on its own: `parts_`).
  std::optional<FacetCounter> column_;
  const std::vector<Xapian::Database>* parts_ = nullptr;
  // Remote shards with XC terms: the two-phase count, by representative.
  const FacetTermFrequencies* frequencies_ = nullptr;
  const EntityRepresentatives* representatives_ = nullptr;
  CountingConnections* connections_ = nullptr;  // may be null
  std::size_t limit_ = 0;
  std::optional<KeyedCounts> keyed_;  // what the two-phase count counted
  std::optional<Xapian::ValueCountMatchSpy> combinations_;
  std::optional<Xapian::ValueCountMatchSpy> attribute_combinations_;
  std::optional<Xapian::ValueCountMatchSpy> days_;
  bool local_ = false;  // no remote shard: posting lists are cheap to walk
  bool started_ = false;  // a count runs on connections_->background
  Xapian::doccount matches_ = 0;
};

// What a Searcher knows about the entities of its shards, derived once per
// index revision. Not thread-safe (one per Searcher).
class EntityCatalog {
 public:
  // `combined` is every part added to one database; `any_remote` when a part
  // is a remote (xapian-tcpsrv) database.
  // `shards` are their names (Searcher::Open), to open more connections for
  // the two-phase count (term_facets.h); without them it counts on `combined`.
  EntityCatalog(Xapian::Database combined, std::vector<Xapian::Database> parts, bool any_remote,
                std::vector<std::string> shards = {});
  EntityCatalog() = default;  // no shards: to be assigned

  // Forgets everything derived from an older revision (after reopen()).
  void reset();

  // A fresh counter for one search, for `facet_values` values per facet
  // (SearchRequest::facet_values); with 0 it only counts matches.
  std::unique_ptr<FacetCounting> counting(std::size_t facet_values);

  // Every entity of the index with the number of articles naming it. Local
  // shards: read from the value streams. Remote ones: a match-all search with
  // a ValueCountMatchSpy, since a remote value stream costs a round trip per
  // document.
  const std::vector<EntityCount>& totals();

  // For each entity of totals(), the entity it stands for across the index
  // (entities/collection.h). Derived once per revision from the keys alone,
  // so that the first search after a commit pays no pass over the articles
  // (one local index: carried over from the previous revision when it can,
  // and shared by every Searcher of the index); `documents` sums the forms'
  // articles.
  using Representatives = EntityRepresentatives;
  const Representatives& representatives();
  // The same with `documents` counting each article once (one local index or
  // several local shards: a pass over the column), for suggestions; derived
  // on the first suggestion of a revision.
  const Representatives& counted_representatives();

  // The display name of an entity: the best one any shard stores (by
  // entities::Resolver::better_display_name; the first shard wins ties), or
  // its key when none is stored.
  const std::string& name(EntityKind kind, const std::string& key);

  // The keyword field names every shard's schema lists, sorted (a shard whose
  // schema cannot be read was refused by open_shards).
  const std::vector<std::string>& field_names();

  // Whether every shard (or the one index) has the every-article flag
  // `flag_key` set (index/schema.h: kFacetTermsKey, kCopyOutletTermsKey):
  // read once per revision.
  bool every_shard_flagged(std::string_view flag_key);

 private:
  const FacetColumn& column();
  const std::shared_ptr<const FacetColumn>& column_ptr();
  // Whether every shard has XC terms (index::kFacetTermsKey).
  bool facet_terms() { return every_shard_flagged(index::kFacetTermsKey); }
  // Their frequencies: read once per revision.
  const FacetTermFrequencies& frequencies();
  CountingConnections* connections();

  Xapian::Database combined_;
  std::vector<Xapian::Database> parts_;
  bool any_remote_ = false;
  bool use_column_ = true;  // one local database
  std::shared_ptr<const FacetColumn> column_;
  // The shared column's keys (local shards) or remote_totals_.
  const std::vector<EntityCount>* totals_ = nullptr;
  std::vector<EntityCount> remote_totals_;
  // One local index: shared with the index's other Searchers (SharedRepresentatives).
  std::shared_ptr<const Representatives> representatives_;
  std::optional<Representatives> counted_representatives_;
  std::unordered_map<std::string, std::string> names_;  // kind code + key -> name
  std::optional<std::vector<std::string>> field_names_;
  FacetTally tally_;  // lent to each search's FacetCounter
  std::unordered_map<std::string, bool> flags_;  // every_shard_flagged's, by key
  std::optional<FacetTermFrequencies> frequencies_;
  std::vector<std::string> shards_;
  // Opened at the first two-phase count (null: none could be); kept across
  // revisions, reopened at the next count after one.
  std::unique_ptr<CountingConnections> connections_;
  bool connections_tried_ = false;
  bool connections_stale_ = false;  // a newer revision came: reopen them first
};

// Per-entity counts from a ValueCountMatchSpy on kEntitiesSlot: splits each
// combination into its keys. Sorted by kind code, then key.
std::vector<EntityCount> split_combinations(const Xapian::ValueCountMatchSpy& spy);

}  // namespace dossier::search
