#include "search/term_facets.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>

#include "index/near_duplicate.h"
#include "index/schema.h"
#include "search/facet_candidates.h"
#include "search/facets.h"

namespace dossier::search {
namespace {

// A sample drawn at random when it would hold less than this share of the
// matches; above, the first matches serve.
constexpr double kRandomSampleBelow = 0.5;
// Counted whole when the index's fields allow at most this many combinations
// (each costs the server a string of some 30 bytes).
constexpr std::size_t kWholeAttributeCombinations = 500;
// Few matches are sampled whole, entities and all: up to this many times the
// sample size a shard. Each costs 200-350 bytes (150 matches: some 50 KB a
// shard, within issue 17's 100 KB beside the page and the whole pass), and
// spares the 30-40 count-only queries, 2 round trips on every shard each,
// that would otherwise give exact counts.
constexpr double kWholeSampleFactor = 1.5;
// Indexes of `items` by group, then most articles first.
template <typename Item, typename Less>
std::vector<std::uint32_t> by_frequency(const std::vector<Item>& items, Less&& group_less) {
  std::vector<std::uint32_t> order(items.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (group_less(items[a], items[b])) return true;
    if (group_less(items[b], items[a])) return false;
    return items[a].documents > items[b].documents;
  });
  return order;
}

}  // namespace

Xapian::doccount facet_sample_size() {
  // Read at each search (a getenv is nothing next to a remote round trip).
  const char* text = std::getenv("DOSSIER_FACET_SAMPLE");
  if (!text || !*text) return kSampleMatches;
  char* end = nullptr;
  const unsigned long parsed = std::strtoul(text, &end, 10);
  return *end == '\0' && parsed > 0 ? static_cast<Xapian::doccount>(parsed) : kSampleMatches;
}

FacetTermFrequencies FacetTermFrequencies::Read(const Xapian::Database& database) {
  FacetTermFrequencies read;
  read.documents = database.get_doccount();
  for (std::string_view prefix : {index::kCanonicalEntityPrefix, index::kFieldPrefix}) {
    const std::string text_prefix(prefix);
    for (auto term = database.allterms_begin(text_prefix);
         term != database.allterms_end(text_prefix); ++term) {
      read.terms.emplace_back(*term, term.get_termfreq());
    }
  }
  for (const auto& [term, frequency] : read.terms) {
    std::string_view text(term);
    const auto documents = static_cast<std::uint32_t>(frequency);
    EntityKind kind;
    if (text.starts_with(index::kCanonicalEntityPrefix)) {
      text.remove_prefix(index::kCanonicalEntityPrefix.size());
      if (text.size() < 2 || !index::entity_kind_from_code(text[0], kind)) continue;
      read.entities.push_back({kind, std::string(text.substr(1)), documents});
    } else {
      text.remove_prefix(index::kFieldPrefix.size());
      const std::size_t colon = text.find(':');
      if (colon == std::string_view::npos) continue;
      read.attributes.push_back(
          {std::string(text.substr(0, colon)), std::string(text.substr(colon + 1)), documents});
    }
  }
  // Terms come in byte order: XC + kind code sorts by the code, not by
  // EntityKind, and "name:value" by name only up to the colon.
  std::sort(read.entities.begin(), read.entities.end(), [](const EntityCount& a, const EntityCount& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.key < b.key;
  });
  std::sort(read.attributes.begin(), read.attributes.end(),
            [](const AttributeKey& a, const AttributeKey& b) {
              if (a.field != b.field) return a.field < b.field;
              return a.value < b.value;
            });
  std::size_t combinations = 1;
  for (std::size_t i = 0; i < read.attributes.size();) {
    std::size_t values = 0;
    const std::string& field = read.attributes[i].field;
    for (; i < read.attributes.size() && read.attributes[i].field == field; ++i) ++values;
    combinations = values + 1 > std::numeric_limits<std::size_t>::max() / combinations
                       ? std::numeric_limits<std::size_t>::max()
                       : combinations * (values + 1);
  }
  read.attribute_combinations = combinations;
  read.entities_by_frequency = by_frequency(
      read.entities, [](const EntityCount& a, const EntityCount& b) { return a.kind < b.kind; });
  read.attributes_by_frequency = by_frequency(
      read.attributes, [](const AttributeKey& a, const AttributeKey& b) { return a.field < b.field; });
  return read;
}

