// The alias table compiled into the library: well-known countries and
// organisations that news text names in more than one way ("U.S.", "USA",
// "United States of America"). Users extend it with an alias file (see
// resolver.h).
#pragma once

#include <span>
#include <string_view>

#include "dossier/document.h"

namespace dossier::entities {

struct BuiltinAlias {
  EntityKind kind;
  // Display name; its key is the entity's canonical key.
  std::string_view name;
  // Other spellings, separated by '|'. Variants that differ only in case,
  // accents or abbreviation dots need not be listed: keys fold those away.
  std::string_view aliases;
};

std::span<const BuiltinAlias> builtin_aliases();

}  // namespace dossier::entities
