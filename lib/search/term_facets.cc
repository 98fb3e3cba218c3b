#include "search/term_facets.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <queue>
#include <string_view>

#include "index/schema.h"
#include "search/facets.h"

namespace dossier::search {
namespace {

// Candidates per facet from the sample: a few beyond the `limit` most
// frequent there, as values just below the cut in a sample of a few hundred
// matches may belong in the top over every match. Each costs a round trip.
// (limit + 2 and 5 from the list: 86 of 105 top-5 lists right at 10k
// articles per shard, against 104 with these; bench/README.md.)
std::size_t sample_candidates(std::size_t limit) { return limit + limit / 2 + 1; }
// Candidates per facet from the index-wide frequent list.
std::size_t frequent_candidates(std::size_t limit) { return limit; }

// One value to count exactly: its term, what the sample saw of it, and its
// articles in the whole index (an upper bound of its count in any match set).
struct Candidate {
  std::string term;
  std::vector<std::string> other_forms;  // terms counted with `term` (OR)
  std::size_t sampled = 0;
  std::size_t upper = std::numeric_limits<std::size_t>::max();
  std::size_t counted = 0;
};

// The candidates of every group (kind or field): the `sample_candidates`
// values of each group most frequent in `sampled`, and the `limit` most
// frequent in the whole index (`frequent` in `frequent_order`: by group, then
// most articles first).
template <typename Item, typename GroupOf, typename TermOf>
std::vector<Candidate> choose(const std::vector<Item>& sampled, const std::vector<Item>& frequent,
                              const std::vector<std::uint32_t>& frequent_order,
                              const FacetTermFrequencies& frequencies, std::size_t limit,
                              GroupOf&& group_of, TermOf&& term_of) {
  std::map<std::string, Candidate> chosen;
  auto take_top = [&](const std::vector<Item>& items, const std::vector<std::uint32_t>& order,
                      std::size_t per_group, bool from_sample) {
    std::size_t taken = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Item& item = items[order[i]];
      if (i > 0 && group_of(items[order[i - 1]]) != group_of(item)) taken = 0;
      if (taken++ >= per_group) continue;
      std::string term = term_of(item);
      Candidate& candidate = chosen[term];
      if (from_sample) candidate.sampled = item.documents;
      candidate.term = std::move(term);
    }
  };
  std::vector<std::uint32_t> sample_order(sampled.size());
  for (std::uint32_t i = 0; i < sample_order.size(); ++i) sample_order[i] = i;
  std::stable_sort(sample_order.begin(), sample_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (group_of(sampled[a]) != group_of(sampled[b])) return group_of(sampled[a]) < group_of(sampled[b]);
    return sampled[a].documents > sampled[b].documents;
  });
  take_top(sampled, sample_order, sample_candidates(limit), true);
  take_top(frequent, frequent_order, frequent_candidates(limit), false);
  std::vector<Candidate> candidates;
  candidates.reserve(chosen.size());
  for (auto& [term, candidate] : chosen) {
    candidate.upper = frequencies.frequency(term);
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

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
// combinations they have.
struct Sample {
  Xapian::ValueCountMatchSpy entities{index::kEntitiesSlot};
  Xapian::ValueCountMatchSpy attributes{index::kAttributesSlot};
  Xapian::ValueCountMatchSpy days{index::kPublishedSlot};
  Xapian::doccount matches = 0;
  bool complete = false;  // every match was seen

  Sample(const Xapian::Database& database, const Xapian::Query& query, Xapian::doccount size) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&entities);
    enquire.add_matchspy(&attributes);
    enquire.add_matchspy(&days);
    const Xapian::MSet seen = enquire.get_mset(0, 0, size);
    matches = seen.get_matches_estimated();
    complete = seen.get_matches_lower_bound() == seen.get_matches_upper_bound() &&
               entities.get_total() == matches;
  }
};

