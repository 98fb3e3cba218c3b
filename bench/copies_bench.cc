// The cost of copy groups and related articles (issue 16), over the source
// articles of the bench corpus (BBC News by default), indexed once into a
// scratch directory at start.
//
//   dossier_bench_copies [--corpus PATH] [--scratch DIR] [Google Benchmark flags]
//
// Benchmarks (CPU time per iteration):
//   copies/signature         one article's MinHash signature from its analysed
//                            words (the analysis itself not included): the
//                            indexing cost on the worker threads.
//   copies/join_group        choosing one article's copy group in the built
//                            index (band-term look-ups, candidates'
//                            signatures): the cost on the writer's thread.
//   search/collapse_off      a page of 10 hits with snippets, no facets, the
//                            queries round-robin; every hit reports its copies.
//   search/collapse_on       the same with SearchRequest::collapse_copies.
//   related/5                Searcher::related(id, 5), ids round-robin.
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>
#include <xapian.h>

#include <cstdio>
#include <optional>

#include "analysis/analyzer.h"
#include "corpus.h"
#include "dossier/dossier.h"
#include "index/near_duplicate.h"
#include "index/schema.h"

namespace dossier::bench {
namespace {

namespace fs = std::filesystem;

std::vector<Document> g_articles;
std::optional<TempDir> g_scratch;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "dossier_bench_copies: %s\n", message.c_str());
  std::exit(2);
}

fs::path index_path() { return g_scratch->path() / "index"; }

void build_index() {
  auto writer = IndexWriter::Open(index_path());
  if (!writer) die(writer.error().to_string());
  for (const Document& article : g_articles) {
    if (auto added = writer->add_or_replace(article); !added) die(added.error().to_string());
  }
  if (auto committed = writer->commit(); !committed) die(committed.error().to_string());
}

// Each article's analysed body words.
std::vector<std::vector<std::string>> analysed_bodies() {
  analysis::Analyzer analyzer{AnalysisOptions{}};
  std::vector<std::vector<std::string>> bodies;
  for (const Document& article : g_articles) {
    std::vector<std::string>& words = bodies.emplace_back();
    analyzer.analyze(article.body, [&](const analysis::Token& t) { words.emplace_back(t.term); });
  }
  return bodies;
}

void BM_Signature(benchmark::State& state) {
  const auto bodies = analysed_bodies();
  std::size_t i = 0, words = 0;
  for (auto _ : state) {
    index::SignatureBuilder builder;
    for (const std::string& word : bodies[i]) builder.add_word(word);
    benchmark::DoNotOptimize(builder.finish());
    words += bodies[i].size();
    i = (i + 1) % bodies.size();
  }
  state.counters["words_per_article"] =
      benchmark::Counter(static_cast<double>(words) / static_cast<double>(state.iterations()));
}

void BM_JoinGroup(benchmark::State& state) {
  Xapian::Database database(index_path().string());
  std::vector<std::pair<std::string, index::CopySignature>> articles;
  const auto bodies = analysed_bodies();
  for (std::size_t j = 0; j < bodies.size(); ++j) {
    index::SignatureBuilder builder;
    for (const std::string& word : bodies[j]) builder.add_word(word);
    if (auto signature = builder.finish()) {
      articles.emplace_back(index::id_term(g_articles[j].id), *signature);
    }
  }
  if (articles.empty()) die("no article has a signature");
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        index::join_copy_group(database, articles[i].first, articles[i].second));
    i = (i + 1) % articles.size();
  }
}

void BM_Search(benchmark::State& state, bool collapse) {
  auto searcher = Searcher::Open(index_path());
  if (!searcher) die(searcher.error().to_string());
  const std::vector<std::string> queries = {"government", "film award", "mobile phone",
                                            "election labour", "economy growth", "match"};
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    SearchRequest request{.query = queries[i % queries.size()]};
    request.facet_values = 0;
    request.collapse_copies = collapse;
    auto results = searcher->search(request);
    if (!results) die(results.error().to_string());
    hits += results->hits.size();
    ++i;
  }
  state.counters["hits"] =
      benchmark::Counter(static_cast<double>(hits) / static_cast<double>(state.iterations()));
}

void BM_Related(benchmark::State& state) {
  auto searcher = Searcher::Open(index_path());
  if (!searcher) die(searcher.error().to_string());
  std::size_t i = 0;
  for (auto _ : state) {
    auto related = searcher->related(g_articles[i].id, 5);
    if (!related) die(related.error().to_string());
    benchmark::DoNotOptimize(related->size());
    i = (i + 1) % g_articles.size();
  }
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  fs::path corpus = default_corpus_path();
  std::string scratch;
  CLI::App app("Google Benchmark suite of copy groups and related articles (bench/README.md).",
               "dossier_bench_copies");
  app.add_option("--corpus", corpus, ".jsonl file or folder of .txt (source articles only)");
  app.add_option("--scratch", scratch, "where the index goes (default: $TMPDIR)");
  parse_benchmark_command_line(app, argc, argv);
  g_articles = load_source(corpus);
  if (g_articles.empty()) die("the corpus is empty");
  const fs::path parent = !scratch.empty() ? fs::path(scratch) : default_scratch_dir();
  fs::create_directories(parent);
  g_scratch.emplace(parent, "dossier-bench-copies");
  std::fprintf(stderr, "indexing %zu articles ...\n", g_articles.size());
  build_index();
  benchmark::RegisterBenchmark("copies/signature", BM_Signature);
  benchmark::RegisterBenchmark("copies/join_group", BM_JoinGroup)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("search/collapse_off", BM_Search, false)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("search/collapse_on", BM_Search, true)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("related/5", BM_Related)->Unit(benchmark::kMicrosecond);
  benchmark::AddCustomContext("corpus", std::to_string(g_articles.size()) + " source articles");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
