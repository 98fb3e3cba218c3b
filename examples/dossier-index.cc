// dossier-index: index folders of .txt files and saved web pages, or JSON Lines.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "dossier/dossier.h"
#include "dossier/sharding.h"

namespace {

constexpr const char* kDescription =
    R"(Indexes each INPUT into the index directory INDEX (created if missing).
An INPUT is a folder of .txt files and saved web pages (.html, .htm; id =
path without the extension), a single such file, or a JSON Lines file (.jsonl)
with "id", "title", "body" and optional "source", "url", "published"
(YYYY-MM-DD), or "html" (a saved page) instead of "body"; its other keys are
keyword fields (README.md, "Fields of your own"). A .txt file's title
and outlet follow README.md ("Plain text input"); a web page's headline, text,
date, outlet and URL are extracted from it (README.md, "Web pages").
Documents whose id is already indexed are replaced.

Shards (README.md, "Shards"): with --shards N, each document goes to shard
shard_of(id, N) (a stable hash of its id). With --shard-index K as well, only
the documents of shard K are indexed, into INDEX: run one process per shard,
in parallel (scripts/index-shards.sh does). Without --shard-index, one process
writes every shard, shard K into the directory INDEX-K.

dossier-index --merge OUTPUT SHARD... compacts shards into one new index
OUTPUT, keeping entity names, settings and aliases.)";

struct Command {
  dossier::IndexOptions options;
  dossier::FolderOptions folder_options;
  std::size_t commit_every = 10'000;
  std::size_t shards = 0;
  std::optional<std::size_t> shard_index;
  bool merge = false;
  bool quiet = false;
  std::string index;                // INDEX, or OUTPUT with --merge
  std::vector<std::string> inputs;  // INPUT..., or SHARD... with --merge
};

