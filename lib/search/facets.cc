#include "search/facets.h"

#include <algorithm>
#include <array>
#include <type_traits>

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

// The best `limit` items of one kind by count, most frequent first, ties by
// item number: items are numbered in key order (FacetCounter's are ranks,
// FacetColumn::rank; keyed_facets sorts its keys), so ties by number are ties
// by key, without comparing strings, and every way of counting gives the same
// result for the same matches. A heap with the weakest on top: it sees every entity the
// matches name, and most cost the one comparison of admits().
template <typename CountOf>
class KindTop {
 public:
  // Items counted fewer than `least` times never enter. `ascending`: items
  // are offered in ascending order, so that once the top is full an item
  // counted as often as the weakest loses the tie and needs no offer.
  KindTop(std::size_t limit, CountOf count_of, std::size_t least, bool ascending)
      : limit_(limit), count_of_(count_of), floor_(least), ascending_(ascending) {}

  // Whether an item counted `count` times could enter.
  bool admits(std::size_t count) const { return count >= floor_; }
  void offer(std::uint32_t item) {
    if (heap_.size() < limit_) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end(), before());
    } else if (limit_ > 0 && before()(item, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), before());
      heap_.back() = item;
      std::push_heap(heap_.begin(), heap_.end(), before());
    } else {
      return;
    }
    if (heap_.size() == limit_) floor_ = count_of_(heap_.front()) + (ascending_ ? 1 : 0);
  }
  // The items kept, best first; the accumulator is spent.
  std::vector<std::uint32_t> take_sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), before());
    return std::move(heap_);
  }

  std::size_t distinct = 0;  // items of the kind counted at least once

 private:
  auto before() const {
    return [this](std::uint32_t a, std::uint32_t b) {
      const std::size_t count_a = count_of_(a), count_b = count_of_(b);
      if (count_a != count_b) return count_a > count_b;
      return a < b;
    };
  }

  std::size_t limit_;
  CountOf count_of_;
  std::vector<std::uint32_t> heap_;
  std::size_t floor_;  // the least count that may enter: from the weakest's once full
  bool ascending_;
};

constexpr std::size_t kKindCount = std::size(kKinds);

template <typename CountOf>
using KindTops = std::array<KindTop<CountOf>, kKindCount>;

template <typename CountOf>
KindTops<CountOf> make_tops(std::size_t limit, CountOf count_of, std::size_t least = 0,
                            bool ascending = false) {
  return {KindTop<CountOf>(limit, count_of, least, ascending),
          KindTop<CountOf>(limit, count_of, least, ascending),
          KindTop<CountOf>(limit, count_of, least, ascending)};
}

// Offers each of `counted` (items counted at least once) to its kind's top.
template <typename KindOf, typename CountOf>
void offer_each(std::span<const std::uint32_t> counted, KindOf&& kind_of, CountOf&& count_of,
                KindTops<std::decay_t<CountOf>>& tops) {
  for (std::uint32_t item : counted) {
    KindTop<std::decay_t<CountOf>>& top = tops[static_cast<std::size_t>(kind_of(item))];
    ++top.distinct;
    if (top.admits(count_of(item))) top.offer(item);
  }
}

// The reported facets from each kind's top, with display names from `names`.
template <typename KeyOf, typename CountOf>
std::vector<Facet> top_facets(KindTops<CountOf>& tops, KeyOf&& key_of, const CountOf& count_of,
                              EntityCatalog& names) {
  std::vector<Facet> facets;
  for (EntityKind kind : kKinds) {
    KindTop<CountOf>& top = tops[static_cast<std::size_t>(kind)];
    Facet facet;
    facet.kind = kind;
    facet.distinct = top.distinct;
    for (std::uint32_t item : top.take_sorted()) {
      const EntityCount& key = key_of(item);
      facet.top.push_back({key.key, names.name(kind, key.key), count_of(item)});
    }
    facets.push_back(std::move(facet));
  }
  return facets;
}

