// Benchmark corpora: the source articles (BBC News JSON Lines, or the repo's
// corpus/ folder) and a deterministic generator that grows them to any size
// with new, distinct articles.
//
// Generated article i (i >= number of source articles) is a function of
// (seed, i) only, so a run can stream documents without holding the corpus in
// memory, and every program (benchmarks, comparison) sees the same text.
//
// How an article is generated (see README.md "Corpus generator"):
//  - a base article is picked; its category (the "business/" part of a BBC id,
//    or one category for other corpora) is the topic;
//  - each of its sentence slots keeps the base sentence or takes a random
//    sentence from the same topic (sometimes from any topic); sentences are
//    regrouped into paragraphs. Named entities (capitalised words) are never
//    altered, so people, places and organisations keep appearing in context;
//  - some lower-case content words are replaced by a derived word chosen with
//    Zipf-distributed rank among a set that grows with i: the vocabulary keeps
//    growing with the corpus (Heaps' law) with Zipf-like term frequencies,
//    while the original words keep their relative frequencies;
//  - the title is the base title with the same word substitution;
//  - id "gen/<i>", and a publication date spread over two years.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "util/hash.h"

namespace CLI {
class App;
}

namespace dossier::bench {

// DOSSIER_BENCH_CORPUS if set; else <repo>/../shared/bench/bbc.jsonl if it
// exists; else <repo>/corpus.
std::filesystem::path default_corpus_path();

// Reads a .jsonl file or a folder of .txt files; exits with a message on error.
std::vector<Document> load_source(const std::filesystem::path& path);

struct GeneratorOptions {
  std::uint64_t seed = 20240601;
  // Fraction of each generated body kept (sentences dropped at random); 1 keeps
  // the base article's length. Source articles are never shortened.
  double body_scale = 1.0;
  // Probability that an eligible lower-case word is replaced by a derived word.
  double substitution_rate = 0.06;
  // Give every article (sources too) a publication date.
  bool dates = true;
};

class CorpusGenerator {
 public:
  CorpusGenerator(std::vector<Document> sources, GeneratorOptions options = {});

  std::size_t source_size() const { return sources_.size(); }
  const std::vector<Document>& sources() const { return sources_; }
  const GeneratorOptions& options() const { return options_; }

  // Article i: a source article for i < source_size(), generated otherwise.
  Document document(std::size_t i) const;

  // A short description for reports: "bbc.jsonl (2225 articles), seed 1, scale 1".
  std::string describe() const;
  // Identifies (path, sources, options) for cached indexes.
  std::string fingerprint() const;

  std::filesystem::path path;  // where the sources came from (for describe())

 private:
  struct Sentence {
    std::string text;
    bool paragraph_start;  // first sentence of a paragraph in its article
  };
  std::string substitute(std::string_view text, std::uint64_t& state, std::size_t i,
                         bool at_least_one) const;

  std::vector<Document> sources_;
  GeneratorOptions options_;
  std::vector<std::vector<std::size_t>> article_sentences_;  // by source: sentence indexes
  std::vector<std::size_t> topic_of_;                         // by source
  std::vector<std::vector<std::size_t>> topic_sentences_;     // by topic: sentence indexes
  std::vector<Sentence> sentences_;
};

// The stamp file that marks a finished benchmark index of n documents of this
// corpus (dossier_bench_query reuses an index whose stamp matches).
inline constexpr const char* kIndexStampFile = "dossier-bench.stamp";
std::string index_stamp(const CorpusGenerator& corpus, std::size_t n);

// Title and body bytes: the throughput unit (as IngestReport::bytes).
inline std::size_t text_bytes(const Document& d) { return d.title.size() + d.body.size(); }

// Deterministic helpers shared by the programs.
using util::mix64;
inline std::uint64_t next_random(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  return mix64(state);
}

// Parses "5,2225,10000" (k and M suffixes allowed: "100k"). Exits on error.
std::vector<std::size_t> parse_sizes(std::string_view text);

// Peak resident memory: reset_peak_rss() starts a new measurement (Linux
// clear_refs); peak_rss_bytes() reads VmHWM, current_rss_bytes() VmRSS.
void reset_peak_rss();
std::size_t peak_rss_bytes();
std::size_t current_rss_bytes();

// The corpus and generator options every program takes.
struct CorpusOptions {
  std::filesystem::path path = default_corpus_path();
  GeneratorOptions generator;
};

// Adds them to `app`:
//   --corpus PATH      .jsonl file or folder of .txt (default: default_corpus_path())
//   --seed N           generator seed
//   --body-scale F     fraction of each generated body kept (0 < F <= 1)
//   --substitution F   word substitution rate of the generator
void add_corpus_options(CLI::App& app, CorpusOptions& options);
// The generator over options.path. Exits with a message on a bad corpus.
CorpusGenerator load_corpus(const CorpusOptions& options);

// For the Google Benchmark programs: parses argv into `app` (cli::parse),
// leaving what `app` does not know (--benchmark_filter=..., ...) in argc/argv
// for benchmark::Initialize, which reports what nobody knows.
void parse_benchmark_command_line(CLI::App& app, int& argc, char** argv);

// A temporary directory, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::filesystem::path& parent, std::string_view name);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The parent for indexes: DOSSIER_BENCH_TMP, else TMPDIR, else /tmp.
std::filesystem::path default_scratch_dir();

std::uintmax_t directory_bytes(const std::filesystem::path& directory);

}  // namespace dossier::bench
