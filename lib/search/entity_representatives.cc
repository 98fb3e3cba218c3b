#include "search/entity_representatives.h"

#include <algorithm>
#include <map>
#include <span>
#include <tuple>

#include "entities/collection.h"
#include "index/schema.h"
#include "util/latest_per_index.h"

namespace dossier::search {
namespace {

void lookup_key(EntityKind kind, std::string_view key, std::string& lookup) {
  lookup.assign(1, index::entity_kind_code(kind));
  lookup += key;
}

// Each entity that some article names, mapped by the collection rules; keys
// no article names any more stand for themselves and take no part, so that
// a deleted article's name never becomes what a live surname stands for.
// The rules see the keys in key order (`by_key`), whatever their numbering:
// a column extended across commits and one read afresh map alike.
std::vector<std::uint32_t> map_live_keys(const std::vector<EntityCount>& totals,
                                         const std::vector<std::uint32_t>& by_key) {
  const auto n = static_cast<std::uint32_t>(totals.size());
  std::vector<std::uint32_t> of(n);
  std::vector<entities::CollectionEntity> live;
  std::vector<std::uint32_t> live_index;
  for (std::uint32_t i = 0; i < n; ++i) of[i] = i;
  for (std::uint32_t i : by_key) {
    if (totals[i].documents == 0) continue;
    live.push_back({totals[i].kind, totals[i].key, totals[i].documents});
    live_index.push_back(i);
  }
  const std::vector<std::uint32_t> rep = entities::collection_representatives(live);
  for (std::size_t j = 0; j < live.size(); ++j) of[live_index[j]] = live_index[rep[j]];
  return of;
}

// Takes back the second count of each article naming one entity by two keys.
// An article's keys are distinct, so only one with a key standing for
// another can repeat one: the others cost a pass over their ordinals, not a
// sort.
void subtract_repeats(const FacetColumn& column, Xapian::docid last_docid,
                      EntityRepresentatives& found) {
  std::vector<std::uint32_t> stands_for;
  for (Xapian::docid docid = 1; docid <= last_docid; ++docid) {
    auto [begin, end] = column.entities(docid);
    if (std::none_of(begin, end, [&](std::uint32_t o) { return found.of[o] != o; })) continue;
    stands_for.clear();
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
      stands_for.push_back(found.of[*ordinal]);
    }
    std::sort(stands_for.begin(), stands_for.end());
    for (std::size_t i = 1; i < stands_for.size(); ++i) {
      if (stands_for[i] == stands_for[i - 1]) --found.documents[stands_for[i]];
    }
  }
}

// The kind collection_representatives gives `key`: the totals index of its
// entry named by the most articles (the first kind on a tie), or -1 when
// no article names it under any kind. `counts` are the article counts to
// judge by, `found` locates the entries.
std::int64_t majority_entry(const EntityRepresentatives& found, const std::vector<EntityCount>& counts,
                            std::string_view key) {
  std::int64_t best = -1;
  for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
    const std::int64_t at = found.position(kind, key);
    if (at < 0 || counts[static_cast<std::size_t>(at)].documents == 0) continue;
    const std::uint32_t documents = counts[static_cast<std::size_t>(at)].documents;
    if (best < 0 || documents > counts[static_cast<std::size_t>(best)].documents) {
      best = at;
    }
  }
  return best;
}

void sum_documents_of_forms(const std::vector<EntityCount>& totals, EntityRepresentatives& found) {
  found.documents.assign(totals.size(), 0);
  for (std::size_t i = 0; i < totals.size(); ++i) found.documents[found.of[i]] += totals[i].documents;
}

// found.by_key_: `key_order` when known, else the totals indexes sorted
// (remote totals come in kind code order).
void order_by_key(const std::vector<EntityCount>& totals, const std::vector<std::uint32_t>* key_order,
                  EntityRepresentatives& found) {
  if (key_order) {
    found.by_key_ = *key_order;
    return;
  }
  const auto n = static_cast<std::uint32_t>(totals.size());
  found.by_key_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) found.by_key_[i] = i;
  auto key_less = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(totals[a].kind, totals[a].key) < std::tie(totals[b].kind, totals[b].key);
  };
  if (!std::is_sorted(found.by_key_.begin(), found.by_key_.end(), key_less)) {
    std::sort(found.by_key_.begin(), found.by_key_.end(), key_less);
  }
}

