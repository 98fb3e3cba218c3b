// JSON forms of search results and articles, shared by dossier-search --json
// and dossier-serve's API so both print the same fields the same way.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "dossier/searcher.h"

namespace cli {

// {"text", "highlights": [[begin, end], ...] (byte ranges into text),
//  "parts": [{"text", "match"}, ...]}: the text cut at its highlights, so a
// reader in another encoding (JavaScript strings are UTF-16) never has to
// convert byte offsets.
nlohmann::json snippet_json(const dossier::Snippet& snippet);

// {"id", "title", "published", "score", "rank", "snippet": snippet_json,
//  "other_copies", "copy_sources": [outlets]}
nlohmann::json hit_json(const dossier::Hit& hit);

// {"query", "total", "exact", "stories", "stories_exact", "relaxed", "hits": [hit_json...],
//  "facets": {kind: {"distinct", "top"}},
//  when a word looks misspelled: "corrected_query", "corrections": [{"word", "suggestion"}],
//  and with facets: "fields": {"source" or field: {"distinct", "top": [{"value", "count"}]}},
//  "timeline": timeline_json}
nlohmann::json results_json(const dossier::SearchResults& results, const std::string& query);

// {"bucket": "day"|"week"|"month"|"year", "buckets": [{"start": "YYYY-MM-DD", "count"}],
//  "undated"}
nlohmann::json timeline_json(const dossier::Timeline& timeline);
// {"key", "name", "count"}
// A date as "YYYY-MM-DD", or null for none.
nlohmann::json date_json(const std::optional<std::chrono::sys_days>& date);
nlohmann::json facet_value_json(const dossier::FacetValue& value);

// {"id", "title", "body", "source", "url", "published", "fields": {name: [values]},
//  "entities": [{"kind", "key", "name", "mentions"}]}
nlohmann::json document_json(const dossier::Document& document);

// Compact JSON text; invalid UTF-8 (possible in echoed input) becomes U+FFFD
// instead of throwing.
std::string dump(const nlohmann::json& value, int indent = -1);

}  // namespace cli
