#include "search/facets.h"

#include <algorithm>

#include "entities/display_name.h"
#include "index/schema.h"
#include "search/match_walk.h"
#include "search/query_parser.h"
#include "search/shards.h"

namespace dossier::search {
namespace {

// Connections per remote shard for the two-phase count beyond the Searcher's
// own: count-only queries are a round trip each, and these overlap them.
// (Some 35 queries a search: 4 and 8 took the same time at a load of 6-11 on
// 2 cores, 16 longer; bench/README.md.)
constexpr unsigned kCountingConnections = 4;

constexpr EntityKind kKinds[] = {EntityKind::kPerson, EntityKind::kPlace,
                                 EntityKind::kOrganization};

// The top `limit` of `counted` (entity, matching articles) for each kind: most
// frequent first, ties by key, so that every way of counting gives the same
// result for the same matches. One pass over `counted`, keeping the best
// `limit` of each kind in a heap: it runs on every facet search, over every
// entity the matches name.
// Ties go to the key first in (kind, key) order: rank_of(item) compares as
// keys do (FacetColumn::rank), without comparing strings.
template <typename KindOf, typename KeyOf, typename CountOf, typename RankOf>
std::vector<Facet> top_facets(std::span<const std::uint32_t> counted, KindOf&& kind_of,
                              KeyOf&& key_of, CountOf&& count_of, RankOf&& rank_of,
                              EntityCatalog& names, std::size_t limit) {
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    const std::size_t count_a = count_of(a), count_b = count_of(b);
    if (count_a != count_b) return count_a > count_b;
    return rank_of(a) < rank_of(b);
  };
  constexpr std::size_t kKindCount = std::size(kKinds);
  std::vector<std::uint32_t> best[kKindCount];  // heaps, the weakest on top
  std::size_t distinct[kKindCount] = {};
  // The count an item needs to be considered for a kind's full heap (its
  // weakest's): most items have fewer and cost one comparison.
  std::size_t floor[kKindCount] = {};
  for (std::uint32_t item : counted) {
    const auto kind = static_cast<std::size_t>(kind_of(item));
    ++distinct[kind];
    if (count_of(item) < floor[kind]) continue;
    std::vector<std::uint32_t>& heap = best[kind];
    if (heap.size() < limit) {
      heap.push_back(item);
      std::push_heap(heap.begin(), heap.end(), before);
    } else if (limit > 0 && before(item, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), before);
      heap.back() = item;
      std::push_heap(heap.begin(), heap.end(), before);
    } else {
      continue;
    }
    if (heap.size() == limit) floor[kind] = count_of(heap.front());
  }
  std::vector<Facet> facets;
  for (EntityKind kind : kKinds) {
    std::vector<std::uint32_t>& top = best[static_cast<std::size_t>(kind)];
    std::sort_heap(top.begin(), top.end(), before);
    Facet facet;
    facet.kind = kind;
    facet.distinct = distinct[static_cast<std::size_t>(kind)];
    for (std::uint32_t item : top) {
      const EntityCount& key = key_of(item);
      facet.top.push_back({key.key, names.name(kind, key.key), count_of(item)});
    }
    facets.push_back(std::move(facet));
  }
  return facets;
}

std::string lookup_key(EntityKind kind, std::string_view key) {
  std::string lookup(1, index::entity_kind_code(kind));
  lookup += key;
  return lookup;
}

// Facets from counts keyed by value (several shards): sorted by kind and
// key first, the order top_facets breaks ties in.
std::vector<Facet> keyed_facets(std::vector<EntityCount> counted, EntityCatalog& names,
                                std::size_t limit) {
  std::sort(counted.begin(), counted.end(), [](const EntityCount& a, const EntityCount& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.key < b.key;
  });
  std::vector<std::uint32_t> items(counted.size());
  for (std::uint32_t i = 0; i < items.size(); ++i) items[i] = i;
  return top_facets(
      items, [&](std::uint32_t i) { return counted[i].kind; },
      [&](std::uint32_t i) -> const EntityCount& { return counted[i]; },
      [&](std::uint32_t i) -> std::size_t { return counted[i].documents; },
      [](std::uint32_t i) { return i; }, names, limit);
}

}  // namespace

