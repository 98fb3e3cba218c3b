#include "search/attribute_column.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "index/schema.h"

namespace dossier::search {

std::shared_ptr<const AttributeColumn> AttributeColumn::Build(const Xapian::Database& database) {
  auto column = std::make_shared<AttributeColumn>();
  const auto last = static_cast<std::size_t>(database.get_lastdocid());
  column->offsets_.assign(last + 2, 0);
  column->days_.assign(last + 1, kNoDate);

  // Keys numbered as first met, renumbered in (field, value) order below.
  std::map<std::pair<std::string, std::string>, std::uint32_t, std::less<>> numbering;
  std::pair<std::string, std::string> lookup;
  Xapian::docid previous = 0;
  for (auto value = database.valuestream_begin(index::kAttributesSlot);
       value != database.valuestream_end(index::kAttributesSlot); ++value) {
    const Xapian::docid docid = value.get_docid();
    for (Xapian::docid d = previous + 1; d <= docid; ++d) {
      column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
    }
    previous = docid;
    index::for_each_attribute(*value, [&](std::string_view field, std::string_view text) {
      lookup.first.assign(field);
      lookup.second.assign(text);
      auto [slot, added] =
          numbering.try_emplace(lookup, static_cast<std::uint32_t>(column->keys_.size()));
      if (added) column->keys_.push_back({lookup.first, lookup.second, 0});
      ++column->keys_[slot->second].documents;
      column->ordinals_.push_back(slot->second);
    });
  }
  for (std::size_t d = previous + 1; d < column->offsets_.size(); ++d) {
    column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
  }

  // The map is in (field, value) order: renumber to it.
  std::vector<std::uint32_t> renumbered(column->keys_.size());
  std::vector<AttributeKey> sorted;
  sorted.reserve(column->keys_.size());
  for (const auto& [key, ordinal] : numbering) {
    renumbered[ordinal] = static_cast<std::uint32_t>(sorted.size());
    sorted.push_back(std::move(column->keys_[ordinal]));
  }
  column->keys_ = std::move(sorted);
  for (std::uint32_t& ordinal : column->ordinals_) ordinal = renumbered[ordinal];

  for (auto value = database.valuestream_begin(index::kPublishedSlot);
       value != database.valuestream_end(index::kPublishedSlot); ++value) {
    const double days = Xapian::sortable_unserialise(*value);
    if (!std::isfinite(days) || value.get_docid() > last) continue;
    const auto day = static_cast<std::int32_t>(days);
    column->days_[value.get_docid()] = day;
    if (column->first_day_ > column->last_day_) {
      column->first_day_ = column->last_day_ = day;
    } else {
      column->first_day_ = std::min(column->first_day_, day);
      column->last_day_ = std::max(column->last_day_, day);
    }
  }
  return column;
}

}  // namespace dossier::search
