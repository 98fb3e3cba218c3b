// Facet searches over remote shards: bytes moved and latency, with and
// without facets, against one local index of the same articles (issue 17).
//
//   dossier_bench_remote [--corpus=PATH] [--per-shard=10k,100k]
//                        [--index-dir=DIR] [--rebuild] [--reps=N] [--build-only]
//
// For each size n: the first 2n generated articles, split by shard_of into
// two indexes (about n each), and the two merged (merge_shards) into one
// local index. Two stock xapian-tcpsrv serve the shards on loopback, each
// behind a counting proxy (tests/shard_server.h): the bytes reported are the
// TCP payload through the proxy both ways, per shard (the mean of the two).
// Latency: the median of --reps interleaved runs of each request, wall clock.
//
// Queries: the plan of dossier_bench_query (bench/queries.h) kinds frequent,
// and2, or3 and entity (5 each), plus the empty query (every article), all
// with the default request (10 hits with snippets); "facets" asks for 10
// values per facet, "plain" for none. Agreement: each remote facet's top 5
// keys against the local index's, and every reported count against the
// local count of the same value.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "corpus.h"
#include "dossier/dossier.h"
#include "queries.h"
#include "shard_server.h"

namespace dossier::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "dossier_bench_remote: %s\n", message.c_str());
  std::exit(2);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Layout {
  fs::path shards[2];
  fs::path single;
};

// Builds the two shards and their merge unless a matching set exists.
Layout ensure_indexes(const CorpusGenerator& corpus, const fs::path& directory,
                      std::size_t per_shard, bool rebuild) {
  Layout layout{{directory / "shard-0", directory / "shard-1"}, directory / "single"};
  const fs::path stamp = directory / kIndexStampFile;
  const std::string expected = index_stamp(corpus, 2 * per_shard) + " shards=2";
  if (!rebuild && fs::exists(stamp)) {
    std::ifstream in(stamp);
    std::string found;
    std::getline(in, found);
    if (found == expected) return layout;
  }
  std::error_code error;
  fs::remove_all(directory, error);
  fs::create_directories(directory);
  std::fprintf(stderr, "building 2 shards of about %zu articles in %s ...\n", per_shard,
               directory.c_str());
  const auto start = Clock::now();
  {
    auto first = IndexWriter::Open(layout.shards[0]);
    auto second = IndexWriter::Open(layout.shards[1]);
    if (!first || !second) die("cannot create the shards in " + directory.string());
    for (std::size_t i = 0; i < 2 * per_shard; ++i) {
      Document document = corpus.document(i);
      IndexWriter& writer = shard_of(document.id, 2) == 0 ? *first : *second;
      if (auto added = writer.add_or_replace(std::move(document)); !added) {
        die(added.error().to_string());
      }
    }
    for (IndexWriter* writer : {&*first, &*second}) {
      if (auto committed = writer->commit(); !committed) die(committed.error().to_string());
    }
  }
  if (auto merged = merge_shards({layout.shards[0], layout.shards[1]}, layout.single); !merged) {
    die(merged.error().to_string());
  }
  std::fprintf(stderr, "  %.1f s\n", std::chrono::duration<double>(Clock::now() - start).count());
  std::ofstream(stamp) << expected << "\n";
  return layout;
}

struct Case {
  std::string kind;
  SearchRequest request;
};

std::vector<Case> cases(const QueryPlan& plan) {
  std::vector<Case> all;
  SearchRequest everything;
  all.push_back({"all", everything});
  for (QueryKind kind : {QueryKind::kFrequent, QueryKind::kAnd2, QueryKind::kOr3,
                         QueryKind::kEntity}) {
    for (const BenchQuery* query : plan.of(kind)) {
      SearchRequest request = dossier_request(*query);
      request.facet_values = 10;
      request.limit = 10;
      request.snippet_bytes = SearchRequest{}.snippet_bytes;
      all.push_back({kind_name(kind), request});
    }
  }
  return all;
}

// Every facet of a result as (facet name, values most frequent first).
std::vector<std::pair<std::string, std::vector<FacetValue>>> facet_lists(const SearchResults& r) {
  std::vector<std::pair<std::string, std::vector<FacetValue>>> lists;
  for (const Facet& facet : r.facets) lists.emplace_back(to_string(facet.kind), facet.top);
  for (const FieldFacet& facet : r.field_facets) lists.emplace_back(facet.field, facet.top);
  return lists;
}

struct Agreement {
  std::size_t lists = 0, same_top5 = 0, values = 0, exact_counts = 0;
};