FacetCounter::FacetCounter(std::shared_ptr<const FacetColumn> column, FacetTally& tally,
                           const EntityRepresentatives* representatives)
    : column_(std::move(column)), attributes_(column_->attributes().get()), tally_(tally) {
  rows_ = representatives && representatives->counted_rows ? representatives->counted_rows.get()
                                                            : &column_->rows();
  tally_.entities.grow(column_->size());
  tally_.entities.clear();
  if (attributes_) {
    tally_.attributes.grow(attributes_->size());
    tally_.attributes.clear();
    // A newer column may start on an earlier day: the counters are offsets
    // from first_day(), all zero between searches, so only growing is needed.
    tally_.days.grow(static_cast<std::size_t>(std::max<std::int64_t>(
        0, std::int64_t{attributes_->last_day()} - attributes_->first_day() + 1)));
    tally_.days.clear();
    tally_.undated = 0;
  }
}

FacetCounter::~FacetCounter() {
  if (dense_) {  // touched lists only what finish() found
    // fill_n, not memset: an index that names no entity has no counters at all.
    std::fill_n(tally_.entities.counts.data(), column_->size(), std::uint32_t{0});
    tally_.entities.touched_count = 0;
  } else {
    tally_.entities.clear();
  }
  tally_.attributes.clear();
  tally_.days.clear();
}

AttributeCounts FacetCounter::attribute_counts() const {
  AttributeCounts counts;
  if (!attributes_) return counts;
  for (std::uint32_t ordinal : tally_.attributes.touched_ordinals()) {
    const AttributeKey& key = attributes_->key(ordinal);
    counts.values.push_back({key.field, key.value, tally_.attributes.counts[ordinal]});
  }
  const std::span<const std::uint32_t> touched = tally_.days.touched_ordinals();
  std::vector<std::uint32_t> days(touched.begin(), touched.end());
  std::sort(days.begin(), days.end());
  for (std::uint32_t offset : days) {
    counts.days.emplace_back(attributes_->first_day() + static_cast<std::int32_t>(offset),
                             tally_.days.counts[offset]);
  }
  counts.undated = tally_.undated;
  return counts;
}

void FacetCounter::operator()(const Xapian::Document& document, double) {
  Xapian::docid docid = document.get_docid();
  count_in_shard(std::span(&docid, 1));
}

void FacetCounter::count_in_shard(std::span<Xapian::docid> docids) {
  if (shards_ > 1) {
    for (Xapian::docid& docid : docids) docid = (docid - 1) * shards_ + shard_ + 1;
  }
  count(docids);
}

void FacetCounter::count(std::span<const Xapian::docid> docids) {
  auto next = docids.begin();
  if (!dense_) {
    // On a copy, so that the compiler keeps the list's length in a register.
    TouchedCounters entities = std::move(tally_.entities);
    const std::size_t keys = column_->size();
    for (; next != docids.end() && counted_keys_ < keys; ++next) {
      auto [begin, end] = rows_->row(*next);
      for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) entities.count(*ordinal);
      counted_keys_ += static_cast<std::size_t>(end - begin);
    }
    tally_.entities = std::move(entities);
    dense_ = counted_keys_ >= keys;
  }
  // Dense: as many keys counted as the index has, finish() finds the
  // touched ones in a pass no longer than noting them as they come.
  std::uint32_t* counts = tally_.entities.counts.data();
  for (; next != docids.end(); ++next) {
    auto [begin, end] = rows_->row(*next);
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) ++counts[*ordinal];
  }
  if (attributes_) count_attributes(docids);
}

void FacetCounter::finish() {
  if (!dense_) return;
  TouchedCounters& entities = tally_.entities;
  const std::uint32_t* counts = entities.counts.data();
  std::uint32_t* touched = entities.touched.data();
  std::size_t found = 0;
  const auto keys = static_cast<std::uint32_t>(column_->size());
  for (std::uint32_t ordinal = 0; ordinal < keys; ++ordinal) {
    touched[found] = ordinal;
    found += counts[ordinal] != 0;
  }
  entities.touched_count = found;
}

