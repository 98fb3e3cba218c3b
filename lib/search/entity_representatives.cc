#include "search/entity_representatives.h"

#include <algorithm>
#include <map>

#include "entities/collection.h"
#include "index/schema.h"

namespace dossier::search {
namespace {

void lookup_key(EntityKind kind, std::string_view key, std::string& lookup) {
  lookup.assign(1, index::entity_kind_code(kind));
  lookup += key;
}

// Each entity that some article names, mapped by the collection rules; keys
// no article names any more stand for themselves and take no part, so that
// a deleted article's name never becomes what a live surname stands for.
std::vector<std::uint32_t> map_live_keys(const std::vector<EntityCount>& totals) {
  const auto n = static_cast<std::uint32_t>(totals.size());
  std::vector<std::uint32_t> of(n);
  std::vector<entities::CollectionEntity> live;
  std::vector<std::uint32_t> live_index;
  for (std::uint32_t i = 0; i < n; ++i) {
    of[i] = i;
    if (totals[i].documents == 0) continue;
    live.push_back({totals[i].kind, totals[i].key, totals[i].documents});
    live_index.push_back(i);
  }
  const std::vector<std::uint32_t> rep = entities::collection_representatives(live);
  for (std::size_t j = 0; j < live.size(); ++j) of[live_index[j]] = live_index[rep[j]];
  return of;
}

// Exact article counts per representative from the column, and what each
// article names more than once.
void count_articles(const FacetColumn& column, Xapian::docid last_docid,
                    EntityRepresentatives& found) {
  found.documents.assign(found.of.size(), 0);
  found.repeat_offsets.assign(static_cast<std::size_t>(last_docid) + 2, 0);
  std::vector<std::uint32_t> stands_for;
  for (Xapian::docid docid = 1; docid <= last_docid; ++docid) {
    auto [begin, end] = column.entities(docid);
    stands_for.clear();
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
      stands_for.push_back(found.of[*ordinal]);
    }
    std::sort(stands_for.begin(), stands_for.end());
    for (std::size_t i = 0; i < stands_for.size(); ++i) {
      if (i > 0 && stands_for[i] == stands_for[i - 1]) {
        found.repeated.push_back(stands_for[i]);
      } else {
        ++found.documents[stands_for[i]];
      }
    }
    found.repeat_offsets[docid + 1] = static_cast<std::uint32_t>(found.repeated.size());
  }
  if (found.repeated.empty()) found.repeat_offsets.clear();
}

}  // namespace

std::int64_t EntityRepresentatives::find(EntityKind kind, std::string_view key) const {
  std::string lookup;
  lookup_key(kind, key, lookup);
  auto found = index_of_.find(lookup);
  if (found == index_of_.end() || (*totals_)[found->second].documents == 0) return -1;
  return found->second;
}

std::vector<std::string> EntityRepresentatives::filter_terms(EntityKind kind,
                                                             std::string_view key) const {
  std::vector<std::string> terms{index::entity_term(kind, key)};
  const std::int64_t index = find(kind, key);
  if (index < 0) return terms;
  const std::uint32_t representative = of[static_cast<std::size_t>(index)];
  for (std::uint32_t i = form_offsets_[representative]; i < form_offsets_[representative + 1];
       ++i) {
    const EntityCount& form = (*totals_)[forms_[i]];
    if (forms_[i] != index) terms.push_back(index::entity_term(form.kind, form.key));
  }
  return terms;
}

EntityRepresentatives derive_representatives(const std::vector<EntityCount>& totals,
                                             const FacetColumn* column,
                                             Xapian::docid last_docid) {
  EntityRepresentatives found;
  found.totals_ = &totals;
  found.of = map_live_keys(totals);
  const auto n = static_cast<std::uint32_t>(totals.size());
  for (std::uint32_t i = 0; i < n; ++i) found.maps_any |= found.of[i] != i;

  // The forms of each representative, grouped (counting sort by representative).
  found.form_offsets_.assign(n + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++found.form_offsets_[found.of[i] + 1];
  for (std::uint32_t r = 0; r < n; ++r) found.form_offsets_[r + 1] += found.form_offsets_[r];
  found.forms_.resize(n);
  std::vector<std::uint32_t> next(found.form_offsets_.begin(), found.form_offsets_.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) found.forms_[next[found.of[i]]++] = i;

  found.index_of_.reserve(n);
  std::string lookup;
  for (std::uint32_t i = 0; i < n; ++i) {
    lookup_key(totals[i].kind, totals[i].key, lookup);
    found.index_of_.emplace(lookup, i);
  }

  if (column && found.maps_any) {
    count_articles(*column, last_docid, found);
  } else {
    found.documents.assign(n, 0);
    for (std::uint32_t i = 0; i < n; ++i) found.documents[found.of[i]] += totals[i].documents;
  }
  return found;
}

std::vector<EntityCount> split_by_representative(const Xapian::ValueCountMatchSpy& spy,
                                                 const EntityRepresentatives* representatives) {
  // Keyed by kind code + key; ordered, so results do not depend on hashing.
  std::map<std::string, std::uint64_t> counts;
  std::string lookup;
  std::vector<std::string> stands_for;  // this combination's entities, once each
  for (auto value = spy.values_begin(); value != spy.values_end(); ++value) {
    stands_for.clear();
    index::for_each_entity_key(*value, [&](EntityKind kind, std::string_view key) {
      const std::int64_t index = representatives ? representatives->find(kind, key) : -1;
      if (index >= 0) {
        const EntityCount& entity =
            (*representatives->totals_)[representatives->of[static_cast<std::size_t>(index)]];
        lookup_key(entity.kind, entity.key, lookup);
      } else {
        lookup_key(kind, key, lookup);
      }
      stands_for.push_back(lookup);
    });
    std::sort(stands_for.begin(), stands_for.end());
    stands_for.erase(std::unique(stands_for.begin(), stands_for.end()), stands_for.end());
    for (const std::string& entity : stands_for) counts[entity] += value.get_termfreq();
  }
  std::vector<EntityCount> split;
  split.reserve(counts.size());
  for (const auto& [entity, articles] : counts) {
    EntityKind kind;
    index::entity_kind_from_code(entity[0], kind);
    split.push_back({kind, entity.substr(1), static_cast<std::uint32_t>(articles)});
  }
  return split;
}

}  // namespace dossier::search