// `remote` against `local_all` (the local index's counts of every value).
void compare(const SearchResults& remote, const SearchResults& local_top,
             const SearchResults& local_all, Agreement& agreement) {
  auto remote_lists = facet_lists(remote), top_lists = facet_lists(local_top),
       all_lists = facet_lists(local_all);
  for (std::size_t f = 0; f < remote_lists.size() && f < top_lists.size(); ++f) {
    const auto& got = remote_lists[f].second;
    const auto& want = top_lists[f].second;
    if (want.empty() && got.empty()) continue;
    ++agreement.lists;
    bool same = true;
    for (std::size_t i = 0; i < 5; ++i) {
      const bool in_got = i < got.size(), in_want = i < want.size();
      if (in_got != in_want || (in_got && got[i].key != want[i].key)) same = false;
    }
    agreement.same_top5 += same;
    std::map<std::string, std::size_t> counts;
    for (const FacetValue& value : all_lists[f].second) counts[value.key] = value.count;
    for (const FacetValue& value : got) {
      ++agreement.values;
      auto found = counts.find(value.key);
      agreement.exact_counts += found != counts.end() && found->second == value.count;
    }
  }
}

struct Row {
  std::string kind;
  std::vector<double> local_facets_ms, remote_plain_ms, remote_facets_ms, plain_kb, facets_kb,
      plain_trips, facets_trips;
};

