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

  // For DocidRows: the ordinals of an encoded kAttributesSlot value.
  auto ordinals_of() {
    return [this](std::string_view encoded, auto emit) {
      index::for_each_attribute(encoded, [&](std::string_view field, std::string_view value) {
        emit(ordinal(field, value));
      });
    };
  }

  // Renumbers keys_ in (field, value) order, and the rows to match.
  void finish() {
    const std::vector<std::uint32_t> renumbered =
        sort_new_keys(column_.keys_, known_, [](const AttributeKey& x, const AttributeKey& y) {
          return std::tie(x.field, x.value) < std::tie(y.field, y.value);
        });
    if (!renumbered.empty()) column_.rows_.renumber(renumbered);
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
  Numbering numbering(*column);
  column->rows_ =
      DocidRows::Read(database, index::kAttributesSlot, column->keys_, numbering.ordinals_of());
  numbering.finish();
  column->days_.assign(last + 1, kNoDate);
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
  column->days_ = base.days_;
  column->days_.resize(static_cast<std::size_t>(database.get_lastdocid()) + 1, kNoDate);
  Numbering numbering(*column);
  auto date = database.valuestream_begin(index::kPublishedSlot);
  const auto dates_end = database.valuestream_end(index::kPublishedSlot);
  auto refresh_day = [&](Xapian::docid docid) {
    if (date != dates_end) date.skip_to(docid);
    column->days_[docid] =
        date != dates_end && date.get_docid() == docid ? day_of(*date) : kNoDate;
  };
  column->rows_ = DocidRows::Extend(base.rows_, database, index::kAttributesSlot, touched,
                                    /*per_document=*/2, column->keys_, numbering.ordinals_of(),
                                    refresh_day);
  numbering.finish();
  column->find_day_range();
  return column;
}

}  // namespace dossier::search
