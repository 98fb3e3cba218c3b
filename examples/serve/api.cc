#include "serve/api.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <expected>
#include <optional>
#include <utility>

#include "cli.h"
#include "dossier/dossier.h"
#include "json_output.h"

namespace serve {
namespace {

using nlohmann::json;

// A value read from a request, or the response that rejects the request.
template <typename T>
using Checked = std::expected<T, ApiResponse>;

std::unexpected<ApiResponse> bad(std::string parameter, std::string message) {
  return std::unexpected(
      error_response(400, "invalid argument", parameter + ": " + message, parameter));
}

constexpr std::string_view kKindFields[] = {"person", "place", "organization"};
constexpr dossier::EntityKind kKinds[] = {dossier::EntityKind::kPerson,
                                          dossier::EntityKind::kPlace,
                                          dossier::EntityKind::kOrganization};

Checked<void> only_fields(const json& fields, std::initializer_list<std::string_view> allowed) {
  if (!fields.is_object()) return bad("body", "must be a JSON object");
  for (const auto& [name, value] : fields.items()) {
    if (std::ranges::find(allowed, name) == allowed.end()) {
      std::string list;
      for (std::string_view known : allowed) list += (list.empty() ? "" : ", ") + std::string(known);
      return bad(name, "unknown parameter (this endpoint takes " + list + ")");
    }
  }
  return {};
}

Checked<std::string> text_field(const json& fields, const std::string& name,
                                std::size_t max_bytes) {
  if (!fields.contains(name)) return std::string();
  const json& value = fields.at(name);
  if (!value.is_string()) return bad(name, "must be one string (given once)");
  std::string text = value.get<std::string>();
  if (text.size() > max_bytes) {
    return bad(name, "is " + std::to_string(text.size()) + " bytes long; the limit is " +
                         std::to_string(max_bytes));
  }
  return text;
}

// A whole number, as a JSON number or as the text of a query parameter.
Checked<std::size_t> number_field(const json& fields, const std::string& name,
                                  std::size_t fallback, std::size_t max) {
  if (!fields.contains(name)) return fallback;
  const json& value = fields.at(name);
  std::size_t number = 0;
  bool ok = value.is_number_unsigned();
  if (ok) {
    number = value.get<std::size_t>();
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    ok = !text.empty() && error == std::errc{} && end == text.data() + text.size();
  }
  if (!ok || number > max) {
    return bad(name, "must be a whole number from 0 to " + std::to_string(max) + ", not " +
                         cli::dump(value));
  }
  return number;
}

Checked<std::optional<std::chrono::sys_days>> date_field(const json& fields,
                                                         const std::string& name) {
  auto text = text_field(fields, name, 10);
  if (!text) return bad(name, "must be a date, YYYY-MM-DD");
  if (text->empty()) return std::nullopt;
  auto date = dossier::parse_iso_date(*text);
  if (!date) return bad(name, "must be a date, YYYY-MM-DD, not \"" + *text + "\"");
  return date;
}

// One name, or a list of them (a repeated query parameter).
Checked<std::vector<std::string>> names_field(const json& fields, const std::string& name,
                                              std::size_t max_bytes) {
  std::vector<std::string> names;
  if (!fields.contains(name)) return names;
  const json& value = fields.at(name);
  json list = value.is_array() ? value : json::array({value});
  for (const json& item : list) {
    auto text = text_field(json{{name, item}}, name, max_bytes);
    if (!text) return std::unexpected(text.error());
    if (!text->empty()) names.push_back(std::move(*text));
  }
  return names;
}

Checked<dossier::SortOrder> sort_field(const json& fields) {
  auto text = text_field(fields, "sort", 20);
  if (!text) return std::unexpected(text.error());
  if (text->empty() || *text == "relevance") return dossier::SortOrder::kRelevance;
  if (*text == "newest") return dossier::SortOrder::kNewest;
  if (*text == "oldest") return dossier::SortOrder::kOldest;
  return bad("sort", "must be relevance, newest or oldest, not \"" + *text + "\"");
}

Checked<std::optional<dossier::EntityKind>> kind_field(const json& fields) {
  auto text = text_field(fields, "kind", 20);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) return std::nullopt;
  for (std::size_t i = 0; i < std::size(kKinds); ++i) {
    if (*text == kKindFields[i]) return kKinds[i];
  }
  return bad("kind", "must be person, place or organization, not \"" + *text + "\"");
}

Checked<dossier::TimeBucket> timeline_field(const json& fields) {
  auto text = text_field(fields, "timeline", 20);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) return dossier::TimeBucket::kAuto;
  using dossier::TimeBucket;
  for (TimeBucket bucket : {TimeBucket::kAuto, TimeBucket::kDay, TimeBucket::kWeek,
                            TimeBucket::kMonth, TimeBucket::kYear}) {
    if (*text == dossier::to_string(bucket)) return bucket;
  }
  return bad("timeline", "must be auto, day, week, month or year, not \"" + *text + "\"");
}

