// Reading articles from files: folders of .txt and saved web pages (.html,
// .htm), JSON Lines; and the article extractor for web pages on its own.
#pragma once

#include <chrono>
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
  // Documents indexed without part of their input (a JSON key that cannot be
  // a keyword field): where, and what was left out.
  std::vector<SkippedInput> warnings;
};

struct FolderOptions {
  // When set, each file gets this keyword field with the name of the folder
  // it is in (below the folder read): bbc/sport/001.txt -> category=sport.
  // Files directly in the folder read get none.
  std::string field_from_folder;
};

// Return an error to stop reading; the error is passed back to the caller.
using DocumentSink = std::function<Status(Document&&)>;

// What extract_article finds in a saved web page.
struct ExtractedArticle {
  std::string title;     // the headline, without the outlet's name
  std::string body;      // the main text: paragraphs separated by a blank line
  std::string author;    // as the page names it; several joined by ", "
  std::string source;    // the outlet ("The Atlantic")
  std::string url;       // the canonical URL, else the hint passed in
  std::string language;  // as the page declares it ("en", "en-US"); empty when it does not
  std::optional<std::chrono::sys_days> published;
};

// Extracts the article from the bytes of a saved web page, in whatever
// character set the page declares (a BOM or <meta charset>; UTF-8 otherwise).
// Fields come from the page's metadata (og:*, article:*, JSON-LD, <time>,
// <link rel=canonical>, <html lang>) where it has them, and from its structure
// where not; navigation, related links, share and subscribe boxes, cookie
// banners, comments, captions and credits are left out of the body. `url_hint`
// (where the page came from) fills `url` when the page names no canonical URL.
// Any bytes are accepted: a page without article text gives an empty body.
// Thread-safe: calls share no state.
[[nodiscard]] Result<ExtractedArticle> extract_article(std::string_view html,
                                                       std::string_view url_hint = {});

// Reads every regular *.txt, *.html and *.htm file below `folder`
// (recursively, sorted by path): id = path relative to the folder without the
// extension. A .txt file's title and source follow the rule in README.md
// ("Plain text input"); a web page goes through extract_article. Empty,
// unreadable or binary files, and pages without article text, are skipped and
// reported. Fails with kNotFound when the folder does not exist.
[[nodiscard]] Result<IngestReport> read_text_folder(const std::filesystem::path& folder,
                                                    const DocumentSink& sink,
                                                    const FolderOptions& options = {});

// Reads JSON Lines: one object per line with "id", "title" and "body" ("text"
// is accepted for "body"), and optional "source", "url" and "published"
// ("YYYY-MM-DD", or an ISO date-time whose date part is used). A line with an
// "html" string instead of a body is a saved web page: extract_article fills
// every field the line does not give. Malformed lines are skipped and reported
// with their line number.
[[nodiscard]] Result<IngestReport> read_json_lines(const std::filesystem::path& file,
                                                   const DocumentSink& sink);

// "YYYY-MM-DD", or an ISO date-time whose date part is used; nullopt otherwise.
std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text);

// Picks read_json_lines for *.jsonl / *.json files, read_text_folder for
// folders, and reads a single .txt, .html or .htm file as one document.
[[nodiscard]] Result<IngestReport> read_documents(const std::filesystem::path& input,
                                                  const DocumentSink& sink,
                                                  const FolderOptions& options = {});

}  // namespace dossier
