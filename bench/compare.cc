// Side-by-side: Dossier, raw Xapian and SQLite FTS5 index the same documents
// and run the same queries (engines.h says what each does per query kind).
//
//   dossier_compare [--corpus=PATH] [--docs=2225,20k] [--reps=20] [--index-runs=1]
//                   [--engines=dossier,dossier1,xapian,fts5] [--scratch=DIR]
//                   [--json=FILE] [--markdown=FILE] [--seed=N] [--body-scale=F]
//
//   --docs        corpus sizes; each is generated once, in memory, before timing
//   --reps        times every query runs on every engine (after one warm-up run)
//   --index-runs  times each engine indexes each size (the best run is kept;
//                 its index is the one queried)
//   --engines     dossier (all cores, entities on), dossier1 (1 thread),
//                 dossier-noent (all cores, entities off), xapian, fts5
//
// Engines are interleaved: indexing runs rotate the engine order, and each
// query is run on every engine in turn (rotating who goes first) before the
// next query, so background load hits them alike. Times are wall clock.
// Ratios are against raw Xapian (< 1: faster than raw Xapian).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <malloc.h>

#include "corpus.h"
#include "engines.h"
#include "queries.h"

namespace dossier::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct IndexResult {
  double seconds = 0;
  std::size_t peak_rss = 0;   // process peak during the run (the corpus in memory included)
  std::size_t peak_above = 0;  // the same minus the RSS before the run
  std::size_t index_bytes = 0;
};

struct Stats {
  double p50 = 0, p99 = 0, mean = 0;
};

Stats stats_of(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double q) {
    std::size_t r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, r == 0 ? 0 : r - 1)];
  };
  s.p50 = rank(0.5);
  s.p99 = rank(0.99);
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  return s;
}

std::string fmt_us(double us) {
  char b[32];
  if (us < 10) std::snprintf(b, sizeof b, "%.2f", us);
  else if (us < 100) std::snprintf(b, sizeof b, "%.1f", us);
  else std::snprintf(b, sizeof b, "%.0f", us);
  return b;
}