// The first rank in [first, keys) of a kind after `kind`, or `keys`: ranks
// follow (kind, key) order. (Not std::ranges::partition_point over an
// iota_view, which clang 14, the fuzz build's, cannot compile with
// libstdc++ 12.)
std::uint32_t end_of_kind(const FacetColumn& column, std::uint32_t first, std::uint32_t keys,
                          EntityKind kind) {
  const std::vector<std::uint32_t>& by_key = column.by_key();
  while (first < keys) {
    const std::uint32_t middle = first + (keys - first) / 2;
    if (column.kind(by_key[middle]) <= kind) {
      first = middle + 1;
    } else {
      keys = middle;
    }
  }
  return first;
}

// Increments counts[o] for each ordinal o of the rows of `docids`.
template <class Count>
void count_rows(const DocidRows& rows, std::span<const Xapian::docid> docids, Count* counts) {
  rows.for_each_row(docids, [counts](const std::uint32_t* ordinal, const std::uint32_t* end) {
    // Four at a time: the loop's own test and step cost as much as an increment.
    for (; end - ordinal >= 4; ordinal += 4) {
      ++counts[ordinal[0]];
      ++counts[ordinal[1]];
      ++counts[ordinal[2]];
      ++counts[ordinal[3]];
    }
    for (; ordinal != end; ++ordinal) ++counts[*ordinal];
  });
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
  const auto count_of = [&counted](std::uint32_t i) -> std::size_t { return counted[i].documents; };
  auto tops = make_tops(limit, count_of);
  offer_each(items, [&](std::uint32_t i) { return counted[i].kind; }, count_of, tops);
  return top_facets(
      tops, [&](std::uint32_t i) -> const EntityCount& { return counted[i]; }, count_of, names);
}

}  // namespace

void TouchedCounters::clear() {
  if (dense) {
    // (The compiler makes this a memset, and none when there are no counters.)
    std::fill(counts.begin(), counts.end(), std::uint32_t{0});
  } else {
    for (std::uint32_t ordinal : touched_ordinals()) counts[ordinal] = 0;
  }
  touched_count = 0;
  noted = 0;
  dense = false;
}

FacetCounter::FacetCounter(std::shared_ptr<const FacetColumn> column, FacetTally& tally,
                           const EntityRepresentatives* representatives)
    : column_(std::move(column)), attributes_(column_->attributes().get()), tally_(tally) {
  narrow_ = representatives && representatives->counted_rows;
  rows_ = narrow_ ? representatives->counted_rows.get() : &column_->rows();
  tally_.entities.grow(column_->size());
  tally_.entities.clear();
  if (tally_.narrow.size() < column_->size()) tally_.narrow.resize(column_->size(), 0);
  if (attributes_) {
    tally_.attributes.grow(attributes_->size());
    tally_.attributes.clear();
    // A newer column may start on an earlier day: the counters are offsets
    // from first_day(), all zero between searches, so only growing is needed.
    tally_.days.grow(attributes_->day_count());
    tally_.days.clear();
    tally_.undated = 0;
  }
}

FacetCounter::~FacetCounter() {
  add_narrow();  // (finish() did, unless counting stopped early)
  tally_.entities.clear();
  tally_.attributes.clear();
  tally_.days.clear();
}

