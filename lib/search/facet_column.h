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
  // since touched (sorted): O(keys) copying plus the blocks of rows the
  // touched docids fall in (docid_rows.h); the attribute column likewise,
  // except that a commit bringing a new (field, value) renumbers and so
  // copies all of its rows.
  static std::shared_ptr<const FacetColumn> Extend(const FacetColumn& base,
                                                   const Xapian::Database& database,
                                                   const std::vector<Xapian::docid>& touched);

  // Build() numbers keys in (kind, key) order; Extend() keeps every ordinal
  // and numbers new keys after them, so that rows the commits left alone stay
  // valid (and shared). by_key() and rank() give the key order.
  std::size_t size() const { return keys_.size(); }
  const Key& key(std::uint32_t ordinal) const { return keys_[ordinal]; }
  const std::vector<Key>& keys() const { return keys_; }
  // Ordinals in (kind, key) order.
  const std::vector<std::uint32_t>& by_key() const { return by_key_; }
  // Where `ordinal` stands in by_key(): comparing ranks compares keys.
  std::uint32_t rank(std::uint32_t ordinal) const { return rank_[ordinal]; }
  Xapian::rev revision() const { return revision_; }
  // Null unless built with `attributes` (or extended: always).
  const std::shared_ptr<const AttributeColumn>& attributes() const { return attributes_; }
  // key(ordinal).kind, from a compact array.
  EntityKind kind(std::uint32_t ordinal) const { return kinds_[ordinal]; }
  // Columns with the same numbering give the same ordinal to the same key
  // (one extends the other): rows and mappings by ordinal carry over.
  const void* numbering() const { return numbering_.get(); }

  // The entity ordinals of a document; empty when it names none.
  DocidRows::Row entities(Xapian::docid docid) const { return rows_.row(docid); }
  const DocidRows& rows() const { return rows_; }

 private:
  // Makes by_key_ from the base's key order (its keys are the first ones),
  // rank_ and kinds_.
  void order_keys(const std::vector<std::uint32_t>& base_by_key);

  std::vector<Key> keys_;
  DocidRows rows_;  // entity ordinals by docid
  Xapian::rev revision_ = 0;
  std::shared_ptr<const AttributeColumn> attributes_;
  std::vector<std::uint32_t> by_key_;
  std::vector<std::uint32_t> rank_;  // by ordinal
  std::vector<EntityKind> kinds_;    // by ordinal
  std::shared_ptr<const int> numbering_;  // made by Build(), kept by Extend()
};

// The column of a single local index at `database`'s revision, shared by
// every caller in the process: the same index and revision give the same
// column, built or extended once. Thread-safe.
std::shared_ptr<const FacetColumn> SharedFacetColumn(const Xapian::Database& database);

}  // namespace dossier::search
