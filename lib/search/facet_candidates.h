// The values the two-phase count of term_facets.h counts exactly, grouped by
// facet: which values become candidates, the order they are counted in, and
// the bounds that skip a candidate that cannot enter its facet's top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/schema.h"
#include "search/entity_representatives.h"
#include "search/term_facets.h"

namespace dossier::search {

// Candidates per facet from the sample: a few beyond the `limit` most
// frequent there, as values just below the cut in a sample of a few hundred
// matches may belong in the top over every match. Each costs a count-only
// query. (At 10k articles per shard, 10 values a facet: 16 from the sample
// and 10 from the index-wide list, 45.6 candidates counted a search; 12 and
// 5, 33.8; 11 and 3, 31.1 but 99 of 105 top-5 lists right, not 105;
// bench/README.md.)
inline std::size_t sample_candidates(std::size_t limit) { return limit + limit / 5 + 1; }
// Candidates per facet from the index-wide frequent list.
inline std::size_t frequent_candidates(std::size_t limit) { return limit / 2 + 1; }
// Standard deviations of margin in likely_at_most (2 and 3 counted as many
// candidates and gave the same top values on the benchmark).
inline constexpr double kLikelyMargin = 3.0;

// One value to count exactly: its term (with the terms of its other forms,
// counted with it by OR), what the sample saw of it, and its articles in the
// whole index (an upper bound of its count in any match set).
struct FacetCandidate {
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
struct CandidateGroup {
  EntityKind kind = EntityKind::kPerson;
  std::string field;                            // empty for an entity kind
  std::map<std::string, FacetCandidate> candidates;  // by term
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
// EntityKind), then one per field as values of it come. Not thread-safe.
class CandidateGroups {
 public:
  CandidateGroups(const FacetTermFrequencies& frequencies, const EntityRepresentatives* representatives)
      : frequencies_(frequencies), representatives_(representatives) {
    for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
      all.push_back({kind, "", {}, {}});
    }
  }

  // The candidate for `term` (an XC or XF term), added if new. With
  // representatives, an entity's candidate is the entity its key stands for
  // across the index, in that entity's kind, with the terms of all its forms.
  FacetCandidate& add(const std::string& term) {
    const auto [group, counted_term, forms] = place(term);
    auto [at, added] = all[group].candidates.try_emplace(counted_term);
    FacetCandidate& candidate = at->second;
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
  FacetCandidate* find(const std::string& term) {
    const auto [group, counted_term, forms] = place(term);
    auto found = all[group].candidates.find(counted_term);
    return found == all[group].candidates.end() ? nullptr : &found->second;
  }

  std::vector<CandidateGroup> all;

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
             std::size_t per_group, GroupOf&& group_of, TermOf&& term_of, CandidateGroups& groups) {
  std::size_t taken = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Item& item = items[order[i]];
    if (i > 0 && group_of(items[order[i - 1]]) != group_of(item)) taken = 0;
    if (taken++ < per_group) groups.add(term_of(item));
  }
}

inline std::string entity_term(const EntityCount& entity) {
  return index::canonical_entity_term(entity.kind, entity.key);
}
inline std::string attribute_term(const AttributeKey& key) { return index::field_term(key.field, key.value); }
inline int entity_group(const EntityCount& entity) { return static_cast<int>(entity.kind); }
inline const std::string& attribute_group(const AttributeKey& key) { return key.field; }

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

// How many of `matches` can have a value seen `seen` times in a sample of
// `sampled` of them, with little risk of more: the sample's share, raised by
// kLikelyMargin standard deviations of a count drawn at random (Poisson) and
// by kLikelyMargin more for a value the sample met once or never. A sample is
// not drawn at random (the first matches in docid order), so this decides
// only what is worth counting, never what is reported.
std::size_t likely_at_most(std::size_t seen, std::size_t sampled, std::size_t matches);

// Moves the counted candidates into `counts`. What the sample saw counts
// towards `distinct`, and each counted value it did not see.
void keep_counted(const std::vector<CandidateGroup>& groups, const std::vector<EntityCount>& sampled_entities,
                  const std::vector<AttributeKey>& sampled_values, KeyedCounts& counts);

// The candidates still to count, strongest first within each group (most
// seen in the sample, then most articles in the index), the groups taken in
// turn so that each group's weakest kept value rises early.
std::vector<std::pair<CandidateGroup*, FacetCandidate*>> counting_order(std::vector<CandidateGroup>& groups);

}  // namespace dossier::search
