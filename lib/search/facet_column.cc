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

// Ordinals of entities met in documents being read: a base's keys are found
// by binary search over its key order `by_key`, new ones appended to `keys`.
class KeyNumbering {
 public:
  KeyNumbering(std::vector<EntityCount>& keys, const std::vector<std::uint32_t>& by_key)
      : keys_(keys), by_key_(by_key) {}

  std::uint32_t ordinal(EntityKind kind, std::string_view key) {
    auto found = std::lower_bound(by_key_.begin(), by_key_.end(), key,
                                  [&](std::uint32_t ordinal, std::string_view k) {
                                    return key_less(keys_[ordinal], kind, k);
                                  });
    if (found != by_key_.end() && keys_[*found].kind == kind && keys_[*found].key == key) {
      return *found;
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
  const std::vector<std::uint32_t>& by_key_;
  std::unordered_map<std::string, std::uint32_t> added_;  // kind code + key
  std::string lookup_;
};

}  // namespace

std::shared_ptr<const FacetColumn> FacetColumn::Build(const Xapian::Database& database,
                                                      Xapian::rev revision,
                                                      bool attributes) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = revision;
  column->numbering_ = std::make_shared<const int>(0);
  if (attributes) column->attributes_ = AttributeColumn::Build(database);
  const std::vector<std::uint32_t> none;
  KeyNumbering numbering(column->keys_, none);
  column->rows_ = DocidRows::Read(database, index::kEntitiesSlot, column->keys_,
                                  numbering.ordinals_of());
  // A column read afresh numbers its keys in key order.
  const std::vector<std::uint32_t> renumbered = sort_new_keys(
      column->keys_, 0, [](const Key& a, const Key& b) { return key_less(a, b.kind, b.key); });
  if (!renumbered.empty()) column->rows_.renumber(renumbered);
  column->order_keys(none);
  return column;
}

std::shared_ptr<const FacetColumn> FacetColumn::Extend(const FacetColumn& base,
                                                       const Xapian::Database& database,
                                                       const std::vector<Xapian::docid>& touched) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = database.get_revision();
  column->numbering_ = base.numbering_;
  column->attributes_ = base.attributes_
                            ? AttributeColumn::Extend(*base.attributes_, database, touched)
                            : AttributeColumn::Build(database);
  column->keys_ = base.keys_;
  KeyNumbering numbering(column->keys_, base.by_key_);
  column->rows_ = DocidRows::Extend(base.rows_, database, index::kEntitiesSlot, touched,
                                    /*per_document=*/16, column->keys_, numbering.ordinals_of(),
                                    [](Xapian::docid) {});
  column->order_keys(base.by_key_);
  return column;
}

void FacetColumn::order_keys(const std::vector<std::uint32_t>& base_by_key) {
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return key_less(keys_[a], keys_[b].kind, keys_[b].key);
  };
  // The base's keys are in order already; the ones numbered since are sorted
  // and merged in.
  by_key_ = base_by_key;
  by_key_.reserve(keys_.size());
  const auto known = static_cast<std::ptrdiff_t>(by_key_.size());
  for (auto o = static_cast<std::uint32_t>(known); o < keys_.size(); ++o) by_key_.push_back(o);
  std::sort(by_key_.begin() + known, by_key_.end(), before);
  std::inplace_merge(by_key_.begin(), by_key_.begin() + known, by_key_.end(), before);
  rank_.resize(keys_.size());
  for (std::uint32_t r = 0; r < by_key_.size(); ++r) rank_[by_key_[r]] = r;
  kinds_.resize(keys_.size());
  for (std::uint32_t o = 0; o < keys_.size(); ++o) kinds_[o] = keys_[o].kind;
}

std::shared_ptr<const FacetColumn> SharedFacetColumn(const Xapian::Database& database) {
  static auto* columns = new util::LatestPerIndex<FacetColumn>;
  const Xapian::rev revision = database.get_revision();
  return columns->get(
      database.get_uuid(),
      [&](const FacetColumn& latest) { return latest.revision() == revision; },
      [&](const std::shared_ptr<const FacetColumn>& latest) -> std::shared_ptr<const FacetColumn> {
        // Extending uncounts only rows up to the new last docid: an index
        // whose last docid went down (replaced in place) is read afresh.
        if (latest && latest->revision() < revision &&
            database.get_lastdocid() + std::size_t{1} >= latest->rows().docid_count()) {
          if (auto touched = index::changed_between(database, latest->revision(), revision)) {
            return FacetColumn::Extend(*latest, database, *touched);
          }
        }
        return FacetColumn::Build(database, revision, /*attributes=*/true);
      });
}

}  // namespace dossier::search
