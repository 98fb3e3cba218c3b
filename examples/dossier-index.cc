// dossier-index: index folders of .txt files and saved web pages, or JSON Lines.
#include <fmt/core.h>

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

constexpr const char* kUsage = R"(Usage: dossier-index [options] INDEX INPUT...
       dossier-index --merge OUTPUT SHARD...

Indexes each INPUT into the index directory INDEX (created if missing).
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
writes every shard, shard K into the directory INDEX-K. --merge compacts shards
into one new index OUTPUT, keeping entity names, settings and aliases.

Options:
  --threads N        analysis threads (default: one per core)
  --commit-every N   commit after every N documents (default 10000)
  --language L       stemming language of a new index (default english; none)
  --keep-accents     a new index keeps accents (Pinera will not find Piñera)
  --no-entities      do not recognise people, places and organisations
  --aliases FILE     extra entity aliases (README.md, "Entity aliases")
  --shards N         split the corpus into N shards by id hash
  --shard-index K    index only shard K (0 <= K < N) into INDEX
  --merge            merge the SHARD indexes into the new index OUTPUT
  --field-from-folder NAME
                     give each file of a folder the keyword field NAME, valued
                       by the folder it is in (bbc/sport/1.txt: NAME=sport)
  --quiet            no progress line
)";

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts: Xapian writes out uncommitted changes every this
  // many documents, which bounds memory for a large --commit-every (README.md,
  // "Using it"). A value the user set wins.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", /*overwrite=*/0);
  cli::set_program_name("dossier-index");
  cli::Arguments args(argc, argv, kUsage);
  dossier::IndexOptions options;
  std::size_t commit_every = 10'000;
  bool quiet = false, merge = false;
  std::size_t shards = 0;
  std::optional<std::size_t> shard_index;
  std::vector<std::string> positionals;
  dossier::FolderOptions folder_options;
  while (!args.empty()) {
    if (!args.next_is_option()) {
      positionals.push_back(args.positional());
    } else if (args.option("--threads")) {
      options.threads = static_cast<unsigned>(args.number("--threads"));
    } else if (args.option("--commit-every")) {
      commit_every = std::max<std::size_t>(1, args.number("--commit-every"));
    } else if (args.option("--language")) {
      options.analysis.language = args.value("--language");
    } else if (args.option("--keep-accents")) {
      options.analysis.fold_accents = false;
    } else if (args.option("--no-entities")) {
      options.recognize_entities = false;
    } else if (args.option("--aliases")) {
      options.entity_aliases = args.value("--aliases");
    } else if (args.option("--shards")) {
      shards = args.number("--shards");
      if (shards == 0) args.usage_error("--shards needs at least 1");
    } else if (args.option("--shard-index")) {
      shard_index = args.number("--shard-index");
    } else if (args.option("--merge")) {
      merge = true;
    } else if (args.option("--field-from-folder")) {
      folder_options.field_from_folder = args.value("--field-from-folder");
    } else if (args.option("--quiet")) {
      quiet = true;
    } else {
      args.usage_error("unknown option " + args.positional());
    }
  }
  if (merge) {
    if (shards || shard_index) args.usage_error("--merge takes no --shards or --shard-index");
    if (positionals.size() < 2) args.usage_error("--merge needs OUTPUT and at least one SHARD");
    std::vector<std::filesystem::path> sources(positionals.begin() + 1, positionals.end());
    const auto started = std::chrono::steady_clock::now();
    cli::check(dossier::merge_shards(sources, positionals.front()));
    auto merged = cli::check(dossier::Searcher::Open(std::filesystem::path(positionals.front())));
    fmt::print("merged {} shards into {} ({} documents) in {:.2f} s\n", sources.size(),
               positionals.front(), cli::check(merged.document_count()),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
  }
  if (shard_index && !shards) args.usage_error("--shard-index needs --shards");
  if (shard_index && *shard_index >= shards) {
    args.usage_error(fmt::format("--shard-index must be below --shards ({})", shards));
  }
  if (positionals.empty()) args.usage_error("missing INDEX");
  if (positionals.size() < 2) args.usage_error("missing INPUT");
  std::string index = positionals.front();
  std::vector<std::string> inputs(positionals.begin() + 1, positionals.end());

  // One writer, or one per shard when this process writes every shard.
  const bool all_shards = shards > 0 && !shard_index;
  std::vector<std::string> directories;
  std::vector<dossier::IndexWriter> writers;
  if (all_shards) {
    for (std::size_t k = 0; k < shards; ++k) directories.push_back(fmt::format("{}-{}", index, k));
  } else {
    directories.push_back(index);
  }
  for (const std::string& directory : directories) {
    writers.push_back(cli::check(dossier::IndexWriter::Open(directory, options)));
  }
  // The writer a document goes to; nullptr when it belongs to another shard.
  auto writer_for = [&](const dossier::Document& document) -> dossier::IndexWriter* {
    if (shards == 0) return &writers.front();
    std::size_t shard = dossier::shard_of(document.id, shards);
    if (all_shards) return &writers[shard];
    return shard == *shard_index ? &writers.front() : nullptr;
  };
  std::size_t other_shards = 0;
  const bool progress = !quiet && cli::stderr_is_terminal();
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  std::size_t documents = 0, bytes = 0, since_commit = 0, skipped = 0;
  for (const std::string& input : inputs) {
    auto report = dossier::read_documents(input, [&](dossier::Document&& document) {
      dossier::IndexWriter* writer = writer_for(document);
      if (!writer) {
        ++other_shards;
        return dossier::Status{};
      }
      bytes += document.title.size() + document.body.size();
      if (auto added = writer->add_or_replace(std::move(document)); !added) return added;
      ++documents;
      if (++since_commit >= commit_every) {
        since_commit = 0;
        for (dossier::IndexWriter& each : writers) {
          if (auto committed = each.commit(); !committed) return committed;
        }
      }
      if (progress && documents % 256 == 0) {
        fmt::print(stderr, "\r{} documents, {:.1f} MB, {}   ", documents, bytes / 1e6,
                   cli::megabytes_per_second(bytes, elapsed()));
      }
      return dossier::Status{};
    }, folder_options);
    if (!report) cli::fail(report.error());
    for (const dossier::SkippedInput& skip : report->skipped) {
      if (progress) fmt::print(stderr, "\r\033[K");
      if (skip.line) {
        fmt::print(stderr, "skipped {}:{}: {}\n", skip.path.string(), skip.line, skip.reason);
      } else {
        fmt::print(stderr, "skipped {}: {}\n", skip.path.string(), skip.reason);
      }
    }
    skipped += report->skipped.size();
    for (const dossier::SkippedInput& warning : report->warnings) {
      if (progress) fmt::print(stderr, "\r\033[K");
      fmt::print(stderr, "warning {}:{}: {}\n", warning.path.string(), warning.line, warning.reason);
    }
    if (report->repaired) {
      fmt::print(stderr, "{}: {} documents had invalid UTF-8, replaced by U+FFFD\n", input,
                 report->repaired);
    }
  }
  for (dossier::IndexWriter& writer : writers) cli::check(writer.commit());
  if (progress) fmt::print(stderr, "\r\033[K");
  const double seconds = elapsed();
  std::string holds;
  for (std::size_t k = 0; k < writers.size(); ++k) {
    holds += fmt::format("{}{} now holds {} documents", k ? ", " : "", directories[k],
                         cli::check(writers[k].document_count()));
  }
  fmt::print("indexed {} documents ({:.2f} MB) in {:.2f} s ({}); skipped {}; {}\n", documents,
             bytes / 1e6, seconds, cli::megabytes_per_second(bytes, seconds), skipped, holds);
  if (shard_index) {
    fmt::print("left {} documents of other shards (shard {} of {})\n", other_shards,
               *shard_index, shards);
  }
  return documents == 0 && skipped > 0 ? 1 : 0;
}
