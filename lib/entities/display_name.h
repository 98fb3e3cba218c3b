// The name a reader is shown for an entity, chosen among the ways articles
// write it. The one home of that rule: the resolver (within an article), the
// index writer (across articles), shard merging and the searcher (across
// shards) all ask here.
#pragma once

#include <string_view>

namespace dossier::entities {

// True when `candidate` is a better display name than `current` for the same
// entity: more whole words (initials such as "R." do not count), then fewer
// initials ("Mike Pompeo" over "Michael R. Pompeo"), then more accented
// (non-ASCII) letters ("Sebastián Piñera"), then not all capitals. Equal
// names are not better; the first one seen is kept.
bool better_display_name(std::string_view candidate, std::string_view current);

}  // namespace dossier::entities
