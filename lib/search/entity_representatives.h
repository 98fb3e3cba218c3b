// One entity, one name in facets, filters and suggestions (issue 10).
//
// The tagger decides an entity's kind one article at a time, and an article
// naming a person by surname alone keeps the surname as its key; across the
// index entities/collection.h settles both ("Trump" alone is Donald Trump when
// the index knows one Trump; "Lima" tagged a place in most articles is a place
// everywhere). Everything a reader sees goes through that mapping:
//   - facets count each article once for the entity each of its keys stands
//     for (an article naming "Trump" and "Donald Trump" counts once);
//   - a filter on an entity matches the terms of every key standing for it,
//     so that a facet value's count is what filtering by it finds;
//   - suggestions offer the representative with the articles of all its forms.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "search/facet_column.h"

namespace dossier::search {

// Derived once per index revision from the entity totals; read-only after.
// Not thread-safe to build, safe to read from many threads.
struct EntityRepresentatives {
  // By totals index: the totals index of the entity it stands for (itself
  // when it stands for itself, and always for a key no article names).
  std::vector<std::uint32_t> of;
  // By totals index, meaningful for representatives: the articles naming any
  // of its forms. Exact (each article once) when derived with a column;
  // otherwise the sum over forms, which counts an article naming two twice.
  std::vector<std::uint32_t> documents;
  // False when every key stands for itself: counting needs no mapping.
  bool maps_any = false;
  // What facet counting reads when keys map (maps_any): the rows of the
  // column these were derived for (its keys are the totals), each article's
  // keys replaced by the entities they stand for, each once. Null otherwise;
  // a counter given none counts each key as itself. Set by
  // add_counted_rows.
  std::shared_ptr<const DocidRows> counted_rows;

  // The totals index of (kind, key), or -1 when no article names it.
  std::int64_t find(EntityKind kind, std::string_view key) const;
  // The totals index of (kind, key) whether or not an article names it, or -1.
  std::int64_t position(EntityKind kind, std::string_view key) const;
  // The filter terms for the entity (kind, key) stands for: the term of every
  // key standing for it, the term of (kind, key) itself first. Just that term
  // when the index does not know the key as an entity (an alias key).
  std::vector<std::string> filter_terms(EntityKind kind, std::string_view key) const;
  // The entity (kind, key) stands for, then its other forms; empty when no
  // article names (kind, key).
  std::vector<const EntityCount*> forms(EntityKind kind, std::string_view key) const;

  // Internal: forms_[form_offsets_[r] .. form_offsets_[r + 1]) are the totals
  // indexes standing for r; by_key_ finds a totals index by binary search.
  std::vector<std::uint32_t> form_offsets_;
  std::vector<std::uint32_t> forms_;
  std::vector<std::uint32_t> by_key_;  // totals indexes in (kind, key) order
  const std::vector<EntityCount>* totals_ = nullptr;
};

// Applies entities::collection_representatives to `totals` (keys no article
// names any more take no part). With `column` (whose keys are `totals`, one
// local index), counts each representative's articles exactly (a pass over
// every article); `last_docid` bounds the column. `key_order` lists the
// totals indexes in (kind, key) order when known (FacetColumn::by_key; given
// `column`, its own); otherwise it is found by sorting.
EntityRepresentatives derive_representatives(const std::vector<EntityCount>& totals,
                                             const FacetColumn* column = nullptr,
                                             Xapian::docid last_docid = 0,
                                             const std::vector<std::uint32_t>* key_order = nullptr);

// Sets `representatives.counted_rows` from `column` when any key maps: a
// pass over the column's ordinals, so that counting a match is a few array
// reads with no mapping and no check for an entity met twice. With
// `earlier`, the representatives of an earlier revision and `earlier_column`,
// the column they were made for: when the two columns number keys alike
// (FacetColumn::numbering), a block of rows the two share keeps its counted
// rows unless one of its keys now stands for another entity, so that the
// pass covers only what the commits since touched.
void add_counted_rows(EntityRepresentatives& representatives, const FacetColumn& column,
                      const EntityRepresentatives* earlier = nullptr,
                      const FacetColumn* earlier_column = nullptr);

// `base` carried over to `totals`: the keys of base's totals first, in the
// same order, with other article counts, then any keys new since (a later
// revision of an extended column). Carried when no known key changed its
// liveness (named by some article or by none) and no name changed the kind
// most of its articles give it, and each new key stands for itself and
// cannot tie any other (a name no other key has; for a person, no key named
// as one of its tails and no person whose tail it is): then every known key
// stands for the same entity as before and only `documents` moves. Without a
// column: `documents` sums the forms. Nullopt otherwise: derive afresh.
// O(keys, plus a pass over them per new person and over the new keys per new
// key; more than 8 new people or 256 new keys derive afresh), with no hashing
// of keys: far cheaper than derive_representatives. `key_order` as derive_representatives
// takes it; `known_keys_unchanged`: the caller knows base's keys open
// `totals` (a column extended with the same numbering), so they are not
// compared.
std::optional<EntityRepresentatives> carry_representatives(
    const EntityRepresentatives& base, const std::vector<EntityCount>& totals,
    const std::vector<std::uint32_t>* key_order = nullptr, bool known_keys_unchanged = false);

// The representatives of `column`, the shared column of one local index
// (SharedFacetColumn) whose uuid is `index_uuid`, shared by every Searcher of
// that index in the process and carried over from the previous revision's
// when carry_representatives allows (updates, corrections, re-sent articles
// and most new names do; a commit that makes a name ambiguous derives afresh). Keeps
// `column` alive as long as the result. Thread-safe.
std::shared_ptr<const EntityRepresentatives> SharedRepresentatives(
    const std::string& index_uuid, std::shared_ptr<const FacetColumn> column);

// Counts the entities of a ValueCountMatchSpy on kEntitiesSlot by
// representative: each combination (one or more articles' whole key list) adds
// its articles once to each entity its keys stand for; without
// `representatives`, once to each of its keys (split_combinations). Sorted by
// kind code, then key.
std::vector<EntityCount> split_by_representative(const Xapian::ValueCountMatchSpy& spy,
                                                 const EntityRepresentatives* representatives);

}  // namespace dossier::search
