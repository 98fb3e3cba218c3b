#include "search/facet_column.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "index/change_log.h"
#include "index/schema.h"
#include "util/latest_per_index.h"

namespace dossier::search {
namespace {

bool key_less(const EntityCount& a, EntityKind kind, std::string_view key) {
  if (a.kind != kind) return a.kind < kind;
  return a.key < key;
}

// Ordinals of entities met in documents being read, new ones added to `keys`
// after `known` (the keys of a sorted base, found by binary search).
class KeyNumbering {
 public:
  KeyNumbering(std::vector<EntityCount>& keys, std::size_t known) : keys_(keys), known_(known) {}

  std::uint32_t ordinal(EntityKind kind, std::string_view key) {
    auto end = keys_.begin() + static_cast<std::ptrdiff_t>(known_);
    auto found = std::lower_bound(keys_.begin(), end, key, [&](const EntityCount& a, std::string_view k) {
      return key_less(a, kind, k);
    });
    if (found != end && found->kind == kind && found->key == key) {
      return static_cast<std::uint32_t>(found - keys_.begin());
    }
    lookup_.assign(1, index::entity_kind_code(kind));
    lookup_ += key;
    auto [slot, added] = added_.try_emplace(lookup_, static_cast<std::uint32_t>(keys_.size()));
    if (added) keys_.push_back(EntityCount{kind, std::string(key), 0});
    return slot->second;
  }

  // For DocidRows: the ordinals of an encoded kEntitiesSlot value.
  auto ordinals_of() {
    return [this](std::string_view value, auto emit) {
      index::for_each_entity_key(value, [&](EntityKind kind, std::string_view key) {
        emit(ordinal(kind, key));
      });
    };
  }

 private:
  std::vector<EntityCount>& keys_;
  std::size_t known_;
  std::unordered_map<std::string, std::uint32_t> added_;  // kind code + key
  std::string lookup_;
};

}  // namespace

std::shared_ptr<const FacetColumn> FacetColumn::Build(const Xapian::Database& database,
                                                      Xapian::rev revision,
                                                      bool attributes) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = revision;
  if (attributes) column->attributes_ = AttributeColumn::Build(database);
  KeyNumbering numbering(column->keys_, 0);
  column->rows_ = DocidRows::Read(database, index::kEntitiesSlot, column->keys_,
                                  numbering.ordinals_of());
  column->sort_keys(0);
  return column;
}

std::shared_ptr<const FacetColumn> FacetColumn::Extend(const FacetColumn& base,
                                                       const Xapian::Database& database,
                                                       const std::vector<Xapian::docid>& touched) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = database.get_revision();
  column->attributes_ = base.attributes_
                            ? AttributeColumn::Extend(*base.attributes_, database, touched)
                            : AttributeColumn::Build(database);
  column->keys_ = base.keys_;
  KeyNumbering numbering(column->keys_, base.keys_.size());
  column->rows_ = DocidRows::Extend(base.rows_, database, index::kEntitiesSlot, touched,
                                    /*per_document=*/16, column->keys_, numbering.ordinals_of(),
                                    [](Xapian::docid) {});
  column->sort_keys(base.keys_.size());
  return column;
}

void FacetColumn::sort_keys(std::size_t sorted_prefix) {
  // Ordinals in (kind, key) order compare as keys do.
  const std::vector<std::uint32_t> renumbered =
      sort_new_keys(keys_, sorted_prefix,
                    [](const Key& a, const Key& b) { return key_less(a, b.kind, b.key); });
  if (!renumbered.empty()) rows_.renumber(renumbered);
  static_assert(static_cast<int>(EntityKind::kPerson) == 0 &&
                static_cast<int>(EntityKind::kPlace) == 1 &&
                static_cast<int>(EntityKind::kOrganization) == 2);
  for (int kind = 1; kind < 3; ++kind) {
    first_of_kind_[kind] = static_cast<std::uint32_t>(
        std::partition_point(keys_.begin(), keys_.end(),
                             [&](const Key& key) { return static_cast<int>(key.kind) < kind; }) -
        keys_.begin());
  }
}

std::shared_ptr<const FacetColumn> SharedFacetColumn(const Xapian::Database& database) {
  static auto* columns = new util::LatestPerIndex<FacetColumn>;
  const Xapian::rev revision = database.get_revision();
  return columns->get(
      database.get_uuid(),
      [&](const FacetColumn& latest) { return latest.revision() == revision; },
      [&](const std::shared_ptr<const FacetColumn>& latest) -> std::shared_ptr<const FacetColumn> {
        if (latest && latest->revision() < revision) {
          if (auto touched = index::changed_between(database, latest->revision(), revision)) {
            return FacetColumn::Extend(*latest, database, *touched);
          }
        }
        return FacetColumn::Build(database, revision, /*attributes=*/true);
      });
}

}  // namespace dossier::search
