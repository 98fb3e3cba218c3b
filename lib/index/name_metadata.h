// The entities' display names an index keeps in its metadata (one key per
// entity, index::entity_name_key): the writer collects the names the articles
// of a commit give, and at the commit keeps the better of each
// (entities/display_name.h) and drops the names of entities no article names
// any more.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "dossier/document.h"

namespace dossier::index {

// Not thread-safe: the writer's thread only.
class NameMetadata {
 public:
  // The article stored under `id_term`, if any, is about to be removed or
  // replaced: its entities may be named by no article after the commit.
  void note_leaving(const Xapian::Database& database, const std::string& id_term);

  // A name an added article gives its entity.
  void remember(const Entity& entity);

  // Writes the collected names into `database` where better than the stored
  // ones, and (when `canonical_terms`: every article carries its entities'
  // canonical-key terms, so a key no article holds is gone) empties the names
  // of the entities that left. Then forgets what it collected.
  void store(Xapian::WritableDatabase& database, bool canonical_terms);

  // Forgets what was collected since the last commit.
  void clear();

 private:
  // Display names seen since the last commit, by entity_name_key.
  std::unordered_map<std::string, std::string> names_;
  // Entities of articles removed or replaced since the last commit.
  std::set<std::pair<EntityKind, std::string>> maybe_orphaned_;
};

}  // namespace dossier::index
