#include "json_output.h"

#include <algorithm>

#include "cli.h"

namespace cli {

nlohmann::json snippet_json(const dossier::Snippet& snippet) {
  nlohmann::json highlights = nlohmann::json::array();
  nlohmann::json parts = nlohmann::json::array();
  const std::string& text = snippet.text;
  std::size_t at = 0;
  auto add_part = [&](std::size_t begin, std::size_t end, bool match) {
    if (end > begin) parts.push_back({{"text", text.substr(begin, end - begin)}, {"match", match}});
  };
  for (auto [begin, end] : snippet.highlights) {
    highlights.push_back({begin, end});
    // Ranges come sorted and inside the text; clamping keeps a bad one from
    // repeating or dropping text rather than trusting it.
    begin = std::clamp(begin, at, text.size());
    end = std::clamp(end, begin, text.size());
    add_part(at, begin, false);
    add_part(begin, end, true);
    at = end;
  }
  add_part(at, text.size(), false);
  return {{"text", text}, {"highlights", highlights}, {"parts", parts}};
}

nlohmann::json date_json(const std::optional<std::chrono::sys_days>& date) {
  return date ? nlohmann::json(format_date(date)) : nlohmann::json(nullptr);
}

nlohmann::json facet_value_json(const dossier::FacetValue& value) {
  return {{"key", value.key}, {"name", value.name}, {"count", value.count}};
}

nlohmann::json hit_json(const dossier::Hit& hit) {
  return {{"id", hit.id},
          {"title", hit.title},
          {"published", date_json(hit.published)},
          {"score", hit.score},
          {"rank", hit.rank},
          {"snippet", snippet_json(hit.snippet)},
          {"other_copies", hit.other_copies},
          {"copy_sources", hit.copy_sources}};
}

nlohmann::json results_json(const dossier::SearchResults& results, const std::string& query) {
  nlohmann::json out = {{"query", query},
                        {"total", results.total},
                        {"exact", results.exact},
                        {"stories", results.stories},
                        {"stories_exact", results.stories_exact},
                        {"relaxed", results.relaxed},
                        {"hits", nlohmann::json::array()},
                        {"facets", nlohmann::json::object()}};
  for (const dossier::Hit& hit : results.hits) out["hits"].push_back(hit_json(hit));
  if (results.corrected_query) {
    out["corrected_query"] = *results.corrected_query;
    out["corrections"] = nlohmann::json::array();
    for (const dossier::SpellingCorrection& correction : results.corrections) {
      out["corrections"].push_back(
          {{"word", correction.word}, {"suggestion", correction.suggestion}});
    }
  }
  for (const dossier::Facet& facet : results.facets) {
    nlohmann::json top = nlohmann::json::array();
    for (const dossier::FacetValue& value : facet.top) top.push_back(facet_value_json(value));
    out["facets"][dossier::to_string(facet.kind)] = {
        {"distinct", facet.distinct}, {"distinct_exact", facet.distinct_exact}, {"top", top}};
  }
  if (!results.field_facets.empty()) {
    out["fields"] = nlohmann::json::object();
    for (const dossier::FieldFacet& facet : results.field_facets) {
      nlohmann::json top = nlohmann::json::array();
      for (const dossier::FacetValue& value : facet.top) {
        top.push_back({{"value", value.key}, {"count", value.count}});
      }
      out["fields"][facet.field] = {
          {"distinct", facet.distinct}, {"distinct_exact", facet.distinct_exact}, {"top", top}};
    }
    out["timeline"] = timeline_json(results.timeline);
  }
  return out;
}

nlohmann::json timeline_json(const dossier::Timeline& timeline) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const dossier::TimelineBucket& bucket : timeline.buckets) {
    buckets.push_back({{"start", format_date(bucket.start)}, {"count", bucket.count}});
  }
  return {{"bucket", dossier::to_string(timeline.bucket)},
          {"buckets", buckets},
          {"undated", timeline.undated}};
}

nlohmann::json document_json(const dossier::Document& document) {
  nlohmann::json entities = nlohmann::json::array();
  for (const dossier::Entity& entity : document.entities) {
    entities.push_back({{"kind", dossier::to_string(entity.kind)},
                        {"key", entity.key},
                        {"name", entity.name},
                        {"mentions", entity.mentions}});
  }
  nlohmann::json fields = nlohmann::json::object();
  for (const dossier::Field& field : document.fields) fields[field.name].push_back(field.value);
  return {{"id", document.id},         {"title", document.title},
          {"body", document.body},     {"source", document.source},
          {"url", document.url},       {"published", date_json(document.published)},
          {"fields", fields},          {"entities", entities}};
}

std::string dump(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cli
