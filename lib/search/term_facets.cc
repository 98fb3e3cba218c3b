#include "search/term_facets.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <queue>
#include <string_view>

#include "index/near_duplicate.h"
#include "index/schema.h"
#include "search/facets.h"

namespace dossier::search {
namespace {

// Candidates per facet from the sample: a few beyond the `limit` most
// frequent there, as values just below the cut in a sample of a few hundred
// matches may belong in the top over every match. Each costs a count-only
// query. (At 10k articles per shard, 10 values a facet: 16 from the sample
// and 10 from the index-wide list, 45.6 candidates counted a search; 12 and
// 5, 33.8; 11 and 3, 31.1 but 99 of 105 top-5 lists right, not 105;
// bench/README.md.)
std::size_t sample_candidates(std::size_t limit) { return limit + limit / 5 + 1; }
// Candidates per facet from the index-wide frequent list.
std::size_t frequent_candidates(std::size_t limit) { return limit / 2 + 1; }
// A sample drawn at random when it would hold less than this share of the
// matches; above, the first matches serve.
constexpr double kRandomSampleBelow = 0.5;
// Counted whole when the index's fields allow at most this many combinations
// (each costs the server a string of some 30 bytes).
constexpr std::size_t kWholeAttributeCombinations = 500;
// Standard deviations of margin in likely_at_most (2 and 3 counted as many
// candidates and gave the same top values on the benchmark).
constexpr double kLikelyMargin = 3.0;

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

// One value to count exactly: its term (with the terms of its other forms,
// counted with it by OR), what the sample saw of it, and its articles in the
// whole index (an upper bound of its count in any match set).
struct Candidate {
  std::string term;
  std::vector<std::string> other_forms;
  std::size_t sampled = 0;
  std::size_t upper = std::numeric_limits<std::size_t>::max();
  // What its count can be, as far as the sample tells (likely_at_most).
  std::size_t likely_upper = std::numeric_limits<std::size_t>::max();
  std::size_t counted = 0;
  bool done = false;  // `counted` is its exact count
};

// One facet's candidates: an entity kind, or a field.
struct Group {
  EntityKind kind = EntityKind::kPerson;
  std::string field;                            // empty for an entity kind
  std::map<std::string, Candidate> candidates;  // by term
  // The `limit` largest counts so far, the smallest on top: a candidate whose
  // bound is below it cannot enter the top.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> best;

  void note(std::size_t count, std::size_t limit) {
    if (limit == 0) return;
    if (best.size() < limit) {
      best.push(count);
    } else if (count > best.top()) {
      best.pop();
      best.push(count);
    }
  }
  // A tie with the weakest kept can still win on its key: it is counted.
  bool can_enter_top(std::size_t bound, std::size_t limit) const {
    const std::size_t weakest = limit > 0 && best.size() >= limit ? best.top() : 0;
    return bound >= std::max<std::size_t>(weakest, 1);
  }
};

// The candidates of every facet: groups 0-2 are the entity kinds (by
// EntityKind), then one per field as values of it come.
class Groups {
 public:
  Groups(const FacetTermFrequencies& frequencies, const EntityRepresentatives* representatives)
      : frequencies_(frequencies), representatives_(representatives) {
    for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
      all.push_back({kind, "", {}, {}});
    }
  }

  // The candidate for `term` (an XC or XF term), added if new. With
  // representatives, an entity's candidate is the entity its key stands for
  // across the index, in that entity's kind, with the terms of all its forms.
  Candidate& add(const std::string& term) {
    const auto [group, counted_term, forms] = place(term);
    auto [at, added] = all[group].candidates.try_emplace(counted_term);
    Candidate& candidate = at->second;
    if (!added) return candidate;
    candidate.term = counted_term;
    if (forms.size() <= 1) {
      candidate.upper = frequencies_.frequency(counted_term);
      return candidate;
    }
    candidate.upper = 0;
    for (std::size_t f = 0; f < forms.size(); ++f) {
      std::string form_term = index::canonical_entity_term(forms[f]->kind, forms[f]->key);
      candidate.upper += frequencies_.frequency(form_term);
      if (f > 0) candidate.other_forms.push_back(std::move(form_term));
    }
    return candidate;
  }

