// Side-by-side: Dossier, raw Xapian and SQLite FTS5 index the same documents
// and run the same queries (engines.h says what each does per query kind).
//
// `dossier_compare --help` lists the options.
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

#include <CLI/CLI.hpp>

#include "cli.h"
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
  cli::usage_error("unknown engine \"" + name + "\"");
}

struct CompareOptions {
  CorpusOptions corpus;
  std::vector<std::size_t> sizes;
  int reps = 20;
  int index_runs = 1;
  std::vector<std::string> engine_names;
  fs::path scratch;
  std::string json_path, markdown_path;
};

CompareOptions parse_command_line(int argc, char** argv) {
  CompareOptions options;
  std::string docs = "2225,20k", engines = "dossier,dossier1,xapian,fts5";
  std::string scratch = default_scratch_dir().string();
  CLI::App app("Indexes the same documents with Dossier, raw Xapian and SQLite FTS5 and runs "
               "the same queries on each (bench/README.md).",
               "dossier_compare");
  add_corpus_options(app, options.corpus);
  app.add_option("--docs", docs, "corpus sizes (default 2225,20k); each is generated once, "
                 "in memory, before timing");
  app.add_option("--reps", options.reps,
                 "times every query runs on every engine, after one warm-up run (default 20)");
  app.add_option("--index-runs", options.index_runs,
                 "times each engine indexes each size; the best run is kept and queried");
  app.add_option("--engines", engines,
                 "dossier (all cores, entities on), dossier1 (1 thread), dossier-noent (all "
                 "cores, entities off), xapian, fts5 (default dossier,dossier1,xapian,fts5)");
  app.add_option("--scratch", scratch, "where the indexes go (default: $TMPDIR or /tmp)");
  app.add_option("--json", options.json_path, "also write the results as JSON to FILE");
  app.add_option("--markdown", options.markdown_path, "also write the tables to FILE");
  cli::parse(app, argc, argv);
  options.sizes = parse_sizes(docs);
  options.index_runs = std::max(1, options.index_runs);
  std::stringstream in(engines);
  for (std::string name; std::getline(in, name, ',');) options.engine_names.push_back(name);
  for (const std::string& name : options.engine_names) {
    static constexpr std::string_view kEngines[] = {"dossier", "dossier1", "dossier-noent",
                                                   "xapian", "fts5"};
    if (std::find(std::begin(kEngines), std::end(kEngines), name) == std::end(kEngines)) {
      cli::usage_error("unknown engine \"" + name + "\"");
    }
  }
  options.scratch = scratch;
  return options;
}

// Runs the comparison size by size; writes each size's Markdown tables to
// stdout as they are done and keeps everything for --markdown and --json.
class Comparison {
 public:
  Comparison(const CompareOptions& options, const CorpusGenerator& corpus)
      : options_(options), corpus_(corpus), work_(options.scratch, "dossier-compare"),
        xapian_at_(static_cast<std::size_t>(
            std::find(options.engine_names.begin(), options.engine_names.end(), "xapian") -
            options.engine_names.begin())) {
    md_ << "Corpus: " << corpus.describe() << "; " << std::thread::hardware_concurrency()
        << " cores; " << options.reps
        << " runs of every query per engine; times in microseconds.\n";
    json_ << "{\"corpus\": \"" << json_escape(corpus.describe()) << "\", \"cores\": "
          << std::thread::hardware_concurrency() << ", \"sizes\": [";
  }

  void run() {
    for (std::size_t size_index = 0; size_index < options_.sizes.size(); ++size_index) {
      if (size_index) json_ << ",";
      compare_size(options_.sizes[size_index]);
      std::fputs(md_.str().c_str(), stdout);
      std::fflush(stdout);
      all_markdown_ += md_.str();
      md_.str("");
    }
    json_ << "\n]}\n";
    if (!options_.markdown_path.empty()) std::ofstream(options_.markdown_path) << all_markdown_;
    if (!options_.json_path.empty()) std::ofstream(options_.json_path) << json_.str();
  }

 private:
  using Samples = std::map<QueryKind, std::vector<std::vector<double>>>;  // by kind, engine
  using Matches = std::map<QueryKind, std::vector<double>>;               // by kind, engine

  bool has_xapian() const { return xapian_at_ < engines_.size(); }

  void compare_size(std::size_t n) {
    std::vector<Document> docs;
    docs.reserve(n);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
      docs.push_back(corpus_.document(i));
      bytes += text_bytes(docs.back());
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::fprintf(stderr, "%zu documents, %.1f MB\n", n, mb);
    engines_.clear();
    for (const std::string& name : options_.engine_names) engines_.push_back(make_engine(name));
    index_all(docs, n);
    for (auto& engine : engines_) engine->open();
    write_indexing(n, mb);
    std::vector<dossier::EntityFilter> filters = entities();
    if (filters.empty()) filters = guess_entities(corpus_.sources(), 5);
    QueryPlan plan = make_query_plan(corpus_.sources(), filters);
    Matches matches;
    Samples samples = time_queries(plan, matches);
    write_queries(plan, samples, matches);
    // Free this size's indexes before the next.
    engines_.clear();
    for (const fs::path& dir : dirs_) {
      std::error_code error;
      fs::remove_all(dir, error);
    }
  }

