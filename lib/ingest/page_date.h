// Publication dates as web pages and datelines write them.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace dossier::ingest {

// ISO 8601 ("2025-07-15T10:00:00Z"), "2025/07/15", "20250715", "July 15,
// 2025", "Dec 19th 2025", "15 Jul 2025", "15/07/2025" (a first number over 12
// is the day), "07/15/2025" (else month first, as in US pages), or a URL with
// /2025/07/15/ in its path. nullopt when none is recognised.
std::optional<std::chrono::sys_days> parse_page_date(std::string_view text);

}  // namespace dossier::ingest