double timed_ms(Searcher& searcher, const SearchRequest& request) {
  const auto start = Clock::now();
  auto results = searcher.search(request);
  if (!results) die(results.error().to_string());
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Bytes and round trips through the two counting proxies.
struct Traffic {
  testing::CountingProxy (&proxies)[2];
  std::uint64_t bytes() const { return proxies[0].total() + proxies[1].total(); }
  std::uint64_t trips() const { return proxies[0].round_trips() + proxies[1].round_trips(); }
  // Per shard since `before`.
  double kb_since(std::uint64_t before) const {
    return static_cast<double>(bytes() - before) / 2 / 1024;
  }
  double trips_since(std::uint64_t before) const {
    return static_cast<double>(trips() - before) / 2;
  }
};

// One untimed pass: the bytes and round trips of each case without and with
// facets, and how far the remote facets agree with the local index's.
Agreement measure_traffic(const std::vector<Case>& all, Searcher& proxied, Searcher& local,
                          const Traffic& traffic, std::map<std::string, Row>& rows) {
  Agreement agreement;
  for (const Case& c : all) {
    SearchRequest everything = c.request;
    everything.facet_values = 1u << 20;
    SearchRequest plain = c.request;
    plain.facet_values = 0;
    Row& row = rows[c.kind];
    row.kind = c.kind;
    std::uint64_t before = traffic.bytes(), trips_before = traffic.trips();
    if (!proxied.search(plain)) die("search failed: " + c.request.query);
    row.plain_kb.push_back(traffic.kb_since(before));
    row.plain_trips.push_back(traffic.trips_since(trips_before));
    before = traffic.bytes();
    trips_before = traffic.trips();
    auto got = proxied.search(c.request);
    row.facets_kb.push_back(traffic.kb_since(before));
    row.facets_trips.push_back(traffic.trips_since(trips_before));
    auto want = local.search(c.request), want_all = local.search(everything);
    if (!got || !want || !want_all) die("search failed: " + c.request.query);
    compare(*got, *want, *want_all, agreement);
  }
  return agreement;
}

void measure_latency(const std::vector<Case>& all, std::size_t reps, Searcher& local,
                     Searcher& remote, std::map<std::string, Row>& rows) {
  for (std::size_t rep = 0; rep < reps; ++rep) {
    for (const Case& c : all) {
      Row& row = rows[c.kind];
      SearchRequest plain = c.request;
      plain.facet_values = 0;
      row.local_facets_ms.push_back(timed_ms(local, c.request));
      row.remote_plain_ms.push_back(timed_ms(remote, plain));
      row.remote_facets_ms.push_back(timed_ms(remote, c.request));
    }
  }
}

void print_rows(const std::map<std::string, Row>& rows) {
  std::printf("| queries | local, facets (ms) | remote, no facets (ms) | remote, facets (ms) | "
              "facets / no facets | KB per shard, no facets | KB per shard, facets (max) | "
              "round trips per shard, no facets / facets |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* kind : {"all", "frequent", "and2", "or3", "entity"}) {
    auto found = rows.find(kind);
    if (found == rows.end()) continue;
    const Row& row = found->second;
    const double plain = median(row.remote_plain_ms), facets = median(row.remote_facets_ms);
    std::printf("| %s | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f (%.1f) | %.0f / %.0f |\n", kind,
                median(row.local_facets_ms), plain, facets, facets / plain, median(row.plain_kb),
                median(row.facets_kb),
                *std::max_element(row.facets_kb.begin(), row.facets_kb.end()),
                median(row.plain_trips), median(row.facets_trips));
  }
}

void run_size(const CorpusGenerator& corpus, const Layout& layout, std::size_t per_shard,
              std::size_t reps) {
  testing::ShardServer servers[] = {testing::ShardServer(layout.shards[0]),
                                    testing::ShardServer(layout.shards[1])};
  if (!servers[0].running() || !servers[1].running()) die("xapian-tcpsrv did not start");
  testing::CountingProxy proxies[] = {testing::CountingProxy(servers[0].port()),
                                      testing::CountingProxy(servers[1].port())};
  if (!proxies[0].running() || !proxies[1].running()) die("the proxy did not start");
  const Traffic traffic{proxies};
  auto local = Searcher::Open(layout.single);
  // Bytes through the proxies; latency straight to the servers (the proxy's
  // extra hop would add to every round trip).
  auto proxied = Searcher::Open({proxies[0].address(), proxies[1].address()});
  auto remote = Searcher::Open({servers[0].address(), servers[1].address()});
  if (!local || !proxied || !remote) die("cannot open the indexes");
  auto entities = top_entities(layout.single / "", 5);
  QueryPlan plan = make_query_plan(corpus.sources(), entities);
  std::vector<Case> all = cases(plan);

  std::map<std::string, Row> rows;
  // Connections and the per-revision lists (term frequencies, names, field
  // names) first, then one untimed pass for agreement and bytes.
  const std::uint64_t per_revision_start = traffic.bytes();
  for (Searcher* searcher : {&*remote, &*proxied}) {
    if (!searcher->search(SearchRequest{})) die("the first search failed");
  }
  const double per_revision_kb = traffic.kb_since(per_revision_start);
  const Agreement agreement = measure_traffic(all, *proxied, *local, traffic, rows);
  measure_latency(all, reps, *local, *remote, rows);
  auto documents = local->document_count();
  std::printf("\n%zu articles per shard (2 shards, %zu in the local index), %zu reps\n\n",
              per_shard, documents ? *documents : 0, reps);
  print_rows(rows);
  std::printf("\nFirst facet search after opening (per-revision term frequencies, names): "
              "%.1f KB per shard\n", per_revision_kb);
  std::printf("\nTop-5 lists identical to the local index's: %zu of %zu; reported counts equal "
              "to the local count: %zu of %zu\n",
              agreement.same_top5, agreement.lists, agreement.exact_counts, agreement.values);
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  CorpusOptions corpus_options;
  std::string size_list = "10k,100k", index_option;
  bool rebuild = false, build_only = false;
  std::size_t reps = 5;
  CLI::App app("Facet searches over two xapian-tcpsrv shards on loopback: bytes, round trips and "
               "latency with and without facets, against one local index (bench/README.md).",
               "dossier_bench_remote");
  add_corpus_options(app, corpus_options);
  app.add_option("--per-shard", size_list, "articles per shard (k and M allowed)");
  app.add_option("--index-dir", index_option,
                 "where the shards go (default: $TMPDIR/dossier-bench-remote)");
  app.add_flag("--rebuild", rebuild, "index again even when the shards are there");
  app.add_flag("--build-only", build_only, "build the shards and stop");
  app.add_option("--reps", reps, "times each query runs per engine")->check(CLI::PositiveNumber);
  cli::parse(app, argc, argv);
  CorpusGenerator corpus = load_corpus(corpus_options);
  std::vector<std::size_t> sizes = parse_sizes(size_list);
  const fs::path index_dir = !index_option.empty() ? fs::path(index_option)
                                                   : default_scratch_dir() / "dossier-bench-remote";
  if (!dossier::testing::tcpsrv_installed()) die("xapian-tcpsrv is not installed (xapian-tools)");
  std::fprintf(stderr, "corpus: %s\n", corpus.describe().c_str());
  std::vector<std::pair<std::size_t, Layout>> layouts;
  for (std::size_t n : sizes) {
    layouts.emplace_back(n, ensure_indexes(corpus, index_dir / ("remote-" + std::to_string(n)),
                                           n, rebuild));
  }
  if (build_only) return 0;
  std::printf("corpus: %s\n", corpus.describe().c_str());
  for (const auto& [n, layout] : layouts) run_size(corpus, layout, n, reps);
  return 0;
}
