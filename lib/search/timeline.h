// Publication days counted over the matches -> SearchResults::timeline.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "dossier/searcher.h"

namespace dossier::search {

// `days`: (days since 1970-01-01, matches published that day), sorted by day,
// each day once. `bucket` kAuto picks the size from the range of `days`.
Timeline make_timeline(const std::vector<std::pair<std::int32_t, std::size_t>>& days,
                       std::size_t undated, TimeBucket bucket);

}  // namespace dossier::search
