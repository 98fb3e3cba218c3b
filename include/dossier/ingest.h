// Reading articles from files: a folder of .txt files, or JSON Lines.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "dossier/document.h"
#include "dossier/status.h"

namespace dossier {

// An input that was skipped, and why.
struct SkippedInput {
  std::filesystem::path path;
  std::size_t line = 0;  // 1-based JSON Lines line number; 0 for a whole file
  std::string reason;
};

struct IngestReport {
  std::size_t documents = 0;  // handed to the callback
  std::size_t bytes = 0;      // of title and body text
  std::vector<SkippedInput> skipped;
  // Documents whose text had invalid UTF-8, replaced by U+FFFD.
  std::size_t repaired = 0;
};

// Return an error to stop reading; the error is passed back to the caller.
using DocumentSink = std::function<Status(Document&&)>;

// Reads every regular *.txt file below `folder` (recursively, sorted by path):
// id = path relative to the folder without ".txt", title = first non-empty
// line, body = the rest. Empty, unreadable or binary files are skipped and
// reported. Fails with kNotFound when the folder does not exist.
Result<IngestReport> read_text_folder(const std::filesystem::path& folder,
                                      const DocumentSink& sink);

// Reads JSON Lines: one object per line with "id", "title" and "body" ("text"
// is accepted for "body"), and optional "source", "url" and "published"
// ("YYYY-MM-DD", or an ISO date-time whose date part is used). Malformed lines
// are skipped and reported with their line number.
Result<IngestReport> read_json_lines(const std::filesystem::path& file,
                                     const DocumentSink& sink);

// "YYYY-MM-DD", or an ISO date-time whose date part is used; nullopt otherwise.
std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text);

// Picks read_json_lines for *.jsonl / *.json files, read_text_folder for
// folders, and reads a single .txt file as one document.
Result<IngestReport> read_documents(const std::filesystem::path& input,
                                    const DocumentSink& sink);

}  // namespace dossier
