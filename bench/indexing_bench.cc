// Indexing throughput: analysis alone, entity recognition alone, and the
// whole pipeline into an index, at several corpus sizes.
//
//   dossier_bench_indexing [--corpus=PATH] [--sizes=5,2225,10k,100k]
//                          [--component-sizes=5,2225,10k] [--threads=N]
//                          [--scratch=DIR] [--keep-indexes=DIR] [--seed=N] [--body-scale=F]
//                          [Google Benchmark flags: --benchmark_filter=...,
//                           --benchmark_min_time=..., --benchmark_out=...]
//
// Counters: docs_per_s, bytes_per_second (title + body bytes), and for the
// pipeline peak_rss_MB (the process's peak resident memory while indexing,
// measured with /proc/self/clear_refs + VmHWM; it includes the benchmark's own
// ~20 MB: the source corpus and the generator), index_MB (size on disk) and
// spelling_MB (the part of it that is the spelling dictionary; the
// index_pipeline_no_spelling runs, at the component sizes, write none).
// The pipeline streams generated documents into IndexWriter (the generator's
// own cost is BM "generate"). index_pipeline_no_entities runs at the
// component sizes only. --keep-indexes=DIR leaves each index_pipeline index in
// DIR/dossier-<docs>/index, stamped, where dossier_bench_query --index-dir=DIR
// reuses it instead of indexing again.
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

#include "analysis/analyzer.h"
#include "corpus.h"
#include "engines.h"
#include "dossier/dossier.h"
#include "entities/extractor.h"
#include "index/document_builder.h"
#include "index/schema.h"

#include <malloc.h>
#include <xapian.h>

namespace dossier::bench {
namespace {

std::optional<CorpusGenerator> g_corpus;
std::filesystem::path g_scratch;
unsigned g_threads = 0;
std::filesystem::path g_keep_dir;  // --keep-indexes

// Pre-generated documents for the component benchmarks (sizes up to ~10k).
const std::vector<Document>& documents(std::size_t n) {
  static std::map<std::size_t, std::vector<Document>> cache;
  auto [it, added] = cache.try_emplace(n);
  if (added) {
    it->second.reserve(n);
    for (std::size_t i = 0; i < n; ++i) it->second.push_back(g_corpus->document(i));
  }
  return it->second;
}

std::size_t total_bytes(const std::vector<Document>& docs) {
  std::size_t bytes = 0;
  for (const Document& d : docs) bytes += text_bytes(d);
  return bytes;
}

void set_rates(benchmark::State& state, std::size_t docs, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["docs_per_s"] = benchmark::Counter(
      static_cast<double>(docs) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["docs"] = static_cast<double>(docs);
}

// Generating n new documents (numbers after the source articles).
void BM_Generate(benchmark::State& state, std::size_t n) {
  std::size_t bytes = 0;
  const std::size_t first = g_corpus->source_size();
  for (auto _ : state) {
    bytes = 0;
    for (std::size_t i = first; i < first + n; ++i) {
      Document d = g_corpus->document(i);
      bytes += text_bytes(d);
      benchmark::DoNotOptimize(d);
    }
  }
  set_rates(state, n, bytes);
}

// The Analyzer over title and body, one thread: segmentation, folding, stemming.
void BM_Analyze(benchmark::State& state, std::size_t n) {
  const auto& docs = documents(n);
  analysis::Analyzer analyzer(AnalysisOptions{});
  std::size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const Document& d : docs) {
      auto count = [&](const analysis::Token& t) { tokens += t.term.size() > 0; };
      analyzer.analyze(d.title, count);
      analyzer.analyze(d.body, count);
    }
    benchmark::DoNotOptimize(tokens);
  }
  set_rates(state, n, total_bytes(docs));
  state.counters["tokens_per_doc"] = static_cast<double>(tokens) / static_cast<double>(n);
}

// EntityRecognizer::Default().recognize() over title + body, one thread.
void BM_Recognize(benchmark::State& state, std::size_t n) {
  const auto& docs = documents(n);
  const EntityRecognizer& recognizer = EntityRecognizer::Default();
  std::size_t mentions = 0;
  std::string text;
  for (auto _ : state) {
    mentions = 0;
    for (const Document& d : docs) {
      text.assign(d.title);
      text += "\n\n";
      text += d.body;
      mentions += recognizer.recognize(text)->size();
    }
  }
  set_rates(state, n, total_bytes(docs));
  state.counters["mentions_per_doc"] = static_cast<double>(mentions) / static_cast<double>(n);
}

// The indexing entity step (recognize + resolve to entities and alias keys),
// one thread.
void BM_ExtractEntities(benchmark::State& state, std::size_t n) {
  const auto& docs = documents(n);
  entities::EntityExtractor extractor{entities::Resolver{}};
  std::size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const Document& d : docs) found += extractor.extract(d).size();
  }
  set_rates(state, n, total_bytes(docs));
  state.counters["entities_per_doc"] = static_cast<double>(found) / static_cast<double>(n);
}