void FacetCounter::count_attributes(std::span<const Xapian::docid> docids) {
  TouchedCounters attributes = std::move(tally_.attributes);
  TouchedCounters days = std::move(tally_.days);
  const std::int32_t first_day = attributes_->first_day();
  for (const Xapian::docid docid : docids) {
    auto [begin, end] = attributes_->attributes(docid);
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) attributes.count(*ordinal);
    const std::int32_t day = attributes_->day(docid);
    if (day == AttributeColumn::kNoDate) {
      ++tally_.undated;
    } else {
      days.count(static_cast<std::uint32_t>(day - first_day));
    }
  }
  tally_.attributes = std::move(attributes);
  tally_.days = std::move(days);
}

std::vector<Facet> FacetCounter::facets(EntityCatalog& names, std::size_t limit) const {
  // Captured by value, so that the pass over every touched entity reads
  // nothing but its count.
  const FacetColumn* column = column_.get();
  const std::uint32_t* counts = tally_.entities.counts.data();
  return top_facets(
      tally_.entities.touched_ordinals(), [column](std::uint32_t ordinal) { return column->kind(ordinal); },
      [column](std::uint32_t ordinal) -> const EntityCount& { return column->key(ordinal); },
      [counts](std::uint32_t ordinal) -> std::size_t { return counts[ordinal]; },
      [column](std::uint32_t ordinal) { return column->rank(ordinal); }, names, limit);
}

std::vector<EntityCount> split_combinations(const Xapian::ValueCountMatchSpy& spy) {
  return split_by_representative(spy, nullptr);
}

Xapian::doccount FacetCounting::count_local(const Xapian::Database& database,
                                            const Xapian::Query& query, FacetCounter* counter) {
  // Boolean queries: straight from the posting lists (match_walk.h).
  if (auto walk = MatchWalk::Compile(database, query)) {
    // In batches: the walk and the counting each run a loop of their own.
    constexpr std::size_t kBatch = 512;
    Xapian::docid batch[kBatch];
    Xapian::doccount matches = 0;
    while (const std::size_t walked = walk->next_batch(batch)) {
      matches += static_cast<Xapian::doccount>(walked);
      if (counter) counter->count_in_shard(std::span(batch, walked));
    }
    if (counter) counter->finish();
    return matches;
  }
  Xapian::Enquire counting(database);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  if (counter) counting.add_matchspy(counter);
  const Xapian::doccount matches =
      counting.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
  if (counter) counter->finish();
  return matches;
}

void FacetCounting::count_parts(const Xapian::Query& query) {
  matches_ = 0;
  const auto shards = static_cast<std::uint32_t>(parts_->size());
  for (std::uint32_t part = 0; part < shards; ++part) {
    column_->set_shard(part, shards);
    matches_ += count_local((*parts_)[part], query, &*column_);
  }
}

FacetCounting::~FacetCounting() {
  if (started_) connections_->background.wait_discarding_errors();
}

void FacetCounting::start(const Xapian::Query& query) {
  if (!frequencies_ || !connections_ || started_) return;
  // A Query's reference count is not atomic: the thread counts on a copy.
  std::string serialised = query.serialise();
  connections_->background.start([this, serialised = std::move(serialised)](unsigned) {
    matches_ = count_by_terms(Xapian::Database(), Xapian::Query::unserialise(serialised),
                              *frequencies_, limit_, keyed_.emplace(), representatives_,
                              connections_);
  });
  started_ = true;
}

void FacetCounting::finish(const Xapian::Database& database, const Xapian::Query& query) {
  if (started_) {
    started_ = false;
    connections_->background.wait();
    return;
  }
  if (parts_) return count_parts(query);
  if (frequencies_) {
    matches_ = count_by_terms(database, query, *frequencies_, limit_, keyed_.emplace(),
                              representatives_, connections_);
    return;
  }
  // Over local databases, the column or counting matches only.
  if (local_ && !combinations_) {
    matches_ = count_local(database, query, column_ ? &*column_ : nullptr);
    return;
  }
  // Otherwise a pass of Xapian's matcher of its own, unweighted and ranking
  // nothing, over every match:
  //  - 40% fewer instructions than making the ranked search weigh every match
  //    (the ranked search then stops early, as it does without facets);
  //  - exact over remote shards, where Xapian 1.4 calls a spy more than once
  //    for some documents when the Enquire sorts by a value with a page
  //    smaller than the matches.
  Xapian::Enquire counting(database);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  for (auto* spy : {&combinations_, &attribute_combinations_, &days_}) {
    if (*spy) counting.add_matchspy(&**spy);
  }
  matches_ = counting.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
}

