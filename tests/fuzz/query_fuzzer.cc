// Fuzzes query parsing and search (lib/search): any query text, with request
// options taken from the first bytes, against a small index built once. The
// only error a query may give is kQuerySyntax, with a position inside it.
//
// Input: byte 0 sort/snippet/facets flags, byte 1 offset, byte 2 limit,
// byte 3 filter selector, then the query text.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "dossier/dossier.h"
#include "fuzz_check.h"
#include "util/utf8.h"

namespace {

namespace fs = std::filesystem;

fs::path index_directory;

void remove_index() {
  std::error_code ignored;
  fs::remove_all(index_directory, ignored);
}

dossier::Searcher& searcher() {
  static dossier::Searcher* opened = [] {
    index_directory =
        fs::temp_directory_path() / ("dossier-query-fuzzer-" + std::to_string(getpid()));
    fs::remove_all(index_directory);
    std::atexit(remove_index);
    dossier::IndexOptions options;
    options.threads = 1;
    auto writer = dossier::IndexWriter::Open(index_directory, options);
    FUZZ_CHECK(writer, "%s", writer.error().to_string().c_str());
    const char* const articles[][3] = {
        {"a", "Pompeo meets Piñera in Santiago",
         "U.S. Secretary of State Mike Pompeo met Chilean President Sebastián Piñera. "
         "They discussed Venezuela, China and trade. \"We stand with the people.\""},
        {"b", "Maduro rejects sanctions",
         "Nicolás Maduro said the anti-Maduro protests in Caracas were organised abroad; "
         "730,000 people marched. The U.N. called for talks."},
        {"c", "Storm hits the coast",
         "A storm hit the coast of Peru on 3.5 metre waves. O'Brien's report: refugees fled."},
        {"d", "", "Body only, with café, naïve, Ærø and ΐ."},
    };
    int day = 1;
    for (const auto& [id, title, body] : articles) {
      dossier::Document document;
      document.id = id;
      document.title = title;
      document.body = body;
      document.source = day % 2 ? "Reuters" : "BBC News";
      document.published = std::chrono::sys_days(std::chrono::year(2019) / 4 / day++);
      FUZZ_CHECK(writer->add_or_replace(std::move(document)), "add failed");
    }
    FUZZ_CHECK(writer->commit(), "commit failed");
    auto searcher = dossier::Searcher::Open(index_directory);
    FUZZ_CHECK(searcher, "%s", searcher.error().to_string().c_str());
    return new dossier::Searcher(std::move(*searcher));
  }();
  return *opened;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  dossier::SearchRequest request;
  request.sort = static_cast<dossier::SortOrder>(data[0] % 3);
  request.snippet_bytes = (data[0] & 0x04) ? 0 : 16 + (data[0] >> 3) * 8;
  request.facet_values = (data[0] & 0x80) ? 0 : 3;
  request.offset = data[1] % 8;
  request.limit = data[2] % 12;
  if (data[3] & 1) request.filters.push_back({dossier::EntityKind::kPerson, "Pompeo"});
  if (data[3] & 2) request.filters.push_back({dossier::EntityKind::kPlace, "Caracas"});
  if (data[3] & 4) {
    request.published_from = std::chrono::sys_days(std::chrono::year(2019) / 4 / 2);
  }
  if (data[3] & 8) request.published_to = std::chrono::sys_days(std::chrono::year(2019) / 4 / 3);
  request.query.assign(reinterpret_cast<const char*>(data) + 4, size - 4);

  auto results = searcher().search(request);
  if (!results) {
    FUZZ_CHECK(results.error().code == dossier::ErrorCode::kQuerySyntax, "unexpected error %s",
               results.error().to_string().c_str());
    FUZZ_CHECK(results.error().position <= request.query.size(), "position %zu past the query",
               results.error().position);
    return 0;
  }
  FUZZ_CHECK(results->hits.size() <= request.limit, "more hits than the limit");
  for (std::size_t i = 0; i < results->hits.size(); ++i) {
    const dossier::Hit& hit = results->hits[i];
    FUZZ_CHECK(hit.rank == request.offset + i, "rank %zu at %zu", hit.rank, i);
    const dossier::Snippet& snippet = hit.snippet;
    FUZZ_CHECK(dossier::util::is_valid_utf8(snippet.text), "snippet is invalid UTF-8");
    for (auto [begin, end] : snippet.highlights) {
      FUZZ_CHECK(begin < end && end <= snippet.text.size(), "highlight outside the snippet");
    }
  }
  if (request.query.size() <= 200) {
    (void)searcher().suggest_entities(request.query);
    (void)searcher().get(request.query);
  }
  return 0;
}
