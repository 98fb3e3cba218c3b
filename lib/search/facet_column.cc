#include "search/facet_column.h"

#include <algorithm>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "index/change_log.h"
#include "index/schema.h"

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
  column->offsets_.assign(static_cast<std::size_t>(database.get_lastdocid()) + 2, 0);
  KeyNumbering numbering(column->keys_, 0);
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
      const std::uint32_t ordinal = numbering.ordinal(kind, key);
      ++column->keys_[ordinal].documents;
      column->ordinals_.push_back(ordinal);
    });
  }
  for (std::size_t d = previous + 1; d < column->offsets_.size(); ++d) {
    column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
  }
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
  const auto last = static_cast<std::size_t>(database.get_lastdocid());
  column->offsets_.assign(last + 2, 0);
  column->ordinals_.reserve(base.ordinals_.size() + touched.size() * 16);

  auto value = database.valuestream_begin(index::kEntitiesSlot);
  const auto values_end = database.valuestream_end(index::kEntitiesSlot);
  auto next_touched = touched.begin();
  std::size_t copied_from = 1;  // docids before this are done
  auto copy_untouched = [&](std::size_t up_to) {  // base ranges of [copied_from, up_to)
    const std::size_t base_last = base.offsets_.size() >= 2 ? base.offsets_.size() - 2 : 0;
    for (std::size_t d = copied_from; d < up_to; ++d) {
      column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
      if (d > base_last) continue;  // new since the base, yet untouched: none
      column->ordinals_.insert(column->ordinals_.end(), base.ordinals_.begin() + base.offsets_[d],
                               base.ordinals_.begin() + base.offsets_[d + 1]);
    }
    copied_from = up_to;
  };
  for (; next_touched != touched.end() && *next_touched <= last; ++next_touched) {
    const Xapian::docid docid = *next_touched;
    copy_untouched(docid);
    // What the base counted for the document goes; what it names now comes.
    auto [old_begin, old_end] = base.entities(docid);
    for (const std::uint32_t* ordinal = old_begin; ordinal != old_end; ++ordinal) {
      --column->keys_[*ordinal].documents;
    }
    column->offsets_[docid] = static_cast<std::uint32_t>(column->ordinals_.size());
    if (value != values_end) value.skip_to(docid);
    if (value != values_end && value.get_docid() == docid) {
      index::for_each_entity_key(*value, [&](EntityKind kind, std::string_view key) {
        const std::uint32_t ordinal = numbering.ordinal(kind, key);
        ++column->keys_[ordinal].documents;
        column->ordinals_.push_back(ordinal);
      });
    }
    copied_from = docid + 1;
  }
  copy_untouched(last + 1);
  column->offsets_[last + 1] = static_cast<std::uint32_t>(column->ordinals_.size());
  column->sort_keys(base.keys_.size());
  return column;
}

void FacetColumn::sort_keys(std::size_t sorted_prefix) {
  renumber(sorted_prefix);
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

void FacetColumn::renumber(std::size_t sorted_prefix) {
  if (sorted_prefix == keys_.size()) return;
  // Renumber in (kind, key) order, so that ordinals compare as keys do. The
  // first `sorted_prefix` keys are in order already: sort the rest, merge.
  std::vector<std::uint32_t> order(keys_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return key_less(keys_[a], keys_[b].kind, keys_[b].key);
  };
  auto middle = order.begin() + static_cast<std::ptrdiff_t>(sorted_prefix);
  std::sort(middle, order.end(), before);
  std::inplace_merge(order.begin(), middle, order.end(), before);
  std::vector<std::uint32_t> renumbered(order.size());
  std::vector<Key> sorted_keys;
  sorted_keys.reserve(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    renumbered[order[i]] = i;
    sorted_keys.push_back(std::move(keys_[order[i]]));
  }
  keys_ = std::move(sorted_keys);
  for (std::uint32_t& ordinal : ordinals_) ordinal = renumbered[ordinal];
}

std::shared_ptr<const FacetColumn> SharedFacetColumn(const Xapian::Database& database) {
  struct Slot {
    std::mutex mutex;
    std::shared_ptr<const FacetColumn> latest;
  };
  // Never destroyed: a Searcher may still search while the process exits.
  static auto* registry_mutex = new std::mutex;
  static auto* registry = new std::unordered_map<std::string, std::shared_ptr<Slot>>;

  const std::string uuid = database.get_uuid();
  const Xapian::rev revision = database.get_revision();
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard lock(*registry_mutex);
    auto& found = (*registry)[uuid];
    if (!found) found = std::make_shared<Slot>();
    slot = found;
  }
  // One caller builds or extends; the others of the same index wait for it.
  std::lock_guard lock(slot->mutex);
  const std::shared_ptr<const FacetColumn>& latest = slot->latest;
  if (latest && latest->revision() == revision) return latest;
  std::shared_ptr<const FacetColumn> column;
  if (latest && latest->revision() < revision) {
    if (auto touched = index::changed_between(database, latest->revision(), revision)) {
      column = FacetColumn::Extend(*latest, database, *touched);
    }
  }
  if (!column) column = FacetColumn::Build(database, revision, /*attributes=*/true);
  // A caller still on an older revision gets its own column, uncached.
  if (!latest || column->revision() > latest->revision()) slot->latest = column;
  return column;
}

}  // namespace dossier::search
