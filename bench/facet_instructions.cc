// Instructions per matching article of facet counting on its own, for
// callgrind: the same searches with facets and with only an exact total
// (as query/facets computes facet_ns_per_match from wall clock), each in a
// function of its own so that callgrind can tell them apart.
//
//   valgrind --tool=callgrind --callgrind-out-file=OUT \
//     dossier_facet_instructions --index=DIR/index [--reps=20] [WORD ...]
//   callgrind_annotate --inclusive=yes OUT | grep -E 'searches_(with|without)_facets'
//
// (Ir of searches_with_facets - Ir of searches_without_facets) / the matches
// it prints is the counting's instructions per matching article. The
// searches are warmed up first (column, representatives, display names).
// Uses the public API only, so that it builds against any release.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "dossier/dossier.h"

namespace {

using dossier::SearchRequest;
using dossier::Searcher;

// Returns the matches summed over every search. The two callers below are
// kept apart (noipa: not folded into one function) for callgrind.
[[gnu::noinline]] std::size_t run(Searcher& searcher, const std::vector<SearchRequest>& requests,
                                  int reps) {
  std::size_t matches = 0;
  for (int rep = 0; rep < reps; ++rep) {
    for (const SearchRequest& request : requests) {
      auto results = searcher.search(request);
      if (!results) {
        std::fprintf(stderr, "dossier_facet_instructions: %s\n", results.error().to_string().c_str());
        std::exit(1);
      }
      matches += results->total;
    }
  }
  return matches;
}

[[gnu::noipa]] std::size_t searches_with_facets(Searcher& searcher,
                                                   const std::vector<SearchRequest>& requests,
                                                   int reps) {
  return run(searcher, requests, reps);
}

[[gnu::noipa]] std::size_t searches_without_facets(Searcher& searcher,
                                                      const std::vector<SearchRequest>& requests,
                                                      int reps) {
  return run(searcher, requests, reps);
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  int reps = 20;
  std::vector<std::string> words;
  CLI::App app("Facet counting's instructions per matching article, for callgrind (bench/README.md).");
  app.add_option("--index", index, "a Dossier index directory")->required();
  app.add_option("--reps", reps, "searches of each word, with and without facets");
  app.add_option("words", words, "one query each (default: query/facets' words on BBC News)");
  cli::parse(app, argc, argv);
  if (words.empty()) words = {"said", "year", "last", "time", "first"};

  auto searcher = Searcher::Open(index);
  if (!searcher) {
    std::fprintf(stderr, "dossier_facet_instructions: %s\n", searcher.error().to_string().c_str());
    return 1;
  }
  // As query/facets: a page of 10 without snippets, the top 10 of each facet;
  // the baseline visits the same matches for an exact total.
  std::vector<SearchRequest> with, without;
  for (const std::string& word : words) {
    SearchRequest request;
    request.query = word;
    request.limit = 10;
    request.snippet_bytes = 0;
    request.facet_values = 10;
    with.push_back(request);
    request.facet_values = 0;
    request.exact_total = true;
    without.push_back(request);
  }
  run(*searcher, with, 1);
  run(*searcher, without, 1);
  const std::size_t counted = searches_with_facets(*searcher, with, reps);
  const std::size_t plain = searches_without_facets(*searcher, without, reps);
  std::printf("matches with facets %zu, without %zu, searches %zu each\n", counted, plain,
              words.size() * static_cast<std::size_t>(reps));
  return counted == plain ? 0 : 1;
}