std::string fmt(const char* f, double x) {
  char b[64];
  std::snprintf(b, sizeof b, f, x);
  return b;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

std::unique_ptr<Engine> make_engine(const std::string& name) {
  if (name == "dossier") return make_dossier_engine();
  if (name == "dossier1") return make_dossier_engine({.threads = 1, .entities = true});
  if (name == "dossier-noent") return make_dossier_engine({.threads = 0, .entities = false});
  if (name == "xapian") return make_xapian_engine();
  if (name == "fts5") return make_fts5_engine();
  std::fprintf(stderr, "dossier_compare: unknown engine \"%s\"\n", name.c_str());
  std::exit(2);
}

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  using dossier::Document;
  CorpusGenerator corpus = corpus_from_flags(argc, argv);
  std::vector<std::size_t> sizes = parse_sizes(take_flag(argc, argv, "docs").value_or("2225,20k"));
  const int reps = std::stoi(take_flag(argc, argv, "reps").value_or("20"));
  const int index_runs = std::max(1, std::stoi(take_flag(argc, argv, "index-runs").value_or("1")));
  std::string engine_list = take_flag(argc, argv, "engines").value_or("dossier,dossier1,xapian,fts5");
  fs::path scratch = take_flag(argc, argv, "scratch").value_or(default_scratch_dir().string());
  std::optional<std::string> json_path = take_flag(argc, argv, "json");
  std::optional<std::string> markdown_path = take_flag(argc, argv, "markdown");
  if (argc > 1) {
    std::fprintf(stderr, "dossier_compare: unknown argument %s\n", argv[1]);
    return 2;
  }

  std::vector<std::string> engine_names;
  {
    std::stringstream in(engine_list);
    std::string name;
    while (std::getline(in, name, ',')) engine_names.push_back(name);
  }
  const std::size_t xapian_at =
      std::find(engine_names.begin(), engine_names.end(), "xapian") - engine_names.begin();

  std::ostringstream md, json;
  std::string all_markdown;
  md << "Corpus: " << corpus.describe() << "; " << std::thread::hardware_concurrency()
     << " cores; " << reps << " runs of every query per engine; times in microseconds.\n";
  json << "{\"corpus\": \"" << json_escape(corpus.describe()) << "\", \"cores\": "
       << std::thread::hardware_concurrency() << ", \"sizes\": [";
  std::fprintf(stderr, "corpus: %s\n", corpus.describe().c_str());

  TempDir work(scratch, "dossier-compare");
  for (std::size_t size_index = 0; size_index < sizes.size(); ++size_index) {
    const std::size_t n = sizes[size_index];
    std::vector<Document> docs;
    docs.reserve(n);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
      docs.push_back(corpus.document(i));
      bytes += text_bytes(docs.back());
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::fprintf(stderr, "%zu documents, %.1f MB\n", n, mb);

    // ---- indexing
    std::vector<std::unique_ptr<Engine>> engines;
    for (const std::string& name : engine_names) engines.push_back(make_engine(name));
    std::vector<IndexResult> indexed(engines.size());
    std::vector<fs::path> dirs(engines.size());
    for (int run = 0; run < index_runs; ++run) {
      for (std::size_t k = 0; k < engines.size(); ++k) {
        std::size_t e = (k + static_cast<std::size_t>(run)) % engines.size();
        fs::path dir = work.path() / (engine_names[e] + "-" + std::to_string(n) + "-" +
                                      std::to_string(run));
        malloc_trim(0);  // so that memory freed by earlier runs does not count
        std::size_t base = current_rss_bytes();
        reset_peak_rss();
        auto t0 = Clock::now();
        engines[e]->begin_index(dir);
        for (const Document& d : docs) engines[e]->add(d);
        engines[e]->end_index();
        double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        std::size_t peak = peak_rss_bytes();
        std::fprintf(stderr, "  indexed with %s in %.2f s (%.2f MB/s)\n",
                     engines[e]->name().c_str(), seconds, mb / seconds);
        if (run == 0 || seconds < indexed[e].seconds) {
          std::error_code error;
          if (!dirs[e].empty()) fs::remove_all(dirs[e], error);
          indexed[e] = {seconds, peak, peak > base ? peak - base : 0, directory_bytes(dir)};
          dirs[e] = dir;
        } else {
          std::error_code error;
          fs::remove_all(dir, error);
        }
      }
    }
    for (std::size_t e = 0; e < engines.size(); ++e) engines[e]->open();

    md << "\n### " << n << " documents (" << fmt("%.1f", mb) << " MB of text)\n\n"
       << "Indexing (best of " << index_runs << "):\n\n"
       << "| engine | seconds | docs/s | MB/s | vs raw Xapian | peak RSS (MB) | above start (MB) | index size (MB) |\n"
       << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    if (size_index) json << ",";
    json << "\n  {\"docs\": " << n << ", \"mb\": " << mb << ", \"indexing\": {";
    for (std::size_t e = 0; e < engines.size(); ++e) {
      const IndexResult& r = indexed[e];
      double mbps = mb / r.seconds;
      std::string ratio = xapian_at < engines.size()
                              ? fmt("%.2fx", indexed[xapian_at].seconds / r.seconds)
                              : "-";
      md << "| " << engines[e]->name() << " | " << fmt("%.2f", r.seconds) << " | "
         << fmt("%.0f", static_cast<double>(n) / r.seconds) << " | " << fmt("%.2f", mbps)
         << " | " << ratio << " | " << fmt("%.0f", static_cast<double>(r.peak_rss) / 1e6)
         << " | " << fmt("%.0f", static_cast<double>(r.peak_above) / 1e6) << " | "
         << fmt("%.1f", static_cast<double>(r.index_bytes) / 1e6) << " |\n";
      json << (e ? ", " : "") << "\"" << json_escape(engines[e]->name()) << "\": {\"seconds\": "
           << r.seconds << ", \"docs_per_s\": " << static_cast<double>(n) / r.seconds
           << ", \"mb_per_s\": " << mbps << ", \"peak_rss_mb\": "
           << static_cast<double>(r.peak_rss) / 1e6 << ", \"peak_above_start_mb\": "
           << static_cast<double>(r.peak_above) / 1e6 << ", \"index_mb\": "
           << static_cast<double>(r.index_bytes) / 1e6 << "}";
    }
    json << "}";

    // ---- queries
    std::vector<dossier::EntityFilter> entities;
    for (std::size_t e = 0; e < engines.size(); ++e) {
      if (engine_names[e].starts_with("dossier") && engine_names[e] != "dossier-noent") {
        entities = top_entities(dirs[e] / "", 5);
        break;
      }
    }
    if (entities.empty()) entities = guess_entities(corpus.sources(), 5);
    QueryPlan plan = make_query_plan(corpus.sources(), entities);

    // Matches per query and engine (untimed), then a warm-up run.
    std::map<dossier::bench::QueryKind, std::vector<double>> matches;
    for (QueryKind kind : kAllKinds) matches[kind].assign(engines.size(), 0);
    for (const BenchQuery& q : plan.queries) {
      for (std::size_t e = 0; e < engines.size(); ++e) {
        matches[q.kind][e] += static_cast<double>(engines[e]->count(q)) /
                              static_cast<double>(plan.of(q.kind).size());
        engines[e]->run(q);
      }
    }
    // Samples in microseconds by kind and engine.
    std::map<QueryKind, std::vector<std::vector<double>>> samples;
    for (QueryKind kind : kAllKinds) samples[kind].resize(engines.size());
    std::size_t turn = 0;
    for (int rep = 0; rep < reps; ++rep) {
      for (const BenchQuery& q : plan.queries) {
        ++turn;
        for (std::size_t k = 0; k < engines.size(); ++k) {
          std::size_t e = (k + turn) % engines.size();
          auto t0 = Clock::now();
          engines[e]->run(q);
          double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
          samples[q.kind][e].push_back(us);
        }
      }
    }

    md << "\nQueries: p50 / p99 in microseconds; ratio = p50 / raw Xapian p50; matches = mean "
          "exact matches per query.\n\n| kind | example |";
    // One column pair per distinct engine name (Dossier variants share an index format).
    for (std::size_t e = 0; e < engines.size(); ++e) md << " " << engines[e]->name() << " p50 / p99 |";
    for (std::size_t e = 0; e < engines.size(); ++e) {
      if (e != xapian_at && xapian_at < engines.size()) md << " " << engines[e]->name() << " ratio |";
    }
    md << " matches |\n|---|---|";
    for (std::size_t e = 0; e < engines.size(); ++e) md << "---:|";
    for (std::size_t e = 0; e < engines.size(); ++e) {
      if (e != xapian_at && xapian_at < engines.size()) md << "---:|";
    }
    md << "---|\n";
    json << ", \"queries\": {";
    bool first_kind = true;
    for (QueryKind kind : kAllKinds) {
      auto queries = plan.of(kind);
      if (queries.empty()) continue;
      std::vector<Stats> st;
      for (std::size_t e = 0; e < engines.size(); ++e) st.push_back(stats_of(samples[kind][e]));
      md << "| " << kind_name(kind) << " | `" << queries.front()->describe() << "` |";
      for (const Stats& s : st) md << " " << fmt_us(s.p50) << " / " << fmt_us(s.p99) << " |";
      for (std::size_t e = 0; e < engines.size(); ++e) {
        if (e != xapian_at && xapian_at < engines.size()) {
          md << " " << fmt("%.2f", st[e].p50 / st[xapian_at].p50) << " |";
        }
      }
      md << " ";
      for (std::size_t e = 0; e < engines.size(); ++e) {
        md << (e ? " / " : "") << fmt("%.0f", matches[kind][e]);
      }
      md << " |\n";
      json << (first_kind ? "" : ", ") << "\"" << kind_name(kind) << "\": {";
      first_kind = false;
      for (std::size_t e = 0; e < engines.size(); ++e) {
        json << (e ? ", " : "") << "\"" << json_escape(engines[e]->name())
             << "\": {\"p50_us\": " << st[e].p50 << ", \"p99_us\": " << st[e].p99
             << ", \"mean_us\": " << st[e].mean << ", \"matches\": " << matches[kind][e] << "}";
      }
      json << "}";
    }
    json << "}}";
    md << "\nQueries by kind:";
    for (QueryKind kind : kAllKinds) {
      md << "\n- " << kind_name(kind) << ":";
      for (const BenchQuery* q : plan.of(kind)) md << " `" << q->describe() << "`";
    }
    md << "\n";
    std::fputs(md.str().c_str(), stdout);
    std::fflush(stdout);
    all_markdown += md.str();
    md.str("");
    // Free this size's indexes before the next.
    engines.clear();
    for (const fs::path& dir : dirs) {
      std::error_code error;
      fs::remove_all(dir, error);
    }
  }
  json << "\n]}\n";
  if (markdown_path) std::ofstream(*markdown_path) << all_markdown;
  if (json_path) std::ofstream(*json_path) << json.str();
  return 0;
}