// The exact number of matches of `query` FILTER each candidate's term, with
// `connections` in parallel when given (their round trips overlap), else
// one after the other on `database`.
void count_batch(const Xapian::Database& database, const Xapian::Query& query,
                 const std::vector<Candidate*>& batch, CountingConnections* connections) {
  if (batch.empty()) return;
  auto count_some = [&](const Xapian::Database& on, const Xapian::Query& base, std::size_t first,
                        std::size_t step) {
    Xapian::Enquire enquire(on);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount all = on.get_doccount();
    for (std::size_t i = first; i < batch.size(); i += step) {
      const Candidate& candidate = *batch[i];
      Xapian::Query value(candidate.term);
      if (!candidate.other_forms.empty()) {
        value = Xapian::Query(Xapian::Query::OP_OR, candidate.other_forms.begin(),
                              candidate.other_forms.end());
        value = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(candidate.term), value);
      }
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, base, value));
      batch[i]->counted = enquire.get_mset(0, 0, all).get_matches_estimated();
    }
  };
  if (!connections || connections->databases.empty() || batch.size() == 1) {
    count_some(database, query, 0, 1);
    return;
  }
  // A Query's reference count is not atomic: each worker makes its own copy.
  const std::string serialised = query.serialise();
  const std::size_t workers = connections->databases.size();
  connections->pool.start([&](unsigned worker) {
    if (worker >= workers) return;
    count_some(connections->databases[worker], Xapian::Query::unserialise(serialised), worker,
               workers);
  });
  connections->pool.wait();
}

// One facet's candidates: an entity kind, or a field.
struct Group {
  EntityKind kind = EntityKind::kPerson;
  std::string field;  // empty for an entity kind
  std::vector<Candidate> candidates;
};

// Counts every group's candidates in two rounds: the `limit` best sampled of
// each, then the rest whose index-wide count (an upper bound) can still beat
// the weakest of the `limit` best counted in the first round.
void count_groups(const Xapian::Database& database, const Xapian::Query& query,
                  std::vector<Group>& groups, std::size_t limit, CountingConnections* connections) {
  std::vector<Candidate*> batch;
  for (Group& group : groups) {
    std::stable_sort(group.candidates.begin(), group.candidates.end(),
                     [](const Candidate& a, const Candidate& b) {
                       if (a.sampled != b.sampled) return a.sampled > b.sampled;
                       return a.upper > b.upper;
                     });
    for (std::size_t i = 0; i < group.candidates.size() && i < limit; ++i) {
      batch.push_back(&group.candidates[i]);
    }
  }
  count_batch(database, query, batch, connections);
  batch.clear();
  for (Group& group : groups) {
    std::vector<std::size_t> first;
    for (std::size_t i = 0; i < group.candidates.size() && i < limit; ++i) {
      first.push_back(group.candidates[i].counted);
    }
    std::size_t weakest = 0;
    if (first.size() >= limit && limit > 0) weakest = *std::min_element(first.begin(), first.end());
    // A tie with the weakest can still win on its key: count it.
    for (std::size_t i = limit; i < group.candidates.size(); ++i) {
      if (group.candidates[i].upper >= std::max<std::size_t>(weakest, 1)) {
        batch.push_back(&group.candidates[i]);
      }
    }
  }
  count_batch(database, query, batch, connections);
}

// Makes each entity candidate the entity it stands for across the index,
// counted by the terms of all its forms; candidates standing for one entity
// become one, which may move to another kind's group (a majority kind).
void regroup_by_representative(std::vector<Group>& groups,
                               const EntityRepresentatives& representatives,
                               const FacetTermFrequencies& frequencies) {
  std::map<std::string, Candidate> merged;  // by the representative's term
  for (std::size_t g = 0; g < 3; ++g) {
    for (Candidate& candidate : groups[g].candidates) {
      const std::string_view key =
          std::string_view(candidate.term).substr(index::kCanonicalEntityPrefix.size() + 1);
      const std::vector<const EntityCount*> forms = representatives.forms(groups[g].kind, key);
      if (forms.size() <= 1) {
        Candidate& kept = merged[candidate.term];
        kept.sampled = std::max(kept.sampled, candidate.sampled);
        kept.upper = candidate.upper;
        kept.term = std::move(candidate.term);
        continue;
      }
      std::string term = index::canonical_entity_term(forms[0]->kind, forms[0]->key);
      auto [at, added] = merged.try_emplace(term);
      Candidate& entity = at->second;
      if (added) {
        entity.term = std::move(term);
        entity.upper = 0;
        for (std::size_t f = 0; f < forms.size(); ++f) {
          std::string form_term = index::canonical_entity_term(forms[f]->kind, forms[f]->key);
          entity.upper += frequencies.frequency(form_term);
          if (f > 0) entity.other_forms.push_back(std::move(form_term));
        }
      }
      entity.sampled = std::max(entity.sampled, candidate.sampled);
    }
    groups[g].candidates.clear();
  }
  for (auto& [term, candidate] : merged) {
    EntityKind kind;
    index::entity_kind_from_code(term[index::kCanonicalEntityPrefix.size()], kind);
    groups[static_cast<std::size_t>(kind)].candidates.push_back(std::move(candidate));
  }
}

