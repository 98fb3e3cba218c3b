#include "search/attribute_column.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <tuple>

#include "index/schema.h"

namespace dossier::search {

// Ordinals of the (field, value) pairs met in documents being read; new pairs
// are appended to keys_ and numbered in order by finish().
class AttributeColumn::Numbering {
 public:
  explicit Numbering(AttributeColumn& column) : column_(column), known_(column.keys_.size()) {}

  // Appends the ordinals of an encoded kAttributesSlot value, counting them.
  void read(std::string_view encoded) {
    index::for_each_attribute(encoded, [&](std::string_view field, std::string_view value) {
      const std::uint32_t ordinal = this->ordinal(field, value);
      ++column_.keys_[ordinal].documents;
      column_.ordinals_.push_back(ordinal);
    });
  }

  // Renumbers keys_ in (field, value) order, and ordinals_ to match.
  void finish() {
    if (column_.keys_.size() == known_) return;
    std::vector<std::uint32_t> order(column_.keys_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      const AttributeKey &x = column_.keys_[a], &y = column_.keys_[b];
      return std::tie(x.field, x.value) < std::tie(y.field, y.value);
    };
    // The known keys are sorted already: sort the new ones and merge.
    auto middle = order.begin() + static_cast<std::ptrdiff_t>(known_);
    std::sort(middle, order.end(), before);
    std::inplace_merge(order.begin(), middle, order.end(), before);
    std::vector<std::uint32_t> renumbered(order.size());
    std::vector<AttributeKey> sorted;
    sorted.reserve(order.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
      renumbered[order[i]] = i;
      sorted.push_back(std::move(column_.keys_[order[i]]));
    }
    column_.keys_ = std::move(sorted);
    for (std::uint32_t& ordinal : column_.ordinals_) ordinal = renumbered[ordinal];
  }

 private:
  std::uint32_t ordinal(std::string_view field, std::string_view value) {
    auto end = column_.keys_.begin() + static_cast<std::ptrdiff_t>(known_);
    auto found = std::lower_bound(column_.keys_.begin(), end, std::pair{field, value},
                                  [](const AttributeKey& key, const auto& wanted) {
                                    return std::pair<std::string_view, std::string_view>(
                                               key.field, key.value) < wanted;
                                  });
    if (found != end && found->field == field && found->value == value) {
      return static_cast<std::uint32_t>(found - column_.keys_.begin());
    }
    lookup_.first.assign(field);
    lookup_.second.assign(value);
    auto [slot, added] =
        added_.try_emplace(lookup_, static_cast<std::uint32_t>(column_.keys_.size()));
    if (added) column_.keys_.push_back({lookup_.first, lookup_.second, 0});
    return slot->second;
  }

  AttributeColumn& column_;
  std::size_t known_;  // keys_ before this reading: sorted
  std::map<std::pair<std::string, std::string>, std::uint32_t> added_;
  std::pair<std::string, std::string> lookup_;
};

namespace {

std::int32_t day_of(const std::string& serialised) {
  const double days = Xapian::sortable_unserialise(serialised);
  return std::isfinite(days) ? static_cast<std::int32_t>(days) : AttributeColumn::kNoDate;
}

}  // namespace

void AttributeColumn::find_day_range() {
  first_day_ = 1;
  last_day_ = 0;
  for (std::int32_t day : days_) {
    if (day == kNoDate) continue;
    if (first_day_ > last_day_) {
      first_day_ = last_day_ = day;
    } else {
      first_day_ = std::min(first_day_, day);
      last_day_ = std::max(last_day_, day);
    }
  }
}

std::shared_ptr<const AttributeColumn> AttributeColumn::Build(const Xapian::Database& database) {
  auto column = std::make_shared<AttributeColumn>();
  const auto last = static_cast<std::size_t>(database.get_lastdocid());
  column->offsets_.assign(last + 2, 0);
  column->days_.assign(last + 1, kNoDate);
  Numbering numbering(*column);
  Xapian::docid previous = 0;
  for (auto value = database.valuestream_begin(index::kAttributesSlot);
       value != database.valuestream_end(index::kAttributesSlot); ++value) {
    const Xapian::docid docid = value.get_docid();
    for (Xapian::docid d = previous + 1; d <= docid; ++d) {
      column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
    }
    previous = docid;
    numbering.read(*value);
  }
  for (std::size_t d = previous + 1; d < column->offsets_.size(); ++d) {
    column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
  }
  numbering.finish();
  for (auto value = database.valuestream_begin(index::kPublishedSlot);
       value != database.valuestream_end(index::kPublishedSlot); ++value) {
    if (value.get_docid() <= last) column->days_[value.get_docid()] = day_of(*value);
  }
  column->find_day_range();
  return column;
}

std::shared_ptr<const AttributeColumn> AttributeColumn::Extend(
    const AttributeColumn& base, const Xapian::Database& database,
    const std::vector<Xapian::docid>& touched) {
  auto column = std::make_shared<AttributeColumn>();
  column->keys_ = base.keys_;
  const auto last = static_cast<std::size_t>(database.get_lastdocid());
  column->offsets_.assign(last + 2, 0);
  column->ordinals_.reserve(base.ordinals_.size() + touched.size() * 2);
  column->days_ = base.days_;
  column->days_.resize(last + 1, kNoDate);
  Numbering numbering(*column);

  auto value = database.valuestream_begin(index::kAttributesSlot);
  const auto values_end = database.valuestream_end(index::kAttributesSlot);
  auto date = database.valuestream_begin(index::kPublishedSlot);
  const auto dates_end = database.valuestream_end(index::kPublishedSlot);
  std::size_t copied_from = 1;  // docids before this are done
  auto copy_untouched = [&](std::size_t up_to) {
    for (std::size_t d = copied_from; d < up_to; ++d) {
      column->offsets_[d] = static_cast<std::uint32_t>(column->ordinals_.size());
      auto [begin, end] = base.attributes(static_cast<Xapian::docid>(d));
      if (begin) column->ordinals_.insert(column->ordinals_.end(), begin, end);
    }
    copied_from = up_to;
  };
  for (auto next = touched.begin(); next != touched.end() && *next <= last; ++next) {
    const Xapian::docid docid = *next;
    copy_untouched(docid);
    // What the base counted for the document goes; what it has now comes.
    auto [old_begin, old_end] = base.attributes(docid);
    for (const std::uint32_t* ordinal = old_begin; ordinal != old_end; ++ordinal) {
      --column->keys_[*ordinal].documents;
    }
    column->offsets_[docid] = static_cast<std::uint32_t>(column->ordinals_.size());
    if (value != values_end) value.skip_to(docid);
    if (value != values_end && value.get_docid() == docid) numbering.read(*value);
    if (date != dates_end) date.skip_to(docid);
    column->days_[docid] =
        date != dates_end && date.get_docid() == docid ? day_of(*date) : kNoDate;
    copied_from = docid + 1;
  }
  copy_untouched(last + 1);
  column->offsets_[last + 1] = static_cast<std::uint32_t>(column->ordinals_.size());
  numbering.finish();
  column->find_day_range();
  return column;
}

}  // namespace dossier::search