Xapian::doccount FacetTermFrequencies::frequency(const std::string& term) const {
  auto found = std::lower_bound(
      terms.begin(), terms.end(), term,
      [](const std::pair<std::string, Xapian::doccount>& entry, const std::string& wanted) {
        return entry.first < wanted;
      });
  if (found != terms.end() && found->first == term) return found->second;
  return std::numeric_limits<Xapian::doccount>::max();
}

CountingConnections::CountingConnections(std::vector<Xapian::Database> connections)
    : databases(std::move(connections)),
      pool(static_cast<unsigned>(std::max<std::size_t>(1, databases.size()))) {}


namespace {

// The sample pass: the first `size` matches of each shard, with the value
// combinations they have. With `share` below 1, only the matches whose copy
// group key (a 64-bit hash in hex, index/near_duplicate.h) falls in that
// share of the hash space: stories drawn at random, rather than the first
// ones in docid order (an archive's oldest, or one topic).
struct Sample {
  Xapian::ValueCountMatchSpy entities{index::kEntitiesSlot};
  Xapian::ValueCountMatchSpy attributes{index::kAttributesSlot};
  Xapian::ValueCountMatchSpy days{index::kPublishedSlot};
  Xapian::doccount matches = 0;
  bool complete = false;  // every match was seen
  bool first_matches = true;

  Sample(const Xapian::Database& database, const Xapian::Query& query, Xapian::doccount size,
         double share = 1) {
    Xapian::Enquire enquire(database);
    enquire.set_query(share < 1 ? Xapian::Query(Xapian::Query::OP_FILTER, query,
                                                Xapian::Query(Xapian::Query::OP_VALUE_LE,
                                                              index::kCopyGroupSlot,
                                                              index::group_key_at_share(share)))
                                : query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&entities);
    enquire.add_matchspy(&attributes);
    enquire.add_matchspy(&days);
    const Xapian::MSet seen = enquire.get_mset(0, 0, size);
    first_matches = share >= 1;
    matches = seen.get_matches_estimated();
    complete = first_matches && seen.get_matches_lower_bound() == seen.get_matches_upper_bound() &&
               entities.get_total() == matches;
  }
};

// Every match, for the exact total and the timeline (one value per day),
// and with `attributes` the combinations of source and field values.
struct Whole {
  Xapian::ValueCountMatchSpy days{index::kPublishedSlot};
  Xapian::ValueCountMatchSpy attributes{index::kAttributesSlot};
  Xapian::doccount matches = 0;

  Whole(const Xapian::Database& database, const Xapian::Query& query, bool with_attributes) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&days);
    if (with_attributes) enquire.add_matchspy(&attributes);
    matches = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
  }
};

// The exact number of matches of `query` that have `candidate`'s value.
std::size_t count_within(const Xapian::Database& database, const Xapian::Query& query,
                         const FacetCandidate& candidate) {
  Xapian::Query value(candidate.term);
  if (!candidate.other_forms.empty()) {
    value = Xapian::Query(Xapian::Query::OP_OR, candidate.other_forms.begin(),
                          candidate.other_forms.end());
    value = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(candidate.term), value);
  }
  Xapian::Enquire enquire(database);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, value));
  return enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
}

// Runs numbered tasks, each a query or two for `query`: on the counting
// connections in parallel, each thread taking the next task as it is free,
// or one after the other on `database` without them.
class Runner {
 public:
  using Task = std::function<void(std::size_t task, const Xapian::Database&, const Xapian::Query&)>;

  Runner(const Xapian::Database& database, const Xapian::Query& query,
         CountingConnections* connections)
      : database_(database), query_(query), connections_(connections) {
    if (connections_ && connections_->databases.empty()) connections_ = nullptr;
    // A Query's reference count is not atomic: each thread makes its own copy.
    if (connections_) serialised_ = query.serialise();
  }