// Moves the counted candidates into `counts`. What the sample saw counts
// towards `distinct`, and each counted value it did not see.
void keep_counted(const std::vector<Group>& groups, const std::vector<EntityCount>& sampled_entities,
                  const std::vector<AttributeKey>& sampled_values, KeyedCounts& counts) {
  const std::size_t prefix = index::kFieldPrefix.size();
  for (const EntityCount& entity : sampled_entities) {
    ++counts.entity_distinct[static_cast<std::size_t>(entity.kind)];
  }
  counts.attributes.distinct_exact = false;
  for (const AttributeKey& value : sampled_values) ++counts.attributes.distinct[value.field];
  for (const Group& group : groups) {
    for (const Candidate& candidate : group.candidates) {
      if (candidate.counted == 0) continue;
      const auto counted = static_cast<std::uint32_t>(candidate.counted);
      if (group.field.empty()) {
        counts.entities.push_back(
            {group.kind, candidate.term.substr(index::kCanonicalEntityPrefix.size() + 1), counted});
        counts.entity_distinct[static_cast<std::size_t>(group.kind)] += candidate.sampled == 0;
      } else {
        counts.attributes.values.push_back(
            {group.field, candidate.term.substr(candidate.term.find(':', prefix) + 1), counted});
        counts.attributes.distinct[group.field] += candidate.sampled == 0;
      }
    }
  }
}

}  // namespace

Xapian::doccount count_by_terms(const Xapian::Database& database, const Xapian::Query& query,
                                const FacetTermFrequencies& frequencies, std::size_t limit,
                                KeyedCounts& counts,
                                const EntityRepresentatives* representatives,
                                CountingConnections* connections, Xapian::doccount sample_size) {
  if (representatives && !representatives->maps_any) representatives = nullptr;
  Sample sample(database, query, sample_size);
  std::vector<EntityCount> sampled_entities =
      split_by_representative(sample.entities, representatives);
  if (sample.complete) {
    counts.complete = true;
    counts.attributes = split_attribute_counts(sample.attributes, sample.days, sample.matches);
    for (const EntityCount& entity : sampled_entities) {
      ++counts.entity_distinct[static_cast<std::size_t>(entity.kind)];
    }
    counts.entities = std::move(sampled_entities);
    return sample.matches;
  }
  counts.complete = false;

  // Every match, for the exact total and the timeline (one value per day).
  Xapian::Enquire whole(database);
  whole.set_query(query);
  whole.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::ValueCountMatchSpy days(index::kPublishedSlot);
  whole.add_matchspy(&days);
  const Xapian::doccount matches =
      whole.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
  AttributeCounts sampled_attributes = split_attribute_counts(sample.attributes, days, matches);
  counts.attributes.days = std::move(sampled_attributes.days);
  counts.attributes.undated = sampled_attributes.undated;

  // The candidates, by entity kind and by field.
  std::vector<Group> groups;
  for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
    groups.push_back({kind, "", {}});
  }
  for (Candidate& candidate : choose(
           sampled_entities, frequencies.entities, frequencies.entities_by_frequency, frequencies,
           limit, [](const EntityCount& entity) { return static_cast<int>(entity.kind); },
           [](const EntityCount& entity) {
             return index::canonical_entity_term(entity.kind, entity.key);
           })) {
    EntityKind kind;
    index::entity_kind_from_code(candidate.term[index::kCanonicalEntityPrefix.size()], kind);
    groups[static_cast<std::size_t>(kind)].candidates.push_back(std::move(candidate));
  }
  if (representatives) regroup_by_representative(groups, *representatives, frequencies);
  std::map<std::string, std::size_t> field_group;
  const std::size_t prefix = index::kFieldPrefix.size();
  for (Candidate& candidate : choose(
           sampled_attributes.values, frequencies.attributes, frequencies.attributes_by_frequency,
           frequencies, limit, [](const AttributeKey& key) -> const std::string& { return key.field; },
           [](const AttributeKey& key) { return index::field_term(key.field, key.value); })) {
    std::string field = candidate.term.substr(prefix, candidate.term.find(':', prefix) - prefix);
    auto [at, added] = field_group.try_emplace(field, groups.size());
    if (added) groups.push_back({EntityKind::kPerson, std::move(field), {}});
    groups[at->second].candidates.push_back(std::move(candidate));
  }
  count_groups(database, query, groups, limit, connections);

  keep_counted(groups, sampled_entities, sampled_attributes.values, counts);
  return matches;
}

}  // namespace dossier::search