// Unwraps a Checked value into `target`, or returns its rejection.
#define SERVE_CHECK(target, expression)                   \
  do {                                                    \
    auto checked_ = (expression);                         \
    if (!checked_) return std::unexpected(checked_.error()); \
    target = std::move(*checked_);                        \
  } while (false)

// The query, entity filters and date range, which search and facets share.
Checked<dossier::SearchRequest> filtered_request(const json& fields, const ApiLimits& limits) {
  dossier::SearchRequest request;
  SERVE_CHECK(request.query, text_field(fields, "query", limits.query_bytes));
  for (std::size_t i = 0; i < std::size(kKinds); ++i) {
    std::vector<std::string> names;
    SERVE_CHECK(names, names_field(fields, std::string(kKindFields[i]), limits.name_bytes));
    for (std::string& name : names) request.filters.push_back({kKinds[i], std::move(name)});
  }
  std::vector<std::string> sources, assignments;
  SERVE_CHECK(sources, names_field(fields, "source", limits.name_bytes));
  for (std::string& source : sources) request.field_filters.push_back({"source", std::move(source)});
  SERVE_CHECK(assignments, names_field(fields, "field", limits.name_bytes));
  for (const std::string& assignment : assignments) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      return bad("field", "must be NAME=VALUE, not \"" + assignment + "\"");
    }
    request.field_filters.push_back({assignment.substr(0, equals), assignment.substr(equals + 1)});
  }
  const std::size_t filters = request.filters.size() + request.field_filters.size();
  if (filters > limits.filters) {
    return bad("filters", std::to_string(filters) + " entity, source and field filters; the limit is " +
                              std::to_string(limits.filters));
  }
  SERVE_CHECK(request.timeline_bucket, timeline_field(fields));
  SERVE_CHECK(request.published_from, date_field(fields, "from"));
  SERVE_CHECK(request.published_to, date_field(fields, "to"));
  SERVE_CHECK(request.facet_values, number_field(fields, "facet_values", 10, limits.facet_values));
  return request;
}

Checked<dossier::SearchRequest> search_request(const json& fields, const ApiLimits& limits) {
  dossier::SearchRequest request;
  SERVE_CHECK(request, filtered_request(fields, limits));
  SERVE_CHECK(request.sort, sort_field(fields));
  SERVE_CHECK(request.offset, number_field(fields, "offset", 0, limits.offset));
  SERVE_CHECK(request.limit, number_field(fields, "limit", 10, limits.limit));
  SERVE_CHECK(request.snippet_bytes,
              number_field(fields, "snippet_bytes", 240, limits.snippet_bytes));
  return request;
}

#undef SERVE_CHECK

int http_status(dossier::ErrorCode code) {
  switch (code) {
    case dossier::ErrorCode::kInvalidArgument:
    case dossier::ErrorCode::kQuerySyntax: return 400;
    case dossier::ErrorCode::kNotFound: return 404;
    case dossier::ErrorCode::kUnavailable: return 503;
    default: return 500;
  }
}

// A library error; `parameter` names the input a 400 is about.
ApiResponse library_error(const dossier::Error& error, std::string parameter = {}) {
  int status = http_status(error.code);
  ApiResponse response = error_response(status, dossier::to_string(error.code), error.message,
                                        status == 400 ? parameter : std::string());
  if (error.code == dossier::ErrorCode::kQuerySyntax) {
    response.body["error"]["position"] = error.position;
  }
  return response;
}

}  // namespace

ApiResponse error_response(int status, std::string code, std::string message,
                           std::string parameter) {
  json error = {{"status", status}, {"code", std::move(code)}, {"message", std::move(message)}};
  if (!parameter.empty()) error["parameter"] = std::move(parameter);
  return {status, {{"error", std::move(error)}}};
}

Checked<dossier::Searcher*> Api::searcher() const {
  // Kept with the shards it was opened on: another Api (or a test's) gets its own.
  thread_local std::vector<std::string> opened_on;
  thread_local std::optional<dossier::Searcher> searcher;
  if (!searcher || opened_on != shards_) {
    searcher.reset();
    auto opened = dossier::Searcher::Open(shards_);
    if (!opened) return std::unexpected(library_error(opened.error()));
    searcher.emplace(std::move(*opened));
    opened_on = shards_;
  }
  return &*searcher;
}

Api::Api(std::vector<std::string> shards, ApiLimits limits)
    : shards_(std::move(shards)), limits_(limits) {}

