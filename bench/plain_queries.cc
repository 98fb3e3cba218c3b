// The plain kinds of dossier_compare's plan (frequent, rare, and2, or3,
// phrase2) on one engine per process, so that a profiler sees one engine
// alone: block reads with strace, instructions with callgrind, or p50/p90
// with --times. Each engine's index of the first --docs generated articles
// is built in --index-dir once and reused.
//
//   dossier_plain_queries --engine=dossier|xapian --index-dir=DIR [--docs=2225] [--reps=20] [--kind=K]
//   strace -f -c -e trace=pread64 dossier_plain_queries ... --reps=0   (opening alone)
//   strace -f -c -e trace=pread64 dossier_plain_queries ... --reps=20
//   valgrind --tool=callgrind --toggle-collect='*timed_rounds*' dossier_plain_queries ...
//
// Block reads a search: (preads with --reps=N - preads with --reps=0) /
// (N x 25). With --toggle-collect, callgrind counts the rounds after the
// warm-up round only.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "corpus.h"
#include "engines.h"
#include "queries.h"

namespace dossier::bench {
namespace {

namespace fs = std::filesystem;

using Micros = std::map<std::string, std::vector<double>>;

// Kept a function of its own (noipa) for callgrind's --toggle-collect.
[[gnu::noipa]] std::size_t timed_rounds(Engine& engine, const std::vector<const BenchQuery*>& queries,
                                        int reps, Micros* micros) {
  std::size_t matches = 0;
  for (int rep = 0; rep < reps; ++rep) {
    for (const BenchQuery* query : queries) {
      const auto start = std::chrono::steady_clock::now();
      matches += engine.run(*query);
      if (micros) {
        (*micros)[kind_name(query->kind)].push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count());
      }
    }
  }
  return matches;
}

int run(int argc, char** argv) {
  std::string engine_name = "dossier";
  fs::path index_dir;
  std::string docs_text = "2225";
  int reps = 20;
  bool times = false;
  std::string only_kind;
  CorpusOptions corpus_options;
  CLI::App app("Plain query kinds on one engine, for strace and callgrind (bench/README.md).");
  app.add_option("--engine", engine_name, "dossier (one writer thread) or xapian")
      ->check(CLI::IsMember({"dossier", "xapian"}));
  app.add_option("--index-dir", index_dir, "where each engine's index is kept")->required();
  app.add_option("--docs", docs_text, "articles in the index (k allowed)");
  app.add_option("--reps", reps, "rounds of the 25 queries after one warm-up round");
  app.add_flag("--times", times, "print p50 and p90 per kind in microseconds");
  app.add_option("--kind", only_kind, "run one kind only (a profile of that kind alone)")
      ->check(CLI::IsMember({"frequent", "rare", "and2", "or3", "phrase2"}));
  add_corpus_options(app, corpus_options);
  cli::parse(app, argc, argv);
  const std::vector<std::size_t> sizes = parse_sizes(docs_text);
  if (sizes.size() != 1) {
    std::fprintf(stderr, "dossier_plain_queries: --docs takes one size\n");
    return 2;
  }
  const CorpusGenerator corpus = load_corpus(corpus_options);
  auto engine = engine_name == "dossier" ? make_dossier_engine({.threads = 1}) : make_xapian_engine();
  const fs::path directory = index_dir / (engine_name + "-" + std::to_string(sizes[0]));
  const fs::path stamp = directory / kIndexStampFile;
  const std::string expected = index_stamp(corpus, sizes[0]);
  std::string found;
  if (std::ifstream in(stamp); in) std::getline(in, found);
  if (found != expected) {
    fs::remove_all(directory);
    engine->begin_index(directory);
    for (std::size_t i = 0; i < sizes[0]; ++i) engine->add(corpus.document(i));
    engine->end_index();
    std::ofstream(stamp) << expected << '\n';
  } else {
    engine->begin_index(directory);  // opens the index as it is
    engine->end_index();
  }
  engine->open();

  const QueryPlan plan = make_query_plan(corpus.sources(), guess_entities(corpus.sources(), 5));
  std::vector<const BenchQuery*> queries;
  for (QueryKind kind : {QueryKind::kFrequent, QueryKind::kRare, QueryKind::kAnd2,
                         QueryKind::kOr3, QueryKind::kPhrase2}) {
    if (!only_kind.empty() && kind_name(kind) != only_kind) continue;
    for (const BenchQuery* query : plan.of(kind)) queries.push_back(query);
  }
  std::size_t matches = 0;
  for (const BenchQuery* query : queries) matches += engine->run(*query);  // warm-up
  Micros micros;
  matches += timed_rounds(*engine, queries, reps, times ? &micros : nullptr);
  for (auto& [kind, values] : micros) {
    std::sort(values.begin(), values.end());
    std::printf("%-8s p50 %8.1f  p90 %8.1f\n", kind.c_str(), values[values.size() / 2],
                values[values.size() * 9 / 10]);
  }
  std::printf("%zu queries x %d rounds, %zu matches reported\n", queries.size(), reps, matches);
  return 0;
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) { return dossier::bench::run(argc, argv); }