  // Every engine indexes docs index_runs times, in rotating order; the best
  // run of each is kept in indexed_ and dirs_.
  void index_all(const std::vector<Document>& docs, std::size_t n) {
    indexed_.assign(engines_.size(), {});
    dirs_.assign(engines_.size(), {});
    const double mb = static_cast<double>(total_bytes(docs)) / 1e6;
    for (int run = 0; run < options_.index_runs; ++run) {
      for (std::size_t k = 0; k < engines_.size(); ++k) {
        std::size_t e = (k + static_cast<std::size_t>(run)) % engines_.size();
        fs::path dir = work_.path() / (options_.engine_names[e] + "-" + std::to_string(n) + "-" +
                                       std::to_string(run));
        malloc_trim(0);  // so that memory freed by earlier runs does not count
        std::size_t base = current_rss_bytes();
        reset_peak_rss();
        auto t0 = Clock::now();
        engines_[e]->begin_index(dir);
        for (const Document& d : docs) engines_[e]->add(d);
        engines_[e]->end_index();
        double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        std::size_t peak = peak_rss_bytes();
        std::fprintf(stderr, "  indexed with %s in %.2f s (%.2f MB/s)\n",
                     engines_[e]->name().c_str(), seconds, mb / seconds);
        std::error_code error;
        if (run == 0 || seconds < indexed_[e].seconds) {
          if (!dirs_[e].empty()) fs::remove_all(dirs_[e], error);
          indexed_[e] = {seconds, peak, peak > base ? peak - base : 0, directory_bytes(dir)};
          dirs_[e] = dir;
        } else {
          // Each engine opens the directory it indexed last: the best run moves there.
          fs::remove_all(dir, error);
          fs::rename(dirs_[e], dir, error);
          if (error) cli::fail("cannot move " + dirs_[e].string() + " to " + dir.string());
          dirs_[e] = dir;
        }
      }
    }
  }

  static std::size_t total_bytes(const std::vector<Document>& docs) {
    std::size_t bytes = 0;
    for (const Document& d : docs) bytes += text_bytes(d);
    return bytes;
  }

  void write_indexing(std::size_t n, double mb) {
    md_ << "\n### " << n << " documents (" << fmt("%.1f", mb) << " MB of text)\n\n"
        << "Indexing (best of " << options_.index_runs << "):\n\n"
        << "| engine | seconds | docs/s | MB/s | vs raw Xapian | peak RSS (MB) | above start (MB) | index size (MB) |\n"
        << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    json_ << "\n  {\"docs\": " << n << ", \"mb\": " << mb << ", \"indexing\": {";
    for (std::size_t e = 0; e < engines_.size(); ++e) {
      const IndexResult& r = indexed_[e];
      double mbps = mb / r.seconds;
      std::string ratio = has_xapian() ? fmt("%.2fx", indexed_[xapian_at_].seconds / r.seconds)
                                       : "-";
      md_ << "| " << engines_[e]->name() << " | " << fmt("%.2f", r.seconds) << " | "
          << fmt("%.0f", static_cast<double>(n) / r.seconds) << " | " << fmt("%.2f", mbps)
          << " | " << ratio << " | " << fmt("%.0f", static_cast<double>(r.peak_rss) / 1e6)
          << " | " << fmt("%.0f", static_cast<double>(r.peak_above) / 1e6) << " | "
          << fmt("%.1f", static_cast<double>(r.index_bytes) / 1e6) << " |\n";
      json_ << (e ? ", " : "") << "\"" << json_escape(engines_[e]->name())
            << "\": {\"seconds\": " << r.seconds
            << ", \"docs_per_s\": " << static_cast<double>(n) / r.seconds
            << ", \"mb_per_s\": " << mbps << ", \"peak_rss_mb\": "
            << static_cast<double>(r.peak_rss) / 1e6 << ", \"peak_above_start_mb\": "
            << static_cast<double>(r.peak_above) / 1e6 << ", \"index_mb\": "
            << static_cast<double>(r.index_bytes) / 1e6 << "}";
    }
    json_ << "}";
  }

  // The entity filters of the query plan: the top entities of the first
  // Dossier index with entities, else names guessed from the text.
  std::vector<dossier::EntityFilter> entities() const {
    for (std::size_t e = 0; e < engines_.size(); ++e) {
      const std::string& name = options_.engine_names[e];
      if (name.starts_with("dossier") && name != "dossier-noent") {
        return top_entities(dirs_[e] / "", 5);
      }
    }
    return {};
  }

