// Query latency by kind (see queries.h) at several corpus sizes, and the cost
// of facet counting per matching document.
//
//   dossier_bench_query [--corpus=PATH] [--sizes=5,2225,10k,100k]
//                       [--index-dir=DIR] [--rebuild] [--seed=N] [--body-scale=F]
//                       [Google Benchmark flags]
//
// Indexes are built once per size into --index-dir (default
// $TMPDIR/dossier-bench-indexes) and reused by later runs when the corpus,
// generator options and size match (a stamp file records them); --rebuild
// forces new ones. Rebuild after changing lib/. dossier_bench_indexing
// --keep-indexes=DIR leaves its pipeline indexes there, stamped, for reuse.
//
// Benchmarks:
//   query/<kind>/<docs>         one query per iteration, the kind's queries
//                               round-robin. Counters: matches (mean total),
//                               p50_us and p99_us (per-query latency).
//   query/facets/<docs>         also facet_ns_per_match, the counting on its
//                               own: (time with facets - time of the same
//                               query with an exact total and no facets) /
//                               matches, medians of interleaved runs. The
//                               one-word queries' totals are exact without a
//                               pass over the matches, so the walk over them
//                               counts as the facets' (bench/README.md).
//   facets_after_commit/<docs>  each iteration commits 10 replaced articles
//                               (untimed), then times the first facet search
//                               of a Searcher kept open (first_us), then a
//                               second one (steady_us).
//   facets_after_commit_new_entity/<docs>  the same, each commit adding 10
//                               articles that name a person the index has
//                               never seen (as a live newsroom's do); all
//                               are removed at the end.
//   searcher_memory/<docs>      kB one more Searcher adds once it has
//                               searched with facets and suggested: heap in
//                               use and resident (extra_searcher_heap_kb,
//                               extra_searcher_resident_kb).
//   query/page_default/<docs>   the and2 words with a default SearchRequest
//                               (snippets and facets on), as an application
//                               would call it.
//   query/spelling_{on,off}/{correct,misspelled}/<docs>
//                               one and2 word as a default request, as is or
//                               with a letter doubled, with and without the
//                               "did you mean" step (suggest_spelling).
//   query/titles_1000/<docs>    the frequent words, 1,000 hits with id and
//                               title each; query/ids_1000: the same with
//                               SearchRequest::ids_only.
//   facet_counter/<docs>        FacetCounter given every document in one
//                               batch, entities only: ns_per_doc.
//   facet_counter_all/<docs>    the same counting sources, keyword fields and
//                               dates too, as searches do: ns_per_doc.
//   facet_counter_one_name/<docs>  facet_counter as searches count: each key
//                               as the entity it stands for (entity_representatives.h),
//                               sources, fields and dates too: ns_per_doc.
//   facet_column/<docs>         the bare entity column loop: ns_per_doc.
//   attribute_column/<docs>     the bare source/field/date loop: ns_per_doc.
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>
#include <xapian.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>

#include "corpus.h"
#include "dossier/dossier.h"
#include "queries.h"
#include "search/facets.h"

namespace dossier::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::optional<CorpusGenerator> g_corpus;
QueryPlan g_plan;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "dossier_bench_query: %s\n", message.c_str());
  std::exit(2);
}

// Builds the index for n documents unless a matching one exists.
void ensure_index(const fs::path& directory, std::size_t n, bool rebuild) {
  const fs::path stamp = directory / kIndexStampFile;
  const std::string expected = index_stamp(*g_corpus, n);
  if (!rebuild && fs::exists(stamp)) {
    std::ifstream in(stamp);
    std::string found;
    std::getline(in, found);
    if (found == expected) return;
  }
  std::error_code error;
  fs::remove_all(directory, error);
  fs::create_directories(directory);
  std::fprintf(stderr, "building index of %zu documents in %s ...\n", n, directory.c_str());
  auto start = Clock::now();
  std::size_t bytes = 0;
  {
    auto writer = IndexWriter::Open(directory / "index");
    if (!writer) die(writer.error().to_string());
    for (std::size_t i = 0; i < n; ++i) {
      Document d = g_corpus->document(i);
      bytes += text_bytes(d);
      if (auto added = writer->add_or_replace(std::move(d)); !added) die(added.error().to_string());
    }
    if (auto committed = writer->commit(); !committed) die(committed.error().to_string());
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "  %.1f s, %.2f MB/s\n", seconds, static_cast<double>(bytes) / 1e6 / seconds);
  std::ofstream(stamp) << expected << "\n";
}