// The forms of each representative, grouped (counting sort by representative).
void group_forms(EntityRepresentatives& found) {
  const auto n = static_cast<std::uint32_t>(found.of.size());
  found.form_offsets_.assign(n + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++found.form_offsets_[found.of[i] + 1];
  for (std::uint32_t r = 0; r < n; ++r) found.form_offsets_[r + 1] += found.form_offsets_[r];
  found.forms_.resize(n);
  std::vector<std::uint32_t> next(found.form_offsets_.begin(), found.form_offsets_.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) found.forms_[next[found.of[i]]++] = i;
}

bool is_tail_of(std::string_view tail, std::string_view name) {
  return name.size() > tail.size() && name.ends_with(tail) && name[name.size() - tail.size() - 1] == ' ';
}

// Whether the keys totals[known..] (new since `base`) leave every mapping as
// it was and each stand for itself under the collection rules: no other key
// has the same name (the majority kind could move), and a new person's name
// is no person's surname and none of its own tails names a key (the surname
// rule could tie them). Conservative: a refusal derives afresh. Each new
// person costs a pass over the keys, so a commit naming many derives afresh.
bool new_keys_stand_alone(const EntityRepresentatives& base, const std::vector<EntityCount>& totals,
                          std::size_t known) {
  constexpr std::size_t kMostNewPeople = 8;
  // Each new key is also compared with every other new one.
  constexpr std::size_t kMostNewKeys = 256;
  const std::size_t n = totals.size();
  if (n - known > kMostNewKeys) return false;
  std::size_t people = 0;
  for (std::size_t i = known; i < n; ++i) people += totals[i].kind == EntityKind::kPerson;
  if (people > kMostNewPeople) return false;
  // Whether a key other than totals[self] has this name, whatever its kind.
  auto named = [&](std::string_view name, std::size_t self) {
    for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
      if (base.position(kind, name) >= 0) return true;
    }
    for (std::size_t j = known; j < n; ++j) {
      if (j != self && totals[j].key == name) return true;
    }
    return false;
  };
  for (std::size_t i = known; i < n; ++i) {
    const std::string_view name = totals[i].key;
    if (named(name, i)) return false;
    if (totals[i].kind != EntityKind::kPerson) continue;
    for (std::size_t space = name.find(' '); space != std::string_view::npos;
         space = name.find(' ', space + 1)) {
      if (named(name.substr(space + 1), n)) return false;
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (totals[j].kind == EntityKind::kPerson && is_tail_of(name, totals[j].key)) return false;
    }
  }
  return true;
}

}  // namespace

std::int64_t EntityRepresentatives::position(EntityKind kind, std::string_view key) const {
  const std::vector<EntityCount>& totals = *totals_;
  auto found = std::lower_bound(by_key_.begin(), by_key_.end(), 0u, [&](std::uint32_t i, unsigned) {
    return totals[i].kind != kind ? totals[i].kind < kind : totals[i].key < key;
  });
  if (found == by_key_.end() || totals[*found].kind != kind || totals[*found].key != key) return -1;
  return *found;
}

std::int64_t EntityRepresentatives::find(EntityKind kind, std::string_view key) const {
  const std::int64_t found = position(kind, key);
  if (found < 0 || (*totals_)[static_cast<std::size_t>(found)].documents == 0) return -1;
  return found;
}

std::vector<std::string> EntityRepresentatives::filter_terms(EntityKind kind,
                                                             std::string_view key) const {
  std::vector<std::string> terms{index::entity_term(kind, key)};
  for (const EntityCount* form : forms(kind, key)) {
    if (form->kind != kind || form->key != key) terms.push_back(index::entity_term(form->kind, form->key));
  }
  return terms;
}

std::vector<const EntityCount*> EntityRepresentatives::forms(EntityKind kind,
                                                             std::string_view key) const {
  std::vector<const EntityCount*> found;
  const std::int64_t index = find(kind, key);
  if (index < 0) return found;
  const std::uint32_t representative = of[static_cast<std::size_t>(index)];
  found.push_back(&(*totals_)[representative]);
  for (std::uint32_t i = form_offsets_[representative]; i < form_offsets_[representative + 1];
       ++i) {
    if (forms_[i] != representative) found.push_back(&(*totals_)[forms_[i]]);
  }
  return found;
}

EntityRepresentatives derive_representatives(const std::vector<EntityCount>& totals,
                                             const FacetColumn* column,
                                             Xapian::docid last_docid,
                                             const std::vector<std::uint32_t>* key_order) {
  EntityRepresentatives found;
  found.totals_ = &totals;
  const auto n = static_cast<std::uint32_t>(totals.size());
  order_by_key(totals, column ? &column->by_key() : key_order, found);
  found.of = map_live_keys(totals, found.by_key_);
  for (std::uint32_t i = 0; i < n; ++i) found.maps_any |= found.of[i] != i;
  group_forms(found);
  sum_documents_of_forms(totals, found);
  if (column && found.maps_any) subtract_repeats(*column, last_docid, found);
  return found;
}

