#include "search/facets.h"

#include <algorithm>
#include <unordered_map>

#include "index/schema.h"

namespace dossier::search {

std::shared_ptr<const FacetColumn> FacetColumn::Build(const Xapian::Database& database) {
  auto column = std::make_shared<FacetColumn>();
  column->offsets_.assign(static_cast<std::size_t>(database.get_lastdocid()) + 2, 0);
  std::unordered_map<std::string, std::uint32_t> ordinal_of;  // kind code + key
  std::string lookup;
  Xapian::docid previous = 0;
  for (auto value = database.valuestream_begin(index::kEntitiesSlot);
       value != database.valuestream_end(index::kEntitiesSlot); ++value) {
    const Xapian::docid docid = value.get_docid();
    // Documents with no value in between get empty ranges.
    for (Xapian::docid d = previous + 1; d <= docid; ++d) {
      column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
    }
    previous = docid;
    index::for_each_entity_key(*value, [&](EntityKind kind, std::string_view key) {
      lookup.assign(1, index::entity_kind_code(kind));
      lookup += key;
      auto [slot, added] = ordinal_of.try_emplace(lookup, column->keys_.size());
      if (added) column->keys_.push_back(Key{kind, std::string(key), 0});
      ++column->keys_[slot->second].documents;
      column->ordinals_.push_back(slot->second);
    });
  }
  for (std::size_t d = previous + 1; d < column->offsets_.size(); ++d) {
    column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
  }
  return column;
}

void FacetCounter::operator()(const Xapian::Document& document, double) {
  auto [begin, end] = column_->entities(document.get_docid());
  for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) ++counts_[*ordinal];
}

std::string display_name(const Xapian::Database& database, EntityKind kind,
                         const std::string& key) {
  std::string name = database.get_metadata(index::entity_name_key(kind, key));
  return name.empty() ? key : name;
}

std::vector<Facet> FacetCounter::facets(const Xapian::Database& database,
                                        std::size_t limit) const {
  std::vector<Facet> facets;
  for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
    std::vector<std::uint32_t> counted;
    for (std::uint32_t ordinal = 0; ordinal < counts_.size(); ++ordinal) {
      if (counts_[ordinal] && column_->key(ordinal).kind == kind) counted.push_back(ordinal);
    }
    // Most frequent first; ties by key, so results are stable.
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      if (counts_[a] != counts_[b]) return counts_[a] > counts_[b];
      return column_->key(a).key < column_->key(b).key;
    };
    std::size_t shown = std::min(limit, counted.size());
    std::partial_sort(counted.begin(), counted.begin() + static_cast<std::ptrdiff_t>(shown),
                      counted.end(), before);
    Facet facet;
    facet.kind = kind;
    facet.distinct = counted.size();
    for (std::size_t i = 0; i < shown; ++i) {
      const FacetColumn::Key& key = column_->key(counted[i]);
      facet.top.push_back({key.key, display_name(database, kind, key.key), counts_[counted[i]]});
    }
    facets.push_back(std::move(facet));
  }
  return facets;
}

}  // namespace dossier::search