Searcher open_searcher(const fs::path& index) {
  auto searcher = Searcher::Open(index);
  if (!searcher) die(searcher.error().to_string());
  return std::move(*searcher);
}

// "election" -> "electtion": a misspelling the index does not contain.
std::string with_a_letter_doubled(const std::string& word) {
  std::string misspelled = word;
  misspelled.insert(misspelled.begin() + static_cast<std::ptrdiff_t>(word.size() / 2),
                    word[word.size() / 2]);
  return misspelled;
}

void BM_Query(benchmark::State& state, fs::path index, std::vector<SearchRequest> requests,
              bool facet_cost) {
  Searcher searcher = open_searcher(index);
  const std::size_t m = requests.size();
  // Warm up: page cache, facet column, stem caches.
  for (const SearchRequest& r : requests) {
    if (auto results = searcher.search(r); !results) {
      state.SkipWithError(results.error().to_string().c_str());
      return;
    }
  }
  const bool facets = facet_cost && requests.front().facet_values > 0;
  std::vector<std::vector<double>> with(m), without(m);
  std::vector<double> matches(m);
  std::vector<double> latencies;  // microseconds, every iteration
  std::size_t i = 0;
  double total = 0;
  for (auto _ : state) {
    const SearchRequest& request = requests[i % m];
    auto t0 = Clock::now();
    auto results = searcher.search(request);
    auto t1 = Clock::now();
    if (!results) {
      state.SkipWithError(results.error().to_string().c_str());
      return;
    }
    total += static_cast<double>(results->total);
    latencies.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    if (facets) {
      state.PauseTiming();
      with[i % m].push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
      matches[i % m] = static_cast<double>(results->total);
      SearchRequest plain = request;
      plain.facet_values = 0;
      plain.exact_total = true;
      auto t2 = Clock::now();
      auto baseline = searcher.search(plain);
      auto t3 = Clock::now();
      benchmark::DoNotOptimize(baseline);
      without[i % m].push_back(std::chrono::duration<double, std::nano>(t3 - t2).count());
      state.ResumeTiming();
    }
    ++i;
  }
  state.counters["matches"] = total / static_cast<double>(std::max<std::size_t>(i, 1));
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    state.counters["p50_us"] = latencies[latencies.size() / 2];
    state.counters["p99_us"] = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  if (facets) {
    double extra = 0, counted = 0;
    for (std::size_t q = 0; q < m; ++q) {
      if (with[q].empty()) continue;
      extra += median(with[q]) - median(without[q]);
      counted += matches[q];
    }
    if (counted > 0) state.counters["facet_ns_per_match"] = extra / counted;
  }
}

// A person's name no index has seen: letters from the round and the process.
std::string unseen_name(std::size_t round) {
  std::string letters;
  for (std::uint64_t v = static_cast<std::uint64_t>(::getpid()) * 1000 + round; v; v /= 26) {
    letters += static_cast<char>('a' + v % 26);
  }
  letters[0] = static_cast<char>(letters[0] - 'a' + 'A');
  return "Zorblat " + letters;
}

std::string new_entity_id(std::size_t round, std::size_t i) {
  return "bench-new-entity-" + std::to_string(round) + "-" + std::to_string(i);
}

