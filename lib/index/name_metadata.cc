#include "index/name_metadata.h"

#include <string_view>

#include "entities/display_name.h"
#include "index/schema.h"

namespace dossier::index {

void NameMetadata::note_leaving(const Xapian::Database& database, const std::string& id_term) {
  for (auto posting = database.postlist_begin(id_term); posting != database.postlist_end(id_term);
       ++posting) {
    std::string keys = database.get_document(*posting).get_value(kEntitiesSlot);
    for_each_entity_key(keys, [&](EntityKind kind, std::string_view key) {
      maybe_orphaned_.emplace(kind, std::string(key));
    });
  }
}

void NameMetadata::remember(const Entity& entity) {
  std::string key = entity_name_key(entity.kind, entity.key);
  auto [slot, inserted] = names_.try_emplace(std::move(key), entity.name);
  if (!inserted && entities::better_display_name(entity.name, slot->second)) {
    slot->second = entity.name;
  }
}

void NameMetadata::store(Xapian::WritableDatabase& database, bool canonical_terms) {
  for (const auto& [key, name] : names_) {
    std::string current = database.get_metadata(key);
    if (current.empty() || entities::better_display_name(name, current)) {
      database.set_metadata(key, name);
    }
  }
  // Every article names its entities' canonical keys as filter terms
  // (DocumentBuilder), so a key no document holds any more is gone.
  if (canonical_terms) {
    for (const auto& [kind, key] : maybe_orphaned_) {
      if (database.get_termfreq(entity_term(kind, key)) == 0) {
        database.set_metadata(entity_name_key(kind, key), "");
      }
    }
  }
  clear();
}

void NameMetadata::clear() {
  names_.clear();
  maybe_orphaned_.clear();
}

}  // namespace dossier::index
