// dossier-serve's JSON API, apart from HTTP: each call takes the request's
// fields (query parameters, or a JSON body, as one JSON object) and returns a
// status and a JSON body. Every input is checked against a limit, and every
// failure, including an unexpected exception, becomes a JSON error.
//
// Thread-safety: calls may run on many threads at once. Searcher is not
// thread-safe, so each thread opens its own on first use and keeps it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <expected>
#include <string>
#include <vector>

#include "dossier/searcher.h"

namespace serve {

// What one request may ask for; larger values get a 400 naming the parameter.
struct ApiLimits {
  std::size_t query_bytes = 1000;
  std::size_t name_bytes = 200;  // an entity, source or field filter, or suggestion prefix
  std::size_t filters = 20;  // entity, source and field filters together
  std::size_t limit = 100;
  std::size_t offset = 10000;
  std::size_t snippet_bytes = 2000;
  std::size_t facet_values = 100;
  std::size_t suggestions = 50;
};

struct ApiResponse {
  int status = 200;
  nlohmann::json body;
};

// {"error": {"status", "code", "message", ["parameter"], ["position"]}}
ApiResponse error_response(int status, std::string code, std::string message,
                           std::string parameter = {});

class Api {
 public:
  // `shards`: what dossier::Searcher::Open takes (one index path, or several
  // shards searched as one).
  explicit Api(std::vector<std::string> shards, ApiLimits limits = {});

  // query, person, place, organization (a name or a list), from, to,
  // sort (relevance|newest|oldest), offset, limit, snippet_bytes, facet_values.
  ApiResponse search(const nlohmann::json& fields);
  // Same filters, only the total and the facets.
  ApiResponse facets(const nlohmann::json& fields);
  // prefix, kind (person|place|organization; every kind when absent), limit.
  // Each suggestion: {"key", "name", "count", "kind"}.
  ApiResponse suggest(const nlohmann::json& fields);
  // id.
  ApiResponse article(const nlohmann::json& fields);
  // {"articles": N, "limits": {...}}
  ApiResponse info();

 private:
  // This thread's Searcher over shards_, opened on its first request.
  std::expected<dossier::Searcher*, ApiResponse> searcher() const;
  template <typename Body>
  ApiResponse guarded(Body&& body);

  std::vector<std::string> shards_;
  ApiLimits limits_;
};

}  // namespace serve