void BM_FacetsAfterCommit(benchmark::State& state, fs::path index, std::size_t docs,
                          SearchRequest request, bool new_entity) {
  Searcher searcher = open_searcher(index);
  if (auto warm = searcher.search(request); !warm) {
    state.SkipWithError(warm.error().to_string().c_str());
    return;
  }
  std::vector<double> first, steady;
  std::size_t round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    {
      auto writer = IndexWriter::Open(index);
      if (!writer) die(writer.error().to_string());
      // The same articles again: the index stays the one the stamp names.
      // With a new entity: 10 new articles, all removed at the end.
      for (std::size_t i = 0; i < 10; ++i) {
        Document article = g_corpus->document((round * 10 + i) % docs);
        if (new_entity) {
          article.id = new_entity_id(round, i);
          article.body = "Officials said " + unseen_name(round) + " would lead the talks.\n\n" +
                         article.body;
        }
        if (auto added = writer->add_or_replace(article); !added) die(added.error().to_string());
      }
      if (auto committed = writer->commit(); !committed) die(committed.error().to_string());
    }
    ++round;
    state.ResumeTiming();
    auto t0 = Clock::now();
    auto after_commit = searcher.search(request);
    auto t1 = Clock::now();
    auto again = searcher.search(request);
    auto t2 = Clock::now();
    if (!after_commit || !again) {
      state.SkipWithError("search failed");
      return;
    }
    first.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    steady.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
  }
  if (new_entity) {
    auto writer = IndexWriter::Open(index);
    if (!writer) die(writer.error().to_string());
    for (std::size_t added = 0; added < round; ++added) {
      for (std::size_t i = 0; i < 10; ++i) {
        if (auto removed = writer->remove(new_entity_id(added, i)); !removed) {
          die(removed.error().to_string());
        }
      }
    }
    if (auto committed = writer->commit(); !committed) die(committed.error().to_string());
  }
  state.counters["first_us"] = median(first);
  state.counters["steady_us"] = median(steady);
  state.counters["first_over_steady"] = median(steady) > 0 ? median(first) / median(steady) : 0;
}

// What one more Searcher of an index costs in memory once it has searched
// with facets and suggested entities: what opening kExtra Searchers beside a
// first one, each doing so, adds, over kExtra. The first pays for what every
// Searcher of the index shares (the entity column and the representatives).
// Heap bytes in use (mallinfo2) count what the Searchers hold whatever the
// allocator reuses; resident bytes add what is not malloc'd.
void BM_SearcherMemory(benchmark::State& state, fs::path index, SearchRequest request) {
  constexpr std::size_t kExtra = 8;
  auto use = [&](Searcher& searcher) {
    if (!searcher.search(request) || !searcher.suggest_entities("a")) die("search failed");
  };
  for (auto _ : state) {
    Searcher first = open_searcher(index);
    use(first);
    const std::size_t resident_before = current_rss_bytes();
    const std::size_t heap_before = mallinfo2().uordblks;
    std::vector<Searcher> extra;
    for (std::size_t i = 0; i < kExtra; ++i) {
      extra.push_back(open_searcher(index));
      use(extra.back());
    }
    auto per_searcher_kb = [](std::size_t before, std::size_t after) {
      return after > before ? static_cast<double>(after - before) / kExtra / 1024 : 0;
    };
    state.counters["extra_searcher_heap_kb"] = per_searcher_kb(heap_before, mallinfo2().uordblks);
    state.counters["extra_searcher_resident_kb"] = per_searcher_kb(resident_before, current_rss_bytes());
  }
}

// What BM_FacetCounter times over every document.
enum class CounterPart {
  kCounter,            // FacetCounter, entities only (as before fields)
  kCounterAll,         // FacetCounter with sources, fields and dates too
  kCounterOneName,     // FacetCounter as searches count: each key as the entity it
                       // stands for, with sources, fields and dates
  kEntityColumn,       // the bare entity column loop
  kAttributeColumn,    // the bare source/field/date column loop
};

