// The in-memory column the source, keyword-field and timeline facets read:
// for each docid, the ordinals of its (field, value) pairs (the outlet is the
// field "source") and its publication day. Beside the entity column
// (facet_column.h), with which it is built and shared: counting a match is a
// few array reads, not a value-slot lookup in the database.
#pragma once

#include <xapian.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "search/docid_rows.h"

namespace dossier::search {

// A (field, value) pair of the index, and how many articles have it.
struct AttributeKey {
  std::string field;
  std::string value;
  std::uint32_t documents = 0;
};

// Immutable once made: safe to share between threads.
class AttributeColumn {
 public:
  static constexpr std::int32_t kNoDate = INT32_MIN;

  // Reads every document's kAttributesSlot and kPublishedSlot: O(documents).
  // Docids are those of `database` (one local index).
  static std::shared_ptr<const AttributeColumn> Build(const Xapian::Database& database);

  // `base` brought up to `database`, given the docids changed since (sorted,
  // index/change_log.h): copies the rest, reads only those.
  static std::shared_ptr<const AttributeColumn> Extend(const AttributeColumn& base,
                                                       const Xapian::Database& database,
                                                       const std::vector<Xapian::docid>& touched);

  // Ordinals follow (field, value) order, so comparing ordinals compares keys.
  std::size_t size() const { return keys_.size(); }
  const AttributeKey& key(std::uint32_t ordinal) const { return keys_[ordinal]; }

  DocidRows::Row attributes(Xapian::docid docid) const { return rows_.row(docid); }
  const DocidRows& rows() const { return rows_; }
  // Days since 1970-01-01, or kNoDate.
  std::int32_t day(Xapian::docid docid) const {
    return docid < days_.size() ? days_[docid] : kNoDate;
  }
  // The range of days of the index's dated articles (first > last: none).
  std::int32_t first_day() const { return first_day_; }
  std::int32_t last_day() const { return last_day_; }
  // Days from first_day() to last_day(), both included (0: none dated).
  std::size_t day_count() const {
    return first_day_ > last_day_ ? 0 : static_cast<std::size_t>(std::int64_t{last_day_} - first_day_ + 1);
  }

 private:
  class Numbering;
  void find_day_range();

  std::vector<AttributeKey> keys_;
  DocidRows rows_;                      // (field, value) ordinals by docid
  std::vector<std::int32_t> days_;      // by docid
  std::int32_t first_day_ = 1;
  std::int32_t last_day_ = 0;
};

}  // namespace dossier::search
