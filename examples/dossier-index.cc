// dossier-index: index a folder of .txt files or a JSON Lines file.
#include <fmt/core.h>

#include <chrono>
#include <cstdio>

#include "cli.h"
#include "dossier/dossier.h"

namespace {

constexpr const char* kUsage = R"(Usage: dossier-index [options] INDEX INPUT...

Indexes each INPUT into the index directory INDEX (created if missing).
An INPUT is a folder of .txt files (id = path without .txt, title = first
line), a single .txt file, or a JSON Lines file (.jsonl) with "id", "title",
"body" and optional "source", "url", "published" (YYYY-MM-DD).
Documents whose id is already indexed are replaced.

Options:
  --threads N        analysis threads (default: one per core)
  --commit-every N   commit after every N documents (default 10000)
  --language L       stemming language of a new index (default english; none)
  --keep-accents     a new index keeps accents (Pinera will not find Piñera)
  --no-entities      do not recognise people, places and organisations
  --aliases FILE     extra entity aliases (README.md, "Entity aliases")
  --quiet            no progress line
)";

}  // namespace

int main(int argc, char** argv) {
  cli::set_program_name("dossier-index");
  cli::Arguments args(argc, argv, kUsage);
  dossier::IndexOptions options;
  std::size_t commit_every = 10'000;
  bool quiet = false;
  std::vector<std::string> positionals;
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
    } else if (args.option("--quiet")) {
      quiet = true;
    } else {
      args.usage_error("unknown option " + args.positional());
    }
  }
  if (positionals.empty()) args.usage_error("missing INDEX");
  if (positionals.size() < 2) args.usage_error("missing INPUT");
  std::string index = positionals.front();
  std::vector<std::string> inputs(positionals.begin() + 1, positionals.end());

  dossier::IndexWriter writer = cli::check(dossier::IndexWriter::Open(index, options));
  const bool progress = !quiet && cli::stderr_is_terminal();
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  std::size_t documents = 0, bytes = 0, since_commit = 0, skipped = 0;
  for (const std::string& input : inputs) {
    auto report = dossier::read_documents(input, [&](dossier::Document&& document) {
      bytes += document.title.size() + document.body.size();
      if (auto added = writer.add_or_replace(std::move(document)); !added) return added;
      ++documents;
      if (++since_commit >= commit_every) {
        since_commit = 0;
        if (auto committed = writer.commit(); !committed) return committed;
      }
      if (progress && documents % 256 == 0) {
        fmt::print(stderr, "\r{} documents, {:.1f} MB, {}   ", documents, bytes / 1e6,
                   cli::megabytes_per_second(bytes, elapsed()));
      }
      return dossier::Status{};
    });
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
    if (report->repaired) {
      fmt::print(stderr, "{}: {} documents had invalid UTF-8, replaced by U+FFFD\n", input,
                 report->repaired);
    }
  }
  cli::check(writer.commit());
  if (progress) fmt::print(stderr, "\r\033[K");
  const double seconds = elapsed();
  std::size_t total = cli::check(writer.document_count());
  fmt::print("indexed {} documents ({:.2f} MB) in {:.2f} s ({}); skipped {}; {} now holds {} documents\n",
             documents, bytes / 1e6, seconds, cli::megabytes_per_second(bytes, seconds), skipped,
             index, total);
  return documents == 0 && skipped > 0 ? 1 : 0;
}