void add_counted_rows(EntityRepresentatives& representatives, const FacetColumn& column,
                      const EntityRepresentatives* earlier, const FacetColumn* earlier_column) {
  representatives.counted_rows.reset();
  if (!representatives.maps_any) return;
  const std::vector<std::uint32_t>& of = representatives.of;
  const bool reuse = earlier && earlier_column && earlier->counted_rows &&
                     earlier_column->numbering() == column.numbering();
  // Keys that stand for another entity than before: a block naming one is
  // counted afresh. (Keys new since name only rows of touched blocks.)
  std::vector<bool> remapped;
  if (reuse) {
    const std::size_t known = std::min(of.size(), earlier->of.size());
    for (std::size_t o = 0; o < known; ++o) {
      if (of[o] == earlier->of[o]) continue;
      remapped.resize(known, false);
      remapped[o] = true;
    }
  }
  auto still_counted = [&](std::span<const std::uint32_t> ordinals) {
    return remapped.empty() ||
           std::none_of(ordinals.begin(), ordinals.end(), [&](std::uint32_t o) { return remapped[o]; });
  };
  // By representative: the last article that emitted it.
  std::vector<Xapian::docid> last(of.size(), 0);
  representatives.counted_rows = std::make_shared<const DocidRows>(DocidRows::Rewritten(
      column.rows(),
      [&](Xapian::docid docid, const std::uint32_t* begin, const std::uint32_t* end, auto emit) {
        for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
          const std::uint32_t counted = of[*ordinal];
          if (last[counted] == docid) continue;  // one entity named by two keys
          last[counted] = docid;
          emit(counted);
        }
      },
      reuse ? &earlier_column->rows() : nullptr, reuse ? earlier->counted_rows.get() : nullptr,
      still_counted));
}

std::optional<EntityRepresentatives> carry_representatives(
    const EntityRepresentatives& base, const std::vector<EntityCount>& totals,
    const std::vector<std::uint32_t>* key_order, bool known_keys_unchanged) {
  const std::vector<EntityCount>& before = *base.totals_;
  const std::size_t known = before.size();
  if (totals.size() < known) return std::nullopt;
  if (!known_keys_unchanged &&
      !std::equal(before.begin(), before.end(), totals.begin(), [](const auto& x, const auto& y) {
        return x.kind == y.kind && x.key == y.key;
      })) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < known; ++i) {
    if (before[i].documents == totals[i].documents) continue;
    if ((before[i].documents == 0) != (totals[i].documents == 0)) return std::nullopt;
    if (majority_entry(base, before, totals[i].key) != majority_entry(base, totals, totals[i].key)) {
      return std::nullopt;
    }
  }
  if (!new_keys_stand_alone(base, totals, known)) return std::nullopt;
  EntityRepresentatives carried = base;
  carried.totals_ = &totals;
  if (totals.size() > known) {
    for (auto i = static_cast<std::uint32_t>(known); i < totals.size(); ++i) carried.of.push_back(i);
    order_by_key(totals, key_order, carried);
    group_forms(carried);
  }
  sum_documents_of_forms(totals, carried);
  return carried;
}

std::shared_ptr<const EntityRepresentatives> SharedRepresentatives(
    const std::string& index_uuid, std::shared_ptr<const FacetColumn> column) {
  struct Entry {
    std::shared_ptr<const FacetColumn> column;  // what representatives.totals_ points into
    EntityRepresentatives representatives;
    Xapian::rev revision() const { return column->revision(); }
  };
  static auto* entries = new util::LatestPerIndex<Entry>;
  const std::shared_ptr<const Entry> entry = entries->get(
      index_uuid,
      // Ordinals are the column's own: only the very column will do.
      [&](const Entry& latest) { return latest.column == column; },
      [&](const std::shared_ptr<const Entry>& latest) {
        auto made = std::make_shared<Entry>();
        made->column = column;
        std::optional<EntityRepresentatives> carried;
        if (latest && latest->revision() < made->revision()) {
          // An extended column only appends keys: with the same numbering,
          // the keys it had are where they were.
          carried = carry_representatives(latest->representatives, column->keys(), &column->by_key(),
                                          latest->column->numbering() == column->numbering());
        }
        made->representatives =
            carried ? std::move(*carried)
                    : derive_representatives(column->keys(), nullptr, 0, &column->by_key());
        if (latest) {
          add_counted_rows(made->representatives, *column, &latest->representatives,
                           latest->column.get());
        } else {
          add_counted_rows(made->representatives, *column);
        }
        return std::shared_ptr<const Entry>(std::move(made));
      });
  // Aliasing: the caller's pointer keeps the entry, and so the column, alive.
  return std::shared_ptr<const EntityRepresentatives>(entry, &entry->representatives);
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