void BM_FacetCounter(benchmark::State& state, fs::path index, CounterPart part) {
  Xapian::Database db((index / "").string());
  const bool attributes = part == CounterPart::kCounterAll || part == CounterPart::kCounterOneName ||
                          part == CounterPart::kAttributeColumn;
  auto column = search::FacetColumn::Build(db, 0, attributes);
  const Xapian::docid last = db.get_lastdocid();
  search::EntityRepresentatives representatives =
      search::derive_representatives(column->keys(), column.get(), last);
  search::add_counted_rows(representatives, *column);
  // As searches give matches to the counter: in batches (here one).
  std::vector<Xapian::docid> every_docid(last);
  for (Xapian::docid d = 1; d <= last; ++d) every_docid[d - 1] = d;
  double ns = 0;
  std::size_t calls = 0;
  std::vector<std::uint32_t> counts(attributes ? column->attributes()->size() : column->size());
  std::vector<std::uint32_t> days;
  if (attributes) {
    const auto& a = *column->attributes();
    days.resize(static_cast<std::size_t>(std::max(0, a.last_day() - a.first_day() + 1)));
  }
  for (auto _ : state) {
    auto t0 = Clock::now();
    if (part == CounterPart::kEntityColumn) {
      std::fill(counts.begin(), counts.end(), 0);
      for (Xapian::docid d = 1; d <= last; ++d) {
        auto [begin, end] = column->entities(d);
        for (const std::uint32_t* o = begin; o != end; ++o) ++counts[*o];
      }
      benchmark::DoNotOptimize(counts.data());
    } else if (part == CounterPart::kAttributeColumn) {
      const search::AttributeColumn& a = *column->attributes();
      std::fill(counts.begin(), counts.end(), 0);
      std::fill(days.begin(), days.end(), 0);
      std::uint32_t undated = 0;
      for (Xapian::docid d = 1; d <= last; ++d) {
        auto [begin, end] = a.attributes(d);
        for (const std::uint32_t* o = begin; o != end; ++o) ++counts[*o];
        const std::int32_t day = a.day(d);
        if (day == search::AttributeColumn::kNoDate) {
          ++undated;
        } else {
          ++days[static_cast<std::size_t>(day - a.first_day())];
        }
      }
      benchmark::DoNotOptimize(counts.data());
      benchmark::DoNotOptimize(days.data());
      benchmark::DoNotOptimize(undated);
    } else {
      search::FacetTally tally;
      search::FacetCounter counter(column, tally,
                                   part == CounterPart::kCounterOneName ? &representatives : nullptr);
      counter.count(every_docid);
      counter.finish();
      benchmark::DoNotOptimize(counter);
    }
    ns += std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
    calls += last;
  }
  state.counters["ns_per_doc"] = calls ? ns / static_cast<double>(calls) : 0;
  state.counters["entity_keys"] = static_cast<double>(column->size());
  if (attributes) {
    state.counters["field_values"] = static_cast<double>(column->attributes()->size());
  }
}

// Registers `requests` as one benchmark of searches over `index`.
void register_searches(const std::string& name, const fs::path& index,
                       std::vector<SearchRequest> requests, bool facet_cost = false) {
  if (requests.empty()) return;
  benchmark::RegisterBenchmark(name.c_str(), [index, requests, facet_cost](benchmark::State& st) {
    BM_Query(st, index, requests, facet_cost);
  })->Unit(benchmark::kMicrosecond)->UseRealTime();
}

// The query plan's searches over one index, and the variants of them that
// measure one step: default requests, "did you mean", long pages.
void register_queries(const fs::path& index, const std::string& suffix) {
  for (QueryKind kind : kAllKinds) {
    std::vector<SearchRequest> requests;
    for (const BenchQuery* q : g_plan.of(kind)) requests.push_back(dossier_request(*q));
    register_searches(std::string("query/") + kind_name(kind) + suffix, index, requests,
                      kind == QueryKind::kFacets);
  }
  std::vector<SearchRequest> defaults;
  for (const BenchQuery* q : g_plan.of(QueryKind::kAnd2)) {
    SearchRequest r;
    r.query = q->words[0] + " " + q->words[1];
    defaults.push_back(r);
  }
  register_searches("query/page_default" + suffix, index, defaults);
  // "Did you mean" (search/spelling.h): one and2 word as a default request,
  // spelled right (a term-frequency lookup) or with a letter doubled (a word
  // the index lacks: a dictionary search too), with and without the step.
  for (bool misspelled : {false, true}) {
    for (bool suggest : {true, false}) {
      std::vector<SearchRequest> requests;
      for (const BenchQuery* q : g_plan.of(QueryKind::kAnd2)) {
        SearchRequest r;
        r.query = misspelled ? with_a_letter_doubled(q->words[0]) : q->words[0];
        r.suggest_spelling = suggest;
        requests.push_back(r);
      }
      register_searches(std::string("query/spelling_") + (suggest ? "on" : "off") +
                            (misspelled ? "/misspelled" : "/correct") + suffix,
                        index, requests);
    }
  }
  // A long page of a frequent word, with id and title per hit and with ids only.
  std::vector<SearchRequest> titles_1000, ids_1000;
  for (const BenchQuery* q : g_plan.of(QueryKind::kFrequent)) {
    SearchRequest r = dossier_request(*q);
    r.limit = 1000;
    titles_1000.push_back(r);
    r.ids_only = true;
    ids_1000.push_back(r);
  }
  register_searches("query/titles_1000" + suffix, index, titles_1000);
  register_searches("query/ids_1000" + suffix, index, ids_1000);
}