  void run(std::size_t tasks, const Task& task) {
    if (!connections_ || tasks <= 1) {
      const Xapian::Database& on = connections_ ? connections_->databases[0] : database_;
      for (std::size_t i = 0; i < tasks; ++i) task(i, on, query_);
      return;
    }
    std::atomic<std::size_t> next{0};
    const std::size_t threads = std::min(tasks, connections_->databases.size());
    connections_->pool.start([&](unsigned thread) {
      if (thread >= threads) return;
      const Xapian::Query query = Xapian::Query::unserialise(serialised_);
      for (std::size_t i = next++; i < tasks; i = next++) {
        task(i, connections_->databases[thread], query);
      }
    });
    connections_->pool.wait();
  }

 private:
  const Xapian::Database& database_;
  const Xapian::Query& query_;
  CountingConnections* connections_;
  std::string serialised_;
};

}  // namespace

Xapian::doccount count_by_terms(const Xapian::Database& database, const Xapian::Query& query,
                                const FacetTermFrequencies& frequencies, std::size_t limit,
                                KeyedCounts& counts,
                                const EntityRepresentatives* representatives,
                                CountingConnections* connections, Xapian::doccount sample_size) {
  if (representatives && !representatives->maps_any) representatives = nullptr;
  Runner runner(database, query, connections);
  CandidateGroups groups(frequencies, representatives);

  // First every match (total and timeline), then a sample of about
  // `sample_size` matches a shard drawn at random from all of them: the
  // number of matches sets its share. Few matches: the first ones, all of
  // them when they fit.
  // Sources and fields whose values make few combinations are counted
  // whole, as the days are: their bytes are bounded by the index's fields.
  const bool attributes_whole = frequencies.attribute_combinations <= kWholeAttributeCombinations &&
                                !frequencies.many_attribute_combinations;
  std::optional<Whole> whole;
  runner.run(1, [&](std::size_t, const Xapian::Database& on, const Xapian::Query& base) {
    whole.emplace(on, base, attributes_whole);
  });
  const Xapian::doccount matches = whole->matches;
  const double shards = connections && !connections->databases.empty()
                            ? static_cast<double>(connections->databases[0].size())
                            : static_cast<double>(database.size());
  const double share = static_cast<double>(sample_size) * std::max(1.0, shards) / std::max<Xapian::doccount>(matches, 1);
  // Few enough matches to sample whole: every count exact, `distinct` too,
  // unless the matches fall unevenly and a shard holds more than its part.
  const auto whole_sample = static_cast<Xapian::doccount>(sample_size * kWholeSampleFactor);
  const bool sample_everything = matches <= whole_sample * std::max(1.0, shards);
  std::optional<Sample> sample;
  runner.run(1, [&](std::size_t, const Xapian::Database& on, const Xapian::Query& base) {
    if (sample_everything) {
      // One more than a shard may hold: Xapian stops at check_at_least, and
      // only a match beyond it can make its count certain.
      sample.emplace(on, base, whole_sample + 1);
      return;
    }
    sample.emplace(on, base, sample_size, share < kRandomSampleBelow ? share : 1.0);
    // An index without copy group keys (short bodies, articles indexed
    // before them) gives a thin sample: the first matches instead.
    if (sample->entities.get_total() * 4 < sample_size) sample.emplace(on, base, sample_size);
  });
  const bool drawn_at_random = share < kRandomSampleBelow && !sample->first_matches;
  std::vector<EntityCount> sampled_entities =
      split_by_representative(sample->entities, representatives);
  if (sample->complete) {
    counts.complete = true;
    counts.attributes = split_attribute_counts(sample->attributes, sample->days, sample->matches);
    for (const EntityCount& entity : sampled_entities) {
      ++counts.entity_distinct[static_cast<std::size_t>(entity.kind)];
    }
    counts.entities = std::move(sampled_entities);
    return sample->matches;
  }
  counts.complete = false;
  AttributeCounts sampled_attributes = split_attribute_counts(sample->attributes, whole->days, matches);
  if (attributes_whole) {
    counts.attributes = split_attribute_counts(whole->attributes, whole->days, matches);
    const auto combinations = static_cast<std::size_t>(
        std::distance(whole->attributes.values_begin(), whole->attributes.values_end()));
    if (combinations > frequencies.attribute_combinations) {
      frequencies.many_attribute_combinations = true;
    }
    sampled_attributes.values.clear();  // no candidates to count
  } else {
    counts.attributes.distinct_exact = false;
    counts.attributes.days = std::move(sampled_attributes.days);
    counts.attributes.undated = sampled_attributes.undated;
  }

  // The candidates: the values most frequent in the sample and in the whole
  // index, with what the sample saw of each.
  add_top(sampled_entities, sample_order(sampled_entities, entity_group),
          sample_candidates(limit), entity_group, entity_term, groups);
  add_top(sampled_attributes.values, sample_order(sampled_attributes.values, attribute_group),
          sample_candidates(limit), attribute_group, attribute_term, groups);
  // Every article matches: the index-wide list is the answer, and its counts
  // are the article counts.
  const bool every_article = matches == frequencies.documents;
  const std::size_t frequent = every_article ? limit : frequent_candidates(limit);
  add_top(frequencies.entities, frequencies.entities_by_frequency, frequent,
          entity_group, entity_term, groups);
  if (!attributes_whole) {
    add_top(frequencies.attributes, frequencies.attributes_by_frequency, frequent,
            attribute_group, attribute_term, groups);
  }
  for (const EntityCount& entity : sampled_entities) {
    if (FacetCandidate* candidate = groups.find(entity_term(entity))) {
      candidate->sampled = std::max<std::size_t>(candidate->sampled, entity.documents);
    }
  }
  for (const AttributeKey& value : sampled_attributes.values) {
    if (FacetCandidate* candidate = groups.find(attribute_term(value))) candidate->sampled = value.documents;
  }
  const Xapian::doccount sampled = sample->entities.get_total();
  for (CandidateGroup& group : groups.all) {
    for (auto& [term, candidate] : group.candidates) {
      candidate.upper = std::min<std::size_t>(candidate.upper, matches);
      // The first matches say only what the others can add at most.
      candidate.likely_upper = std::min(
          candidate.upper, drawn_at_random ? likely_at_most(candidate.sampled, sampled, matches)
                                           : candidate.sampled + (matches > sampled ? matches - sampled : 0));
      if (!every_article) continue;
      if (candidate.other_forms.empty()) {
        candidate.counted = candidate.upper;
      } else if (auto known = frequencies.every_article_counts.find(term);
                 known != frequencies.every_article_counts.end()) {
        candidate.counted = known->second;
      } else {
        continue;
      }
      candidate.done = true;
      group.note(candidate.counted, limit);
    }
  }

  // Then the candidates, strongest first, each only while it can still enter
  // its facet's top.
  const std::vector<std::pair<CandidateGroup*, FacetCandidate*>> order = counting_order(groups.all);
  std::mutex kept;  // each group's best counts
  runner.run(order.size(), [&](std::size_t task, const Xapian::Database& on,
                               const Xapian::Query& base) {
    auto [group, candidate] = order[task];
    {
      std::lock_guard lock(kept);
      if (!group->can_enter_top(candidate->likely_upper, limit)) return;
    }
    const std::size_t counted = count_within(on, base, *candidate);
    std::lock_guard lock(kept);
    candidate->counted = counted;
    candidate->done = true;
    group->note(counted, limit);
  });

  if (every_article) {
    for (const CandidateGroup& group : groups.all) {
      for (const auto& [term, candidate] : group.candidates) {
        if (candidate.done && !candidate.other_forms.empty()) {
          frequencies.every_article_counts.emplace(term, static_cast<Xapian::doccount>(candidate.counted));
        }
      }
    }
  }
  keep_counted(groups.all, sampled_entities, sampled_attributes.values, counts);
  return matches;
}

}  // namespace dossier::search