std::vector<Facet> FacetCounting::facets(EntityCatalog& names, std::size_t limit) const {
  if (column_) return column_->facets(names, limit);
  if (keyed_) {
    std::vector<Facet> facets = keyed_facets(keyed_->entities, names, limit);
    for (Facet& facet : facets) {
      const std::size_t seen = keyed_->entity_distinct[static_cast<std::size_t>(facet.kind)];
      facet.distinct = std::max(facet.distinct, seen);
      facet.distinct_exact = keyed_->complete;
    }
    return facets;
  }
  return keyed_facets(split_by_representative(*combinations_, &names.representatives()), names,
                      limit);
}

AttributeCounts FacetCounting::attribute_counts() const {
  if (column_) return column_->attribute_counts();
  if (keyed_) return keyed_->attributes;
  if (attribute_combinations_ && days_) {
    return split_attribute_counts(*attribute_combinations_, *days_, matches_);
  }
  return {};
}

EntityCatalog::EntityCatalog(Xapian::Database combined, std::vector<Xapian::Database> parts,
                             bool any_remote, std::vector<std::string> shards)
    : combined_(std::move(combined)),
      parts_(std::move(parts)),
      any_remote_(any_remote),
      use_column_(parts_.size() <= 1 && !any_remote),
      shards_(std::move(shards)) {}

void EntityCatalog::reset() {
  column_.reset();
  totals_ = nullptr;
  representatives_.reset();
  counted_representatives_.reset();
  names_.clear();
  field_names_.reset();
  facet_terms_.reset();
  frequencies_.reset();
  // Connections at an older revision would count on it: brought to the
  // latest when next used, which costs a round trip, not a new connection.
  connections_stale_ = connections_ != nullptr;
}

const FacetColumn& EntityCatalog::column() { return *column_ptr(); }

const std::shared_ptr<const FacetColumn>& EntityCatalog::column_ptr() {
  if (!column_) {
    // One local index: the column shared in the process. Several shards: a
    // column of the combined database, for its keys only (totals()).
    column_ = use_column_ ? SharedFacetColumn(combined_)
                          : FacetColumn::Build(combined_, 0, /*attributes=*/!any_remote_);
  }
  return column_;
}

std::unique_ptr<FacetCounting> EntityCatalog::counting(std::size_t facet_values) {
  auto counting = std::make_unique<FacetCounting>();
  counting->local_ = !any_remote_;
  if (facet_values == 0) return counting;
  if (use_column_) {
    column();
    counting->column_.emplace(column_, tally_, &representatives());
  } else if (!any_remote_) {
    // Several local shards: each walked on its own, counted in the column of
    // the combined database (its docids interleave the shards').
    column();
    counting->column_.emplace(column_, tally_, &representatives());
    counting->parts_ = &parts_;
  } else if (facet_terms()) {
    counting->frequencies_ = &frequencies();
    counting->connections_ = connections();
    counting->limit_ = facet_values;
    counting->representatives_ = &representatives();
  } else {
    counting->combinations_.emplace(index::kEntitiesSlot);
    counting->attribute_combinations_.emplace(index::kAttributesSlot);
    counting->days_.emplace(index::kPublishedSlot);
  }
  return counting;
}

bool EntityCatalog::facet_terms() {
  if (!facet_terms_) {
    bool all = true;
    const std::string key(index::kFacetTermsKey);
    if (parts_.empty()) {
      all = combined_.get_metadata(key) == "1";
    } else {
      for (const Xapian::Database& part : parts_) all = all && part.get_metadata(key) == "1";
    }
    facet_terms_ = all;
  }
  return *facet_terms_;
}