AttributeCounts FacetCounter::attribute_counts() const {
  AttributeCounts counts;
  if (!attributes_) return counts;
  const TouchedCounters& attributes = tally_.attributes;
  attributes.for_each_counted(attributes_->size(), [&](std::uint32_t ordinal) {
    const AttributeKey& key = attributes_->key(ordinal);
    counts.values.push_back({key.field, key.value, attributes.counts[ordinal]});
  });
  // In day order: when the matches met a good part of the index's days,
  // reading every day's counter in order costs less than sorting the ones met.
  const std::span<const std::uint32_t> touched = tally_.days.touched_ordinals();
  const std::uint32_t* day_counts = tally_.days.counts.data();
  std::vector<std::uint32_t> offsets;
  const std::size_t range = attributes_->day_count();
  if (tally_.days.dense || range <= 16 * touched.size()) {
    offsets.reserve(touched.size());
    for (std::uint32_t offset = 0; offset < range; ++offset) {
      if (day_counts[offset] != 0) offsets.push_back(offset);
    }
  } else {
    offsets.assign(touched.begin(), touched.end());
    std::sort(offsets.begin(), offsets.end());
  }
  counts.days.resize(offsets.size());
  const std::int32_t first_day = attributes_->first_day();
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    counts.days[i] = {first_day + static_cast<std::int32_t>(offsets[i]), day_counts[offsets[i]]};
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
  const std::size_t counted_before = counted_docs_;
  counted_docs_ += docids.size();
  auto next = docids.begin();
  if (!tally_.entities.dense) {
    // On a copy, so that the compiler keeps the list's length in a register.
    TouchedCounters entities = std::move(tally_.entities);
    const std::size_t keys = column_->size();
    // A few documents at a time, so that a search projected to turn dense
    // (expect_matches()) does so early.
    constexpr std::ptrdiff_t kNotingChunk = 64;
    while (!entities.dense && next != docids.end()) {
      const auto chunk_end = next + std::min(kNotingChunk, docids.end() - next);
      std::size_t noted = 0;
      for (; next != chunk_end && entities.noted + noted < keys; ++next) {
        auto [begin, end] = rows_->row(*next);
        for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) entities.count(*ordinal);
        noted += static_cast<std::size_t>(end - begin);
      }
      const std::size_t documents = counted_before + static_cast<std::size_t>(next - docids.begin());
      entities.add_noted(noted, keys, projected(entities.noted + noted, documents));
    }
    tally_.entities = std::move(entities);
  }
  if (!narrow_) {
    count_rows(*rows_, std::span(next, docids.end()), tally_.entities.counts.data());
  }
  while (narrow_ && next != docids.end()) {
    if (narrow_documents_ == kNarrowDocuments) add_narrow();
    const auto documents = static_cast<std::ptrdiff_t>(
        std::min<std::size_t>(kNarrowDocuments - narrow_documents_,
                              static_cast<std::size_t>(docids.end() - next)));
    count_rows(*rows_, std::span(next, next + documents), tally_.narrow.data());
    narrow_documents_ += static_cast<std::size_t>(documents);
    next += documents;
  }
  if (attributes_) count_attributes(docids);
}

void FacetCounter::add_narrow() {
  if (narrow_documents_ == 0) return;
  std::uint32_t* __restrict counts = tally_.entities.counts.data();
  std::uint16_t* __restrict narrow = tally_.narrow.data();
  const std::size_t size = column_->size();
  // In runs of a fixed length, which GCC at -O2 turns into vector adds (a
  // loop of unknown length it leaves scalar: some 7 instructions a counter,
  // as many as the counting saved at 2,225 articles).
  constexpr std::size_t kRun = 16;
  std::size_t ordinal = 0;
  for (; ordinal + kRun <= size; ordinal += kRun) {
    for (std::size_t i = 0; i < kRun; ++i) counts[ordinal + i] += narrow[ordinal + i];
    for (std::size_t i = 0; i < kRun; ++i) narrow[ordinal + i] = 0;
  }
  for (; ordinal < size; ++ordinal) {
    counts[ordinal] += narrow[ordinal];
    narrow[ordinal] = 0;
  }
  narrow_documents_ = 0;
}

void FacetCounter::finish() {
  // Once dense, facets() and attribute_counts() find the counted values in
  // their own pass over the 32-bit counters.
  add_narrow();
}