// The two halves of IndexWriter, to see which one bounds the pipeline:
// build_documents is the part the worker threads run in parallel (entities,
// analysis, Xapian::Document), on one thread here; apply_documents is the
// part the writer thread runs alone (replace_document of built documents in
// one transaction, then commit), with the documents built beforehand.
void BM_BuildDocuments(benchmark::State& state, std::size_t n) {
  const auto& docs = documents(n);
  entities::EntityExtractor extractor{entities::Resolver{}};
  index::DocumentBuilder builder{AnalysisOptions{}};
  for (auto _ : state) {
    for (const Document& d : docs) {
      index::BuiltDocument built = builder.build(d, extractor.extract(d));
      benchmark::DoNotOptimize(built);
    }
  }
  set_rates(state, n, total_bytes(docs));
}

void BM_ApplyDocuments(benchmark::State& state, std::size_t n) {
  const auto& docs = documents(n);
  entities::EntityExtractor extractor{entities::Resolver{}};
  index::DocumentBuilder builder{AnalysisOptions{}};
  std::vector<index::BuiltDocument> built;
  built.reserve(n);
  for (const Document& d : docs) built.push_back(builder.build(d, extractor.extract(d)));
  for (auto _ : state) {
    state.PauseTiming();
    TempDir dir(g_scratch, "dossier-bench-apply");
    state.ResumeTiming();
    Xapian::WritableDatabase db((dir.path() / "index").string(),
                                Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    db.begin_transaction(true);
    for (const index::BuiltDocument& b : built) db.replace_document(b.id_term, b.document);
    db.commit_transaction();
    db.close();
  }
  set_rates(state, n, total_bytes(docs));
}

// IndexWriter: add n documents (streamed from the generator) and commit, also
// after every `commit_every` documents when that is not 0 (a live feed).
void BM_IndexPipeline(benchmark::State& state, std::size_t n, bool entities,
                      bool spelling = true, std::size_t commit_every = 0) {
  std::size_t bytes = 0, peak = 0, base = 0, index_bytes = 0, spelling_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    TempDir dir(g_scratch, "dossier-bench-index");
    malloc_trim(0);  // return what earlier benchmarks freed, so the peak is this run's
    base = current_rss_bytes();
    reset_peak_rss();
    state.ResumeTiming();
    bytes = 0;
    {
      IndexOptions options;
      options.threads = g_threads;
      options.recognize_entities = entities;
      options.spelling_dictionary = spelling;
      auto writer = IndexWriter::Open(dir.path() / "index", options);
      if (!writer) {
        state.SkipWithError(writer.error().to_string().c_str());
        return;
      }
      for (std::size_t i = 0; i < n; ++i) {
        Document d = g_corpus->document(i);
        bytes += text_bytes(d);
        if (auto added = writer->add_or_replace(std::move(d)); !added) {
          state.SkipWithError(added.error().to_string().c_str());
          return;
        }
        if (commit_every != 0 && (i + 1) % commit_every == 0) {
          if (auto committed = writer->commit(); !committed) {
            state.SkipWithError(committed.error().to_string().c_str());
            return;
          }
        }
      }
      if (auto committed = writer->commit(); !committed) {
        state.SkipWithError(committed.error().to_string().c_str());
        return;
      }
    }
    state.PauseTiming();
    peak = std::max(peak, peak_rss_bytes());
    index_bytes = directory_bytes(dir.path() / "index");
    // Xapian's spelling table: the "did you mean" dictionary (search/spelling.h).
    std::error_code no_table;
    spelling_bytes = std::filesystem::file_size(dir.path() / "index" / "spelling.glass", no_table);
    if (no_table) spelling_bytes = 0;
    if (entities && !g_keep_dir.empty()) {
      // Leave the index for dossier_bench_query (same layout as its own).
      namespace fs = std::filesystem;
      fs::path kept = g_keep_dir / ("dossier-" + std::to_string(n));
      std::error_code error;
      fs::remove_all(kept, error);
      fs::create_directories(kept);
      fs::rename(dir.path() / "index", kept / "index", error);
      if (!error) std::ofstream(kept / kIndexStampFile) << index_stamp(*g_corpus, n) << "\n";
    }
    state.ResumeTiming();
  }
  set_rates(state, n, bytes);
  state.counters["peak_rss_MB"] = static_cast<double>(peak) / 1e6;
  state.counters["rss_before_MB"] = static_cast<double>(base) / 1e6;
  state.counters["index_MB"] = static_cast<double>(index_bytes) / 1e6;
  state.counters["spelling_MB"] = static_cast<double>(spelling_bytes) / 1e6;
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// Raw Xapian and SQLite FTS5 indexing the same documents (engines.h), for
// reference. One thread each.
void BM_EngineIndex(benchmark::State& state, std::size_t n, std::string engine_name) {
  const auto& docs = documents(n);
  for (auto _ : state) {
    state.PauseTiming();
    TempDir dir(g_scratch, "dossier-bench-engine");
    auto engine = engine_name == "xapian" ? make_xapian_engine() : make_fts5_engine();
    state.ResumeTiming();
    engine->begin_index(dir.path() / "index");
    for (const Document& d : docs) engine->add(d);
    engine->end_index();
  }
  set_rates(state, n, total_bytes(docs));
}

template <typename F>
void add(const std::string& name, std::size_t n, F&& f) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [n, f](benchmark::State& s) { f(s, n); });
  b->Unit(benchmark::kMillisecond)->UseRealTime();
  if (n >= 10000) b->Iterations(1);
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  CorpusOptions corpus_options;
  std::string size_list = "5,2225,10k,100k", component_size_list = "5,2225,10k";
  g_scratch = default_scratch_dir().string();
  CLI::App app("Google Benchmark suite of indexing: the whole pipeline and its parts "
               "(bench/README.md).",
               "dossier_bench_indexing");
  add_corpus_options(app, corpus_options);
  app.add_option("--sizes", size_list, "corpus sizes of the whole pipeline (k and M allowed)");
  app.add_option("--component-sizes", component_size_list,
                 "corpus sizes of the parts (analysis, recognition, ...)");
  app.add_option("--scratch", g_scratch, "where the indexes go (default: $TMPDIR or /tmp)");
  app.add_option("--threads", g_threads, "analysis threads (default: all cores)");
  app.add_option("--keep-indexes", g_keep_dir, "keep the pipeline's indexes in DIR");
  parse_benchmark_command_line(app, argc, argv);
  g_corpus.emplace(load_corpus(corpus_options));
  std::vector<std::size_t> sizes = parse_sizes(size_list);
  std::vector<std::size_t> component_sizes = parse_sizes(component_size_list);

  std::fprintf(stderr, "corpus: %s\n", g_corpus->describe().c_str());
  for (std::size_t n : component_sizes) {
    std::string suffix = "/" + std::to_string(n);
    add("generate" + suffix, n, BM_Generate);
    add("analyze" + suffix, n, BM_Analyze);
    add("recognize" + suffix, n, BM_Recognize);
    add("extract_entities" + suffix, n, BM_ExtractEntities);
    add("build_documents" + suffix, n, BM_BuildDocuments);
    add("apply_documents" + suffix, n, BM_ApplyDocuments);
    add("raw_xapian_index" + suffix, n,
        [](benchmark::State& s, std::size_t m) { BM_EngineIndex(s, m, "xapian"); });
    add("fts5_index" + suffix, n,
        [](benchmark::State& s, std::size_t m) { BM_EngineIndex(s, m, "fts5"); });
  }
  for (std::size_t n : sizes) {
    std::string suffix = "/" + std::to_string(n);
    add("index_pipeline" + suffix, n,
        [](benchmark::State& s, std::size_t m) { BM_IndexPipeline(s, m, true); });
  }
  // Without entities: at the component sizes only (it shows what recognition costs).
  for (std::size_t n : component_sizes) {
    add("index_pipeline_no_entities/" + std::to_string(n), n,
        [](benchmark::State& s, std::size_t m) { BM_IndexPipeline(s, m, false); });
  }
  // A live feed: a commit after every 50 articles.
  for (std::size_t n : component_sizes) {
    add("index_pipeline_commit_every_50/" + std::to_string(n), n,
        [](benchmark::State& s, std::size_t m) { BM_IndexPipeline(s, m, true, true, 50); });
  }
  // Without the spelling dictionary: what "did you mean" costs the writer.
  for (std::size_t n : component_sizes) {
    add("index_pipeline_no_spelling/" + std::to_string(n), n,
        [](benchmark::State& s, std::size_t m) { BM_IndexPipeline(s, m, true, false); });
  }
  benchmark::AddCustomContext("corpus", g_corpus->describe());
  benchmark::AddCustomContext("threads", g_threads ? std::to_string(g_threads) : "all cores");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