// Facets after a commit, and the parts of facet counting, over one index of
// `docs` articles.
void register_facet_parts(const fs::path& index, const std::string& suffix, std::size_t docs) {
  if (!g_plan.of(QueryKind::kFacets).empty()) {
    SearchRequest facets = dossier_request(*g_plan.of(QueryKind::kFacets).front());
    for (bool new_entity : {false, true}) {
      const std::string name = new_entity ? "facets_after_commit_new_entity" : "facets_after_commit";
      benchmark::RegisterBenchmark((name + suffix).c_str(),
                                   [index, facets, docs, new_entity](benchmark::State& st) {
                                     BM_FacetsAfterCommit(st, index, docs, facets, new_entity);
                                   })
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime()
          ->Iterations(20);
    }
    benchmark::RegisterBenchmark(("searcher_memory" + suffix).c_str(),
                                 [index, facets](benchmark::State& st) {
                                   BM_SearcherMemory(st, index, facets);
                                 })
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  for (auto [name, part] : {std::pair{"facet_counter", CounterPart::kCounter},
                            std::pair{"facet_counter_all", CounterPart::kCounterAll},
                            std::pair{"facet_counter_one_name", CounterPart::kCounterOneName},
                            std::pair{"facet_column", CounterPart::kEntityColumn},
                            std::pair{"attribute_column", CounterPart::kAttributeColumn}}) {
    benchmark::RegisterBenchmark((name + suffix).c_str(), [index, part](benchmark::State& st) {
      BM_FacetCounter(st, index, part);
    })->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
}

// The query plan, with the top entities of `index`; guessed names when it has
// none.
void make_plan(const fs::path& index) {
  auto entities = top_entities(index, 5);
  if (entities.empty()) {
    std::fprintf(stderr, "no entities in the index (no recognizer model?): guessing names\n");
    entities = guess_entities(g_corpus->sources(), 5);
  }
  g_plan = make_query_plan(g_corpus->sources(), entities);
  for (const BenchQuery& q : g_plan.queries) {
    std::fprintf(stderr, "  %-8s %s\n", kind_name(q.kind), q.describe().c_str());
  }
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  CorpusOptions corpus_options;
  std::string size_list = "5,2225,10k,100k", scratch, index_option;
  bool rebuild = false;
  CLI::App app("Google Benchmark suite of queries, facets and suggestions (bench/README.md).",
               "dossier_bench_query");
  add_corpus_options(app, corpus_options);
  app.add_option("--sizes", size_list, "index sizes (k and M allowed)");
  app.add_option("--scratch", scratch, "the indexes go in DIR/indexes");
  app.add_option("--index-dir", index_option,
                 "where the indexes go (default: --scratch's, else $TMPDIR/dossier-bench-indexes)");
  app.add_flag("--rebuild", rebuild, "index again even when an index of this corpus is there");
  parse_benchmark_command_line(app, argc, argv);
  g_corpus.emplace(load_corpus(corpus_options));
  std::vector<std::size_t> sizes = parse_sizes(size_list);
  // --index-dir wins; else --scratch/indexes; else $TMPDIR/dossier-bench-indexes.
  fs::path index_dir = !index_option.empty() ? fs::path(index_option)
                       : !scratch.empty()    ? fs::path(scratch) / "indexes"
                                             : default_scratch_dir() / "dossier-bench-indexes";

  std::fprintf(stderr, "corpus: %s\n", g_corpus->describe().c_str());
  std::vector<fs::path> indexes;
  for (std::size_t n : sizes) {
    fs::path dir = index_dir / ("dossier-" + std::to_string(n));
    ensure_index(dir, n, rebuild);
    indexes.push_back(dir / "index");
  }
  // Entities: the top ones of the largest index.
  make_plan(indexes.back());
  for (std::size_t s = 0; s < sizes.size(); ++s) {
    const std::string suffix = "/" + std::to_string(sizes[s]);
    register_queries(indexes[s], suffix);
    register_facet_parts(indexes[s], suffix, sizes[s]);
  }
  benchmark::AddCustomContext("corpus", g_corpus->describe());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