Command parse_command_line(int argc, char** argv) {
  Command command;
  CLI::App app(kDescription, "dossier-index");
  app.add_option("INDEX", command.index, "the index directory (OUTPUT with --merge)");
  app.add_option("INPUT", command.inputs, "what to index (the SHARDs with --merge)");
  app.add_option("--threads", command.options.threads, "analysis threads (default: one per core)");
  app.add_option("--commit-every", command.commit_every,
                 "commit after every N documents (default 10000)");
  app.add_option("--language", command.options.analysis.language,
                 "stemming language of a new index (default english; none)");
  bool keep_accents = false, no_entities = false;
  std::string aliases;
  std::size_t shard_index = 0;
  app.add_flag("--keep-accents", keep_accents,
               "a new index keeps accents (Pinera will not find Piñera)");
  app.add_flag("--no-entities", no_entities,
               "do not recognise people, places and organisations");
  app.add_option("--aliases", aliases, "extra entity aliases (README.md, \"Entity aliases\")");
  app.add_option("--shards", command.shards, "split the corpus into N shards by id hash");
  auto* shard_index_option =
      app.add_option("--shard-index", shard_index, "index only shard K (0 <= K < N) into INDEX");
  app.add_flag("--merge", command.merge, "merge the SHARD indexes into the new index OUTPUT");
  app.add_option("--field-from-folder", command.folder_options.field_from_folder,
                 "give each file of a folder the keyword field NAME, valued by the folder it is "
                 "in (bbc/sport/1.txt: NAME=sport)");
  app.add_flag("--quiet", command.quiet, "no progress line");
  cli::parse(app, argc, argv);

  if (keep_accents) command.options.analysis.fold_accents = false;
  if (no_entities) command.options.recognize_entities = false;
  if (!aliases.empty()) command.options.entity_aliases = aliases;
  if (shard_index_option->count()) command.shard_index = shard_index;
  command.commit_every = std::max<std::size_t>(1, command.commit_every);
  if (app.count("--shards") && command.shards == 0) cli::usage_error("--shards needs at least 1");
  if (command.merge) {
    if (command.shards || command.shard_index) {
      cli::usage_error("--merge takes no --shards or --shard-index");
    }
    if (command.index.empty() || command.inputs.empty()) {
      cli::usage_error("--merge needs OUTPUT and at least one SHARD");
    }
    return command;
  }
  if (command.shard_index && !command.shards) cli::usage_error("--shard-index needs --shards");
  if (command.shard_index && *command.shard_index >= command.shards) {
    cli::usage_error(fmt::format("--shard-index must be below --shards ({})", command.shards));
  }
  if (command.index.empty()) cli::usage_error("missing INDEX");
  if (command.inputs.empty()) cli::usage_error("missing INPUT");
  return command;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int merge(const Command& command) {
  std::vector<std::filesystem::path> sources(command.inputs.begin(), command.inputs.end());
  const auto started = std::chrono::steady_clock::now();
  cli::check(dossier::merge_shards(sources, command.index));
  auto merged = cli::check(dossier::Searcher::Open(std::filesystem::path(command.index)));
  fmt::print("merged {} shards into {} ({} documents) in {:.2f} s\n", sources.size(),
             command.index, cli::check(merged.document_count()), seconds_since(started));
  return 0;
}

// The index writers of one run: one, or one per shard when this process
// writes every shard.
class Writers {
 public:
  explicit Writers(const Command& command)
      : shards_(command.shards), shard_index_(command.shard_index) {
    if (all_shards()) {
      for (std::size_t k = 0; k < shards_; ++k) {
        directories_.push_back(fmt::format("{}-{}", command.index, k));
      }
    } else {
      directories_.push_back(command.index);
    }
    for (std::size_t k = 0; k < directories_.size(); ++k) {
      // Each writer knows its shard: it refuses a shard set split otherwise.
      dossier::IndexOptions options = command.options;
      options.shards = shards_;
      options.shard = all_shards() ? k : shard_index_.value_or(0);
      writers_.push_back(cli::check(dossier::IndexWriter::Open(directories_[k], options)));
    }
  }

  // The writer a document goes to; nullptr when it belongs to another shard.
  dossier::IndexWriter* writer_for(const dossier::Document& document) {
    if (shards_ == 0) return &writers_.front();
    std::size_t shard = dossier::shard_of(document.id, shards_);
    if (all_shards()) return &writers_[shard];
    return shard == *shard_index_ ? &writers_.front() : nullptr;
  }

  dossier::Status commit() {
    for (dossier::IndexWriter& writer : writers_) {
      if (auto committed = writer.commit(); !committed) return committed;
    }
    return {};
  }

  // "INDEX now holds N documents", for each directory written.
  std::string holdings() {
    std::string holds;
    for (std::size_t k = 0; k < writers_.size(); ++k) {
      holds += fmt::format("{}{} now holds {} documents", k ? ", " : "", directories_[k],
                           cli::check(writers_[k].document_count()));
    }
    return holds;
  }

 private:
  bool all_shards() const { return shards_ > 0 && !shard_index_; }

  std::size_t shards_;
  std::optional<std::size_t> shard_index_;
  std::vector<std::string> directories_;
  std::vector<dossier::IndexWriter> writers_;
};

void report_problems(const std::string& input, const dossier::IngestReport& report,
                     bool progress) {
  for (const dossier::SkippedInput& skip : report.skipped) {
    if (progress) fmt::print(stderr, "\r\033[K");
    if (skip.line) {
      fmt::print(stderr, "skipped {}:{}: {}\n", skip.path.string(), skip.line, skip.reason);
    } else {
      fmt::print(stderr, "skipped {}: {}\n", skip.path.string(), skip.reason);
    }
  }
  for (const dossier::SkippedInput& warning : report.warnings) {
    if (progress) fmt::print(stderr, "\r\033[K");
    fmt::print(stderr, "warning {}:{}: {}\n", warning.path.string(), warning.line, warning.reason);
  }
  if (report.repaired) {
    fmt::print(stderr, "{}: {} documents had invalid UTF-8, replaced by U+FFFD\n", input,
               report.repaired);
  }
}

int index(const Command& command) {
  // Checked before a writer creates the index, which would stay behind empty.
  for (const std::string& input : command.inputs) {
    std::error_code error;
    if (!std::filesystem::exists(input, error)) {
      cli::fail(fmt::format("no such file or directory: {}", input));
    }
  }
  Writers writers(command);
  std::size_t other_shards = 0;
  const bool progress = !command.quiet && cli::stderr_is_terminal();
  const auto started = std::chrono::steady_clock::now();
  std::size_t documents = 0, bytes = 0, since_commit = 0, skipped = 0;
  for (const std::string& input : command.inputs) {
    auto report = dossier::read_documents(input, [&](dossier::Document&& document) {
      dossier::IndexWriter* writer = writers.writer_for(document);
      if (!writer) {
        ++other_shards;
        return dossier::Status{};
      }
      bytes += document.title.size() + document.body.size();
      if (auto added = writer->add_or_replace(std::move(document)); !added) return added;
      ++documents;
      if (++since_commit >= command.commit_every) {
        since_commit = 0;
        if (auto committed = writers.commit(); !committed) return committed;
      }
      if (progress && documents % 256 == 0) {
        fmt::print(stderr, "\r{} documents, {:.1f} MB, {}   ", documents, bytes / 1e6,
                   cli::megabytes_per_second(bytes, seconds_since(started)));
      }
      return dossier::Status{};
    }, command.folder_options);
    if (!report) cli::fail(report.error());
    report_problems(input, *report, progress);
    skipped += report->skipped.size();
  }
  cli::check(writers.commit());
  if (progress) fmt::print(stderr, "\r\033[K");
  const double seconds = seconds_since(started);
  fmt::print("indexed {} documents ({:.2f} MB) in {:.2f} s ({}); skipped {}; {}\n", documents,
             bytes / 1e6, seconds, cli::megabytes_per_second(bytes, seconds), skipped,
             writers.holdings());
  if (command.shard_index) {
    fmt::print("left {} documents of other shards (shard {} of {})\n", other_shards,
               *command.shard_index, command.shards);
  }
  return documents == 0 && skipped > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts: Xapian writes out uncommitted changes every this
  // many documents, which bounds memory for a large --commit-every (README.md,
  // "Using it"). A value the user set wins.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", /*overwrite=*/0);
  const Command command = parse_command_line(argc, argv);
  return command.merge ? merge(command) : index(command);
}