void FacetCounter::count_attributes(std::span<const Xapian::docid> docids) {
  // Sources and fields, then days, each in a loop of its own, either dense
  // or noting first counts (TouchedCounters), on copies so that the compiler
  // keeps the lists' lengths in registers.
  TouchedCounters attributes = std::move(tally_.attributes);
  if (attributes.dense) {
    count_rows(attributes_->rows(), docids, attributes.counts.data());
  } else {
    std::size_t noted = 0;
    attributes_->rows().for_each_row(docids, [&](const std::uint32_t* begin, const std::uint32_t* end) {
      for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) attributes.count(*ordinal);
      noted += static_cast<std::size_t>(end - begin);
    });
    attributes.add_noted(noted, attributes_->size(), projected(attributes.noted + noted, counted_docs_));
  }
  tally_.attributes = std::move(attributes);

  TouchedCounters days = std::move(tally_.days);
  const std::int32_t first_day = attributes_->first_day();
  std::size_t dated = 0;
  if (days.dense) {
    std::uint32_t* counts = days.counts.data();
    for (const Xapian::docid docid : docids) {
      const std::int32_t day = attributes_->day(docid);
      if (day == AttributeColumn::kNoDate) continue;
      ++dated;
      ++counts[static_cast<std::uint32_t>(day - first_day)];
    }
  } else {
    for (const Xapian::docid docid : docids) {
      const std::int32_t day = attributes_->day(docid);
      if (day == AttributeColumn::kNoDate) continue;
      ++dated;
      days.count(static_cast<std::uint32_t>(day - first_day));
    }
    days.add_noted(dated, attributes_->day_count(), projected(days.noted + dated, counted_docs_));
  }
  tally_.days = std::move(days);
  tally_.undated += static_cast<std::uint32_t>(docids.size() - dated);
}

std::vector<Facet> FacetCounter::facets(EntityCatalog& names, std::size_t limit) const {
  // Items are ranks (FacetColumn::rank: key order, whatever the numbering),
  // so that ties go to the first key. Captured by value, so that the pass
  // over the counters reads nothing but the counts.
  const FacetColumn* column = column_.get();
  const std::uint32_t* counts = tally_.entities.counts.data();
  const std::uint32_t* by_key = column->by_key().data();
  const auto count_of = [counts, by_key](std::uint32_t rank) -> std::size_t {
    return counts[by_key[rank]];
  };
  const auto key_of = [column, by_key](std::uint32_t rank) -> const EntityCount& {
    return column->key(by_key[rank]);
  };
  if (!tally_.entities.dense) {
    std::vector<std::uint32_t> ranks;
    ranks.reserve(tally_.entities.touched_ordinals().size());
    for (std::uint32_t ordinal : tally_.entities.touched_ordinals()) ranks.push_back(column->rank(ordinal));
    auto tops = make_tops(limit, count_of);
    offer_each(
        ranks, [column, by_key](std::uint32_t rank) { return column->kind(by_key[rank]); },
        count_of, tops);
    return top_facets(tops, key_of, count_of, names);
  }
  // Dense (see count()): every counter in key order, kind by kind,
  // skipping those of entities no match named.
  // (Ranks ascend within each kind's range.)
  auto tops = make_tops(limit, count_of, /*least=*/1, /*ascending=*/true);
  const auto keys = static_cast<std::uint32_t>(column->size());
  std::uint32_t first = 0;
  for (EntityKind kind : kKinds) {
    const std::uint32_t last = end_of_kind(*column, first, keys, kind);
    auto& top = tops[static_cast<std::size_t>(kind)];
    std::size_t distinct = 0;
    for (std::uint32_t rank = first; rank < last; ++rank) {
      const std::uint32_t count = counts[by_key[rank]];
      distinct += count != 0;
      if (top.admits(count)) top.offer(rank);
    }
    top.distinct = distinct;
    first = last;
  }
  return top_facets(tops, key_of, count_of, names);
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
    if (counter) counter->expect_matches(walk->known_matches());
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
  flags_.clear();
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

bool EntityCatalog::every_shard_flagged(std::string_view flag_key) {
  const auto [known, added] = flags_.try_emplace(std::string(flag_key), true);
  if (added) {
    const std::string& key = known->first;
    if (parts_.empty()) {
      known->second = combined_.get_metadata(key) == "1";
    } else {
      for (const Xapian::Database& part : parts_) {
        if (part.get_metadata(key) != "1") known->second = false;
      }
    }
  }
  return known->second;
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
