// The in-memory entity column that facet counting reads: for each docid, the
// ordinals of the entities the article names, and for each ordinal its kind,
// key and how many articles name it.
//
// A column describes one revision of one local index and never changes. All
// Searchers of an index in a process share one (SharedFacetColumn): after a
// commit the first search that needs it extends the previous revision's
// column by what the commits since touched (index/change_log.h) instead of
// reading every article again.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dossier/document.h"
#include "search/attribute_column.h"
#include "search/docid_rows.h"

namespace dossier::search {

// An entity of the index, and how many articles name it.
struct EntityCount {
  EntityKind kind;
  std::string key;
  std::uint32_t documents;  // articles that name it (in the whole index)
};

// Immutable once made: safe to share between threads.
class FacetColumn {
 public:
  using Key = EntityCount;

  // Reads every document's entity keys: O(documents). Docids are those of
  // `database`; on a combined database the column is only good for keys().
  // `revision` is the database's (a combined database has none).
  // With `attributes`, the source/field/date column too (attributes()).
  static std::shared_ptr<const FacetColumn> Build(const Xapian::Database& database,
                                                  Xapian::rev revision = 0,
                                                  bool attributes = false);

  // `base` brought up to `database`'s revision, given the docids the commits
  // since touched (sorted): O(entries) copying plus reading only those; the
  // attribute column likewise.
  static std::shared_ptr<const FacetColumn> Extend(const FacetColumn& base,
                                                   const Xapian::Database& database,
                                                   const std::vector<Xapian::docid>& touched);

  // Ordinals follow (kind, key) order, so comparing ordinals compares keys.
  std::size_t size() const { return keys_.size(); }
  const Key& key(std::uint32_t ordinal) const { return keys_[ordinal]; }
  const std::vector<Key>& keys() const { return keys_; }
  Xapian::rev revision() const { return revision_; }
  // Null unless built with `attributes` (or extended: always).
  const std::shared_ptr<const AttributeColumn>& attributes() const { return attributes_; }
  // key(ordinal).kind without reading the key: kinds are ordinal ranges.
  EntityKind kind(std::uint32_t ordinal) const {
    return static_cast<EntityKind>((ordinal >= first_of_kind_[1]) + (ordinal >= first_of_kind_[2]));
  }

  // The entity ordinals of a document; empty when it names none.
  DocidRows::Row entities(Xapian::docid docid) const { return rows_.row(docid); }
  const DocidRows& rows() const { return rows_; }

 private:
  // Renumbers keys_ in (kind, key) order and rows_ to match; the first
  // `sorted_prefix` keys are in order already.
  void sort_keys(std::size_t sorted_prefix);

  std::vector<Key> keys_;
  DocidRows rows_;  // entity ordinals by docid
  Xapian::rev revision_ = 0;
  std::shared_ptr<const AttributeColumn> attributes_;
  // The first ordinal of each kind, in EntityKind order (person, place,
  // organization), as sort_keys() leaves them.
  std::uint32_t first_of_kind_[3] = {0, 0, 0};
};

// The column of a single local index at `database`'s revision, shared by
// every caller in the process: the same index and revision give the same
// column, built or extended once. Thread-safe.
std::shared_ptr<const FacetColumn> SharedFacetColumn(const Xapian::Database& database);

}  // namespace dossier::search