CountingConnections* EntityCatalog::connections() {
  if (connections_stale_) {
    connections_stale_ = false;
    try {
      for (Xapian::Database& database : connections_->databases) database.reopen();
    } catch (const Xapian::Error&) {  // a server restarted, say: connect again
      connections_.reset();
      connections_tried_ = false;
    }
  }
  if (connections_tried_) return connections_.get();
  connections_tried_ = true;
  if (shards_.empty()) return nullptr;
  std::vector<Xapian::Database> databases;
  for (unsigned i = 0; i < kCountingConnections; ++i) {
    auto opened = open_combined(shards_);
    // Without them the count runs on the Searcher's own connections, slower.
    if (!opened) break;
    databases.push_back(std::move(*opened));
  }
  if (!databases.empty()) connections_ = std::make_unique<CountingConnections>(std::move(databases));
  return connections_.get();
}

const FacetTermFrequencies& EntityCatalog::frequencies() {
  if (!frequencies_) frequencies_ = FacetTermFrequencies::Read(combined_);
  return *frequencies_;
}

const std::vector<EntityCount>& EntityCatalog::totals() {
  if (totals_) return *totals_;
  if (!any_remote_) {
    // Local value streams are cheap to read, and per-key counts do not
    // depend on docids, so the column of the combined database serves.
    totals_ = &column().keys();
  } else if (facet_terms()) {
    // The XC terms' frequencies are the entities' article counts.
    totals_ = &frequencies().entities;
  } else {
    // A remote value stream fetches each document in turn; a match-all search
    // with the built-in spy runs on the servers and sends back only counts.
    Xapian::Enquire enquire(combined_);
    enquire.set_query(match_all());
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(index::kEntitiesSlot);
    enquire.add_matchspy(&spy);
    const Xapian::doccount all = combined_.get_doccount();
    enquire.get_mset(0, 0, all);
    remote_totals_ = split_combinations(spy);
    totals_ = &remote_totals_;
  }
  return *totals_;
}

const EntityCatalog::Representatives& EntityCatalog::representatives() {
  if (!representatives_) {
    if (use_column_) {
      representatives_ = SharedRepresentatives(combined_.get_uuid(), column_ptr());
    } else {
      Representatives derived = derive_representatives(totals());
      // Local shards count in the combined database's column (remote ones
      // count no rows).
      if (!any_remote_) add_counted_rows(derived, column());
      representatives_ = std::make_shared<const Representatives>(std::move(derived));
    }
  }
  return *representatives_;
}

const EntityCatalog::Representatives& EntityCatalog::counted_representatives() {
  if (counted_representatives_) return *counted_representatives_;
  // Local shards: totals() are the keys of column(), which counts each
  // entity's articles exactly (remote ones: summed over forms).
  const std::vector<EntityCount>& all = totals();
  return counted_representatives_.emplace(
      any_remote_ ? derive_representatives(all)
                  : derive_representatives(all, &column(), combined_.get_lastdocid()));
}

const std::string& EntityCatalog::name(EntityKind kind, const std::string& key) {
  std::string lookup = lookup_key(kind, key);
  if (auto found = names_.find(lookup); found != names_.end()) return found->second;
  const std::string metadata_key = index::entity_name_key(kind, key);
  std::string best;
  if (parts_.empty()) {
    best = combined_.get_metadata(metadata_key);
  } else {
    for (const Xapian::Database& part : parts_) {
      std::string name = part.get_metadata(metadata_key);
      if (!name.empty() &&
          (best.empty() || entities::better_display_name(name, best))) {
        best = std::move(name);
      }
    }
  }
  return names_.emplace(std::move(lookup), best.empty() ? key : std::move(best)).first->second;
}

const std::vector<std::string>& EntityCatalog::field_names() {
  if (field_names_) return *field_names_;
  std::vector<std::string> names;
  auto add_from = [&](const Xapian::Database& database) {
    auto schema = index::decode_field_schema(
        database.get_metadata(std::string(index::kFieldSchemaKey)), "");
    if (schema) names.insert(names.end(), schema->begin(), schema->end());
  };
  if (parts_.empty()) {
    add_from(combined_);
  } else {
    for (const Xapian::Database& part : parts_) add_from(part);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  field_names_ = std::move(names);
  return *field_names_;
}

}  // namespace dossier::search