template <typename Body>
ApiResponse Api::guarded(Body&& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    return error_response(500, "internal", std::string("unexpected error: ") + error.what());
  } catch (...) {
    return error_response(500, "internal", "unexpected error");
  }
}

ApiResponse Api::search(const json& fields) {
  return guarded([&]() -> ApiResponse {
    if (auto only = only_fields(fields, {"query", "person", "place", "organization", "source",
                                         "field", "from", "to", "timeline", "sort", "offset",
                                         "limit", "snippet_bytes", "facet_values"});
        !only) {
      return only.error();
    }
    auto request = search_request(fields, limits_);
    if (!request) return request.error();
    auto searcher = this->searcher();
    if (!searcher) return searcher.error();
    auto results = (*searcher)->search(*request);
    if (!results) return library_error(results.error(), "query");
    json body = cli::results_json(*results, request->query);
    body["offset"] = request->offset;
    body["limit"] = request->limit;
    return {200, std::move(body)};
  });
}

ApiResponse Api::facets(const json& fields) {
  return guarded([&]() -> ApiResponse {
    if (auto only = only_fields(fields, {"query", "person", "place", "organization", "source",
                                         "field", "from", "to", "timeline", "facet_values"});
        !only) {
      return only.error();
    }
    auto request = filtered_request(fields, limits_);
    if (!request) return request.error();
    request->limit = 0;
    request->snippet_bytes = 0;
    auto searcher = this->searcher();
    if (!searcher) return searcher.error();
    auto results = (*searcher)->search(*request);
    if (!results) return library_error(results.error(), "query");
    json body = cli::results_json(*results, request->query);
    body.erase("hits");
    return {200, std::move(body)};
  });
}

ApiResponse Api::suggest(const json& fields) {
  return guarded([&]() -> ApiResponse {
    if (auto only = only_fields(fields, {"prefix", "kind", "limit"}); !only) return only.error();
    auto prefix = text_field(fields, "prefix", limits_.name_bytes);
    if (!prefix) return prefix.error();
    auto kind = kind_field(fields);
    if (!kind) return kind.error();
    auto limit = number_field(fields, "limit", 10, limits_.suggestions);
    if (!limit) return limit.error();
    // Each kind is asked on its own so that every suggestion says its kind (a
    // filter needs it); merged, the most named come first, as in one call.
    std::vector<std::pair<dossier::FacetValue, dossier::EntityKind>> found;
    for (std::size_t i = 0; i < std::size(kKinds) && !prefix->empty(); ++i) {
      if (*kind && **kind != kKinds[i]) continue;
      auto searcher = this->searcher();
      if (!searcher) return searcher.error();
      auto values = (*searcher)->suggest_entities(*prefix, kKinds[i], *limit);
      if (!values) return library_error(values.error(), "prefix");
      for (dossier::FacetValue& value : *values) found.emplace_back(std::move(value), kKinds[i]);
    }
    std::ranges::stable_sort(found, std::greater{}, [](const auto& item) { return item.first.count; });
    if (found.size() > *limit) found.resize(*limit);
    json suggestions = json::array();
    for (const auto& [value, value_kind] : found) {
      json suggestion = cli::facet_value_json(value);
      suggestion["kind"] = dossier::to_string(value_kind);
      suggestions.push_back(std::move(suggestion));
    }
    return {200, {{"prefix", *prefix}, {"suggestions", std::move(suggestions)}}};
  });
}

ApiResponse Api::article(const json& fields) {
  return guarded([&]() -> ApiResponse {
    if (auto only = only_fields(fields, {"id"}); !only) return only.error();
    auto id = text_field(fields, "id", limits_.query_bytes);
    if (!id) return id.error();
    if (id->empty()) return bad("id", "is required").error();
    auto searcher = this->searcher();
    if (!searcher) return searcher.error();
    auto document = (*searcher)->get(*id);
    if (!document) return library_error(document.error(), "id");
    return {200, cli::document_json(*document)};
  });
}

ApiResponse Api::info() {
  return guarded([&]() -> ApiResponse {
    auto searcher = this->searcher();
    if (!searcher) return searcher.error();
    auto count = (*searcher)->document_count();
    if (!count) return library_error(count.error());
    json limits = {{"query_bytes", limits_.query_bytes},   {"name_bytes", limits_.name_bytes},
                   {"filters", limits_.filters},           {"limit", limits_.limit},
                   {"offset", limits_.offset},             {"snippet_bytes", limits_.snippet_bytes},
                   {"facet_values", limits_.facet_values}, {"suggestions", limits_.suggestions}};
    return {200, {{"articles", *count}, {"limits", std::move(limits)}}};
  });
}

}  // namespace serve
