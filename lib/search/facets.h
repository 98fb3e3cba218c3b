// Entity facets: exact counts of the entities named by every matching article.
//
// Counting reads an in-memory column (docid -> entity ordinals) built once per
// index revision from the kEntitiesSlot values, so the per-document cost is a
// few array reads, not a value-slot lookup in the database.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dossier/searcher.h"

namespace dossier::search {

class FacetColumn {
 public:
  // Reads every document's entity keys. O(documents).
  static std::shared_ptr<const FacetColumn> Build(const Xapian::Database& database);

  struct Key {
    EntityKind kind;
    std::string key;
    std::uint32_t documents;  // articles that name it (in the whole index)
  };

  std::size_t size() const { return keys_.size(); }
  const Key& key(std::uint32_t ordinal) const { return keys_[ordinal]; }

  // The entity ordinals of a document; empty when it names none.
  std::pair<const std::uint32_t*, const std::uint32_t*> entities(Xapian::docid docid) const {
    if (docid >= offsets_.size() - 1) return {nullptr, nullptr};
    return {ordinals_.data() + offsets_[docid], ordinals_.data() + offsets_[docid + 1]};
  }

 private:
  std::vector<Key> keys_;
  std::vector<std::uint32_t> offsets_;   // by docid; offsets_[docid+1] ends it
  std::vector<std::uint32_t> ordinals_;
};

// Counts, per matching document, each entity it names. Not thread-safe; one
// per search. Not serialisable: local databases only.
class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(std::shared_ptr<const FacetColumn> column)
      : column_(std::move(column)), counts_(column_->size()) {}

  void operator()(const Xapian::Document& document, double weight) override;

  // The top `limit` values of each kind, with display names looked up in
  // `database`'s metadata.
  std::vector<Facet> facets(const Xapian::Database& database, std::size_t limit) const;

 private:
  std::shared_ptr<const FacetColumn> column_;
  std::vector<std::uint32_t> counts_;
};

// The display name stored for an entity, or its key when none is stored.
std::string display_name(const Xapian::Database& database, EntityKind kind,
                         const std::string& key);

}  // namespace dossier::search