  // Matches per query and engine (untimed), then a warm-up run; then reps
  // timed runs of every query on every engine, in rotating order.
  Samples time_queries(const QueryPlan& plan, Matches& matches) {
    for (QueryKind kind : kAllKinds) matches[kind].assign(engines_.size(), 0);
    for (const BenchQuery& q : plan.queries) {
      for (std::size_t e = 0; e < engines_.size(); ++e) {
        matches[q.kind][e] += static_cast<double>(engines_[e]->count(q)) /
                              static_cast<double>(plan.of(q.kind).size());
        engines_[e]->run(q);
      }
    }
    Samples samples;  // microseconds
    for (QueryKind kind : kAllKinds) samples[kind].resize(engines_.size());
    std::size_t turn = 0;
    for (int rep = 0; rep < options_.reps; ++rep) {
      for (const BenchQuery& q : plan.queries) {
        ++turn;
        for (std::size_t k = 0; k < engines_.size(); ++k) {
          std::size_t e = (k + turn) % engines_.size();
          auto t0 = Clock::now();
          engines_[e]->run(q);
          double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
          samples[q.kind][e].push_back(us);
        }
      }
    }
    return samples;
  }

  void write_query_header() {
    md_ << "\nQueries: p50 / p99 in microseconds; ratio = p50 / raw Xapian p50; matches = mean "
           "exact matches per query.\n\n| kind | example |";
    for (std::size_t e = 0; e < engines_.size(); ++e) md_ << " " << engines_[e]->name() << " p50 / p99 |";
    for (std::size_t e = 0; e < engines_.size(); ++e) {
      if (e != xapian_at_ && has_xapian()) md_ << " " << engines_[e]->name() << " ratio |";
    }
    md_ << " matches |\n|---|---|";
    for (std::size_t e = 0; e < engines_.size(); ++e) md_ << "---:|";
    for (std::size_t e = 0; e < engines_.size(); ++e) {
      if (e != xapian_at_ && has_xapian()) md_ << "---:|";
    }
    md_ << "---|\n";
  }

  void write_queries(const QueryPlan& plan, Samples& samples, Matches& matches) {
    write_query_header();
    json_ << ", \"queries\": {";
    bool first_kind = true;
    for (QueryKind kind : kAllKinds) {
      auto queries = plan.of(kind);
      if (queries.empty()) continue;
      std::vector<Stats> st;
      for (std::size_t e = 0; e < engines_.size(); ++e) st.push_back(stats_of(samples[kind][e]));
      md_ << "| " << kind_name(kind) << " | `" << queries.front()->describe() << "` |";
      for (const Stats& s : st) md_ << " " << fmt_us(s.p50) << " / " << fmt_us(s.p99) << " |";
      for (std::size_t e = 0; e < engines_.size(); ++e) {
        if (e != xapian_at_ && has_xapian()) {
          md_ << " " << fmt("%.2f", st[e].p50 / st[xapian_at_].p50) << " |";
        }
      }
      md_ << " ";
      for (std::size_t e = 0; e < engines_.size(); ++e) {
        md_ << (e ? " / " : "") << fmt("%.0f", matches[kind][e]);
      }
      md_ << " |\n";
      json_ << (first_kind ? "" : ", ") << "\"" << kind_name(kind) << "\": {";
      first_kind = false;
      for (std::size_t e = 0; e < engines_.size(); ++e) {
        json_ << (e ? ", " : "") << "\"" << json_escape(engines_[e]->name())
              << "\": {\"p50_us\": " << st[e].p50 << ", \"p99_us\": " << st[e].p99
              << ", \"mean_us\": " << st[e].mean << ", \"matches\": " << matches[kind][e] << "}";
      }
      json_ << "}";
    }
    json_ << "}}";
    md_ << "\nQueries by kind:";
    for (QueryKind kind : kAllKinds) {
      md_ << "\n- " << kind_name(kind) << ":";
      for (const BenchQuery* q : plan.of(kind)) md_ << " `" << q->describe() << "`";
    }
    md_ << "\n";
  }

  const CompareOptions& options_;
  const CorpusGenerator& corpus_;
  TempDir work_;
  const std::size_t xapian_at_;  // in engine_names; their number when absent
  std::vector<std::unique_ptr<Engine>> engines_;
  std::vector<IndexResult> indexed_;
  std::vector<fs::path> dirs_;
  std::ostringstream md_, json_;
  std::string all_markdown_;
};

}  // namespace
}  // namespace dossier::bench

int main(int argc, char** argv) {
  using namespace dossier::bench;
  const CompareOptions options = parse_command_line(argc, argv);
  const CorpusGenerator corpus = load_corpus(options.corpus);
  std::fprintf(stderr, "corpus: %s\n", corpus.describe().c_str());
  Comparison(options, corpus).run();
  return 0;
}