  // The candidate `term` stands for, or null when there is none.
  Candidate* find(const std::string& term) {
    const auto [group, counted_term, forms] = place(term);
    auto found = all[group].candidates.find(counted_term);
    return found == all[group].candidates.end() ? nullptr : &found->second;
  }

  std::vector<Group> all;

 private:
  struct Place {
    std::size_t group;
    std::string term;
    std::vector<const EntityCount*> forms;
  };
  Place place(const std::string& term) {
    const std::size_t entity_prefix = index::kCanonicalEntityPrefix.size();
    if (std::string_view(term).starts_with(index::kCanonicalEntityPrefix)) {
      EntityKind kind = EntityKind::kPerson;
      index::entity_kind_from_code(term[entity_prefix], kind);
      std::vector<const EntityCount*> forms;
      if (representatives_) {
        forms = representatives_->forms(kind, std::string_view(term).substr(entity_prefix + 1));
      }
      if (forms.size() <= 1) return {static_cast<std::size_t>(kind), term, {}};
      return {static_cast<std::size_t>(forms[0]->kind),
              index::canonical_entity_term(forms[0]->kind, forms[0]->key), std::move(forms)};
    }
    const std::size_t prefix = index::kFieldPrefix.size();
    std::string field = term.substr(prefix, term.find(':', prefix) - prefix);
    auto [at, added] = field_group_.try_emplace(field, all.size());
    if (added) all.push_back({EntityKind::kPerson, std::move(field), {}, {}});
    return {at->second, term, {}};
  }

  const FacetTermFrequencies& frequencies_;
  const EntityRepresentatives* representatives_;
  std::map<std::string, std::size_t> field_group_;
};

// Adds the `per_group` most frequent of `items` in each group (`order`: by
// group, then most articles first) as candidates.
template <typename Item, typename GroupOf, typename TermOf>
void add_top(const std::vector<Item>& items, const std::vector<std::uint32_t>& order,
             std::size_t per_group, GroupOf&& group_of, TermOf&& term_of, Groups& groups) {
  std::size_t taken = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Item& item = items[order[i]];
    if (i > 0 && group_of(items[order[i - 1]]) != group_of(item)) taken = 0;
    if (taken++ < per_group) groups.add(term_of(item));
  }
}

std::string entity_term(const EntityCount& entity) {
  return index::canonical_entity_term(entity.kind, entity.key);
}
std::string attribute_term(const AttributeKey& key) { return index::field_term(key.field, key.value); }
int entity_group(const EntityCount& entity) { return static_cast<int>(entity.kind); }
const std::string& attribute_group(const AttributeKey& key) { return key.field; }

