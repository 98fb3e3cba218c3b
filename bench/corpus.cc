#include "corpus.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <system_error>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "dossier/ingest.h"

#ifndef DOSSIER_SOURCE_DIR
#define DOSSIER_SOURCE_DIR "."
#endif

namespace dossier::bench {
namespace fs = std::filesystem;

namespace {

// Words never substituted: function words keep their natural (very high)
// frequencies, as in real text.
// Outlets spread over generated articles (v2 of the corpus fingerprint).
constexpr std::uint64_t kOutlets = 20;

constexpr std::string_view kKeep[] = {
    "about", "after", "also", "been", "before", "being", "could", "does", "down", "each",
    "from", "have", "here", "into", "just", "last", "more", "most", "much", "must", "only",
    "other", "over", "said", "same", "should", "some", "such", "than", "that", "their",
    "them", "then", "there", "these", "they", "this", "those", "very", "were", "what",
    "when", "where", "which", "while", "will", "with", "would", "year", "your"};

bool keep_word(std::string_view word) {
  return std::find(std::begin(kKeep), std::end(kKeep), word) != std::end(kKeep);
}

// Syllables of derived words: "market" + k -> "marketen", "marketisar", ...
constexpr std::string_view kSyllables[] = {"a",  "o",  "en", "is", "ar", "el",
                                           "um", "ix", "ot", "ra", "ne", "li"};

bool is_lower_word(std::string_view word) {
  return word.size() >= 4 && std::all_of(word.begin(), word.end(), [](char c) {
           return c >= 'a' && c <= 'z';
         });
}

// Splits a paragraph into sentences after . ? ! followed by a space and an
// upper-case letter or a quote.
std::vector<std::string_view> split_sentences(std::string_view paragraph) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < paragraph.size(); ++i) {
    char c = paragraph[i];
    if ((c == '.' || c == '?' || c == '!') && paragraph[i + 1] == ' ') {
      char next = paragraph[i + 2];
      if ((next >= 'A' && next <= 'Z') || next == '"' || next == '\'') {
        out.push_back(paragraph.substr(start, i + 1 - start));
        start = i + 2;
        i = start;
      }
    }
  }
  if (start < paragraph.size()) out.push_back(paragraph.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

double uniform(std::uint64_t& state) {
  return static_cast<double>(next_random(state) >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace


fs::path default_scratch_dir() {
  for (const char* name : {"DOSSIER_BENCH_TMP", "TMPDIR"}) {
    if (const char* value = std::getenv(name); value && *value) return value;
  }
  return "/tmp";
}

fs::path default_corpus_path() {
  if (const char* env = std::getenv("DOSSIER_BENCH_CORPUS"); env && *env) return env;
  fs::path bbc = fs::path(DOSSIER_SOURCE_DIR) / ".." / "shared" / "bench" / "bbc.jsonl";
  std::error_code error;
  if (fs::exists(bbc, error)) return fs::weakly_canonical(bbc, error);
  return fs::path(DOSSIER_SOURCE_DIR) / "corpus";
}

std::vector<Document> load_source(const fs::path& path) {
  std::vector<Document> documents;
  auto report = read_documents(path, [&](Document&& d) -> Status {
    documents.push_back(std::move(d));
    return {};
  });
  if (!report) cli::fail("cannot read corpus " + path.string() + ": " + report.error().to_string());
  if (documents.empty()) cli::fail("corpus " + path.string() + " has no documents");
  return documents;
}

CorpusGenerator::CorpusGenerator(std::vector<Document> sources, GeneratorOptions options)
    : sources_(std::move(sources)), options_(options) {
  std::map<std::string, std::size_t> topics;
  article_sentences_.resize(sources_.size());
  topic_of_.resize(sources_.size());
  for (std::size_t a = 0; a < sources_.size(); ++a) {
    const Document& d = sources_[a];
    std::size_t slash = d.id.find('/');
    std::string topic = slash == std::string::npos ? "" : d.id.substr(0, slash);
    auto [it, added] = topics.try_emplace(topic, topics.size());
    if (added) topic_sentences_.emplace_back();
    topic_of_[a] = it->second;
    std::string_view body = d.body;
    std::size_t start = 0;
    while (start <= body.size()) {
      std::size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      std::string_view paragraph = trim(body.substr(start, end - start));
      bool first = true;
      for (std::string_view s : split_sentences(paragraph)) {
        s = trim(s);
        if (s.empty()) continue;
        article_sentences_[a].push_back(sentences_.size());
        topic_sentences_[it->second].push_back(sentences_.size());
        sentences_.push_back({std::string(s), first});
        first = false;
      }
      start = end + 1;
    }
  }
  // A source with no sentences (empty body) still gets its title as one.
  for (std::size_t a = 0; a < sources_.size(); ++a) {
    if (article_sentences_[a].empty()) {
      article_sentences_[a].push_back(sentences_.size());
      topic_sentences_[topic_of_[a]].push_back(sentences_.size());
      sentences_.push_back({sources_[a].title + ".", true});
    }
  }
}

std::string CorpusGenerator::substitute(std::string_view text, std::uint64_t& state,
                                        std::size_t i, bool at_least_one) const {
  // Derived-word ranks are log-uniform in [1, K] (P(k) ~ 1/k, Zipf with s=1),
  // and K grows with the square root of the article number, so new words keep
  // appearing at about the rate of Heaps' law (vocabulary ~ tokens^0.5).
  const double log_k = std::log(8.0 + 2.0 * std::sqrt(static_cast<double>(i)));
  struct Piece {
    std::string_view word, tail;  // letters, then the rest of the token
    bool eligible, replace;
  };
  std::vector<Piece> pieces;
  std::size_t eligible = 0, replaced = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(start, end - start);
    std::size_t letters = 0;
    while (letters < token.size() && token[letters] >= 'a' && token[letters] <= 'z') ++letters;
    Piece p{token.substr(0, letters), token.substr(letters), false, false};
    bool tail_ok = p.tail.empty() ||
                   std::string_view(".,;:!?)\"'").find(p.tail[0]) != std::string_view::npos;
    p.eligible = tail_ok && is_lower_word(p.word) && !keep_word(p.word);
    if (p.eligible) {
      ++eligible;
      p.replace = uniform(state) < options_.substitution_rate;
      replaced += p.replace;
    }
    pieces.push_back(p);
    start = end + 1;
  }
  if (at_least_one && replaced == 0 && eligible > 0) {
    std::size_t pick = next_random(state) % eligible;
    for (Piece& p : pieces) {
      if (p.eligible && pick-- == 0) p.replace = true;
    }
  }
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const Piece& p = pieces[k];
    if (k > 0) out.push_back(' ');
    out.append(p.word);
    if (p.replace) {
      // The rank in base 12, one syllable per digit: "market" -> "marketen".
      auto code = static_cast<std::uint64_t>(std::exp(uniform(state) * log_k)) + 1;
      while (code > 0) {
        out.append(kSyllables[code % 12]);
        code /= 12;
      }
    }
    out.append(p.tail);
  }
  return out;
}

Document CorpusGenerator::document(std::size_t i) const {
  std::uint64_t state = mix64(options_.seed * 0x100000001B3ull + i);
  Document d;
  if (i < sources_.size()) {
    d = sources_[i];
  } else {
    const std::size_t base = next_random(state) % sources_.size();
    const std::vector<std::size_t>& topic = topic_sentences_[topic_of_[base]];
    std::vector<std::size_t> picked;
    for (std::size_t slot : article_sentences_[base]) {
      if (options_.body_scale < 1.0 && uniform(state) >= options_.body_scale) continue;
      double u = uniform(state);
      if (u < 0.45) {
        picked.push_back(slot);
      } else if (u < 0.9) {
        picked.push_back(topic[next_random(state) % topic.size()]);
      } else {
        picked.push_back(next_random(state) % sentences_.size());
      }
    }
    if (picked.empty()) picked.push_back(article_sentences_[base].front());
    // At least one sentence from another article, so that no body is a copy.
    if (std::all_of(picked.begin(), picked.end(), [&](std::size_t p) {
          return std::find(article_sentences_[base].begin(), article_sentences_[base].end(), p) !=
                 article_sentences_[base].end();
        })) {
      picked.push_back(topic[next_random(state) % topic.size()]);
    }
    for (std::size_t j = 0; j + 1 < picked.size(); ++j) {
      if (uniform(state) < 0.2) std::swap(picked[j], picked[j + 1]);
    }
    d.id = "gen/" + std::to_string(i);
    d.fields = sources_[base].fields;  // the BBC set's category
    // Every title gets at least one new word, so that titles rarely repeat.
    d.title = substitute(sources_[base].title, state, i, /*at_least_one=*/true);
    for (std::size_t j = 0; j < picked.size(); ++j) {
      const Sentence& s = sentences_[picked[j]];
      if (j > 0) d.body += s.paragraph_start ? "\n\n" : " ";
      d.body += substitute(s.text, state, i, /*at_least_one=*/false);
    }
  }
  // An outlet for the source facet: BBC articles name none.
  if (d.source.empty()) {
    d.source = "Outlet " + std::to_string(mix64(options_.seed ^ (i * 17)) % kOutlets);
  }
  if (options_.dates && !d.published) {
    using namespace std::chrono;
    d.published = sys_days(year{2004} / January / 1) + days(mix64(options_.seed ^ (i * 31)) % 731);
  }
  return d;
}

std::string CorpusGenerator::describe() const {
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", options_.body_scale);
  return path.filename().string() + " (" + std::to_string(sources_.size()) +
         " source articles), seed " + std::to_string(options_.seed) + ", body scale " + scale;
}

std::string CorpusGenerator::fingerprint() const {
  std::uint64_t h = 1469598103934665603ull;
  for (const Document& d : sources_) {
    for (char c : d.id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = mix64(h + d.body.size() + d.title.size());
  }
  char text[160];
  std::snprintf(text, sizeof text, "v2 src=%016llx n=%zu seed=%llu scale=%g sub=%g dates=%d",
                static_cast<unsigned long long>(h), sources_.size(),
                static_cast<unsigned long long>(options_.seed), options_.body_scale,
                options_.substitution_rate, options_.dates ? 1 : 0);
  return text;
}

std::string index_stamp(const CorpusGenerator& corpus, std::size_t n) {
  return corpus.fingerprint() + " docs=" + std::to_string(n);
}

std::vector<std::size_t> parse_sizes(std::string_view text) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string item(text.substr(start, end - start));
    char* rest = nullptr;
    double value = std::strtod(item.c_str(), &rest);
    std::string_view suffix = rest ? rest : "";
    if (suffix == "k" || suffix == "K") value *= 1e3;
    else if (suffix == "M" || suffix == "m") value *= 1e6;
    else if (!suffix.empty()) cli::usage_error("bad size \"" + item + "\" (e.g. 5,2225,10k,100k)");
    if (!(value >= 1)) cli::usage_error("bad size \"" + item + "\"");
    sizes.push_back(static_cast<std::size_t>(value));
    start = end + 1;
  }
  if (sizes.empty()) cli::usage_error("no sizes given");
  return sizes;
}

namespace {
std::size_t status_kib(std::string_view field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field)) return std::strtoull(line.c_str() + field.size(), nullptr, 10);
  }
  return 0;
}
}  // namespace

void reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}
std::size_t peak_rss_bytes() { return status_kib("VmHWM:") * 1024; }
std::size_t current_rss_bytes() { return status_kib("VmRSS:") * 1024; }

void add_corpus_options(CLI::App& app, CorpusOptions& options) {
  app.add_option("--corpus", options.path,
                 ".jsonl file or folder of .txt files (default: $DOSSIER_BENCH_CORPUS, else "
                 "../shared/bench/bbc.jsonl, else corpus/)");
  app.add_option("--seed", options.generator.seed, "generator seed");
  app.add_option("--body-scale", options.generator.body_scale,
                 "fraction of each generated body kept (0 < F <= 1)");
  app.add_option("--substitution", options.generator.substitution_rate,
                 "word substitution rate of the generator");
}

CorpusGenerator load_corpus(const CorpusOptions& options) {
  // Every benchmark program calls this before any thread: bound the writers'
  // memory as a program indexing large batches should (README.md, "Using
  // it"), for every engine alike. A value the user set wins.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", /*overwrite=*/0);
  const GeneratorOptions& generator_options = options.generator;
  if (!(generator_options.body_scale > 0 && generator_options.body_scale <= 1)) {
    cli::usage_error("--body-scale must be in (0, 1]");
  }
  CorpusGenerator generator(load_source(options.path), generator_options);
  generator.path = options.path;
  return generator;
}

void parse_benchmark_command_line(CLI::App& app, int& argc, char** argv) {
  app.allow_extras();
  app.footer("Google Benchmark's own options (--benchmark_filter=REGEX, "
             "--benchmark_min_time=SECONDS, ...) are passed on to it.");
  cli::parse(app, argc, argv);
  // argv keeps pointing into `passed_on`, which lives until the program ends.
  static std::vector<std::string> passed_on;
  passed_on = app.remaining();
  argc = 1;
  for (std::string& argument : passed_on) argv[argc++] = argument.data();
  argv[argc] = nullptr;
}

TempDir::TempDir(const fs::path& parent, std::string_view name) {
  fs::create_directories(parent);
  path_ = parent / (std::string(name) + "-" + std::to_string(::getpid()));
  std::error_code error;
  fs::remove_all(path_, error);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code error;
  fs::remove_all(path_, error);
}

std::uintmax_t directory_bytes(const fs::path& directory) {
  std::uintmax_t total = 0;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(directory, error)) {
    if (entry.is_regular_file(error)) total += entry.file_size(error);
  }
  return total;
}

}  // namespace dossier::bench
