// Collection-level consistency: one name, one entity across all articles.
//
// The tagger decides an entity's kind one article at a time, and an article
// that names a person by surname alone cannot tell whom it means. Across a
// collection both settle by counting:
//   - a key seen with several kinds is the kind most articles gave it
//     ("Lima" as a place in 3 articles and an organisation in 1 is a place);
//   - a person key that ends longer ones ("pompeo", "abdo benitez") is the one
//     person of the collection whose key ends so ("michael pompeo", "mario
//     abdo benitez"), when exactly one does.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dossier/document.h"

namespace dossier::entities {

struct CollectionEntity {
  EntityKind kind;
  std::string_view key;    // folded entity key, as the index stores it
  std::uint32_t documents;  // articles naming it with this kind
};

// For each entity, the index (into `entities`) of the entity it stands for
// across the collection; an entity that stands for itself maps to its own
// index. Ties between kinds go to the one listed first.
std::vector<std::uint32_t> collection_representatives(std::span<const CollectionEntity> entities);

}  // namespace dossier::entities