// Indexes of sampled `items` by group, then most articles first.
template <typename Item, typename GroupOf>
std::vector<std::uint32_t> sample_order(const std::vector<Item>& items, GroupOf&& group_of) {
  std::vector<std::uint32_t> order(items.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (group_of(items[a]) != group_of(items[b])) return group_of(items[a]) < group_of(items[b]);
    return items[a].documents > items[b].documents;
  });
  return order;
}

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
                         const Candidate& candidate) {
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

// How many of `matches` can have a value seen `seen` times in a sample of
// `sampled` of them, with little risk of more: the sample's share, raised by
// kLikelyMargin standard deviations of a count drawn at random (Poisson) and
// by kLikelyMargin more for a value the sample met once or never. A sample is
// not drawn at random (the first matches in docid order), so this decides
// only what is worth counting, never what is reported.
std::size_t likely_at_most(std::size_t seen, std::size_t sampled, std::size_t matches) {
  if (sampled == 0) return matches;
  const double share_of_sample = (static_cast<double>(seen) + kLikelyMargin * std::sqrt(seen + 1.0) + kLikelyMargin) / sampled;
  return static_cast<std::size_t>(std::ceil(std::min(1.0, share_of_sample) * matches));
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

// Moves the counted candidates into `counts`. What the sample saw counts
// towards `distinct`, and each counted value it did not see.
void keep_counted(const std::vector<Group>& groups, const std::vector<EntityCount>& sampled_entities,
                  const std::vector<AttributeKey>& sampled_values, KeyedCounts& counts) {
  const std::size_t prefix = index::kFieldPrefix.size();
  for (const EntityCount& entity : sampled_entities) {
    ++counts.entity_distinct[static_cast<std::size_t>(entity.kind)];
  }
  for (const AttributeKey& value : sampled_values) ++counts.attributes.distinct[value.field];
  for (const Group& group : groups) {
    for (const auto& [term, candidate] : group.candidates) {
      if (!candidate.done || candidate.counted == 0) continue;
      const auto counted = static_cast<std::uint32_t>(candidate.counted);
      if (group.field.empty()) {
        counts.entities.push_back(
            {group.kind, term.substr(index::kCanonicalEntityPrefix.size() + 1), counted});
        counts.entity_distinct[static_cast<std::size_t>(group.kind)] += candidate.sampled == 0;
      } else {
        counts.attributes.values.push_back({group.field, term.substr(term.find(':', prefix) + 1), counted});
        counts.attributes.distinct[group.field] += candidate.sampled == 0;
      }
    }
  }
}

// The candidates still to count, strongest first within each group (most
// seen in the sample, then most articles in the index), the groups taken in
// turn so that each group's weakest kept value rises early.
std::vector<std::pair<Group*, Candidate*>> counting_order(std::vector<Group>& groups) {
  std::vector<std::vector<std::pair<Group*, Candidate*>>> by_group;
  for (Group& group : groups) {
    auto& queue = by_group.emplace_back();
    for (auto& [term, candidate] : group.candidates) {
      if (!candidate.done) queue.emplace_back(&group, &candidate);
    }
    std::stable_sort(queue.begin(), queue.end(), [](const auto& a, const auto& b) {
      if (a.second->sampled != b.second->sampled) return a.second->sampled > b.second->sampled;
      return a.second->upper > b.second->upper;
    });
  }
  std::vector<std::pair<Group*, Candidate*>> order;
  for (std::size_t rank = 0;; ++rank) {
    const std::size_t before = order.size();
    for (const auto& queue : by_group) {
      if (rank < queue.size()) order.push_back(queue[rank]);
    }
    if (order.size() == before) return order;
  }
}

}  // namespace

Xapian::doccount count_by_terms(const Xapian::Database& database, const Xapian::Query& query,
                                const FacetTermFrequencies& frequencies, std::size_t limit,
                                KeyedCounts& counts,
                                const EntityRepresentatives* representatives,
                                CountingConnections* connections, Xapian::doccount sample_size) {
  if (representatives && !representatives->maps_any) representatives = nullptr;
  Runner runner(database, query, connections);
  Groups groups(frequencies, representatives);

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
  std::optional<Sample> sample;
  runner.run(1, [&](std::size_t, const Xapian::Database& on, const Xapian::Query& base) {
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
    if (Candidate* candidate = groups.find(entity_term(entity))) {
      candidate->sampled = std::max<std::size_t>(candidate->sampled, entity.documents);
    }
  }
  for (const AttributeKey& value : sampled_attributes.values) {
    if (Candidate* candidate = groups.find(attribute_term(value))) candidate->sampled = value.documents;
  }
  const Xapian::doccount sampled = sample->entities.get_total();
  for (Group& group : groups.all) {
    for (auto& [term, candidate] : group.candidates) {
      candidate.upper = std::min<std::size_t>(candidate.upper, matches);
      // The first matches say only what the others can add at most.
      candidate.likely_upper = std::min(
          candidate.upper, drawn_at_random ? likely_at_most(candidate.sampled, sampled, matches)
                                           : candidate.sampled + (matches > sampled ? matches - sampled : 0));
      if (every_article && candidate.other_forms.empty()) {
        candidate.counted = candidate.upper;
        candidate.done = true;
        group.note(candidate.counted, limit);
      }
    }
  }

  // Then the candidates, strongest first, each only while it can still enter
  // its facet's top.
  const std::vector<std::pair<Group*, Candidate*>> order = counting_order(groups.all);
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

  keep_counted(groups.all, sampled_entities, sampled_attributes.values, counts);
  return matches;
}

}  // namespace dossier::search
