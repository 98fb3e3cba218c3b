#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "dossier/ingest.h"
#include "ingest/text_article.h"
#include "util/engine_errors.h"
#include "util/utf8.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// Larger inputs are skipped rather than read into memory whole.
constexpr std::uintmax_t kMaxDocumentBytes = 64 << 20;

using ingest::trim;

// Text files hold no NUL bytes; a file with them in its first 8 KiB is binary
// (unless a byte-order mark says it is UTF-16).
bool looks_binary(std::string_view content) {
  if (content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF")) return false;
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

bool is_web_page(const fs::path& path) {
  std::string extension = path.extension().string();
  return extension == ".html" || extension == ".htm";
}

// The fields of an extracted web page, as a Document.
Document to_document(std::string id, ExtractedArticle&& article) {
  return {std::move(id),          std::move(article.title), std::move(article.body),
          std::move(article.source), std::move(article.url), article.published, {}, {}};
}

class Ingest {
 public:
  explicit Ingest(const DocumentSink& sink) : sink_(sink) {}

  void skip(const fs::path& path, std::size_t line, std::string reason) {
    report_.skipped.push_back({path, line, std::move(reason)});
  }

  Status deliver(Document&& document) {
    bool repaired = util::repair_utf8(document.id);
    repaired |= util::repair_utf8(document.title);
    repaired |= util::repair_utf8(document.body);
    repaired |= util::repair_utf8(document.source);
    repaired |= util::repair_utf8(document.url);
    for (Field& field : document.fields) repaired |= util::repair_utf8(field.value);
    if (repaired) ++report_.repaired;
    ++report_.documents;
    report_.bytes += document.title.size() + document.body.size();
    return sink_(std::move(document));
  }

  // One .txt file (outlet, title and body: text_article.h) or saved web page.
  Status file(const fs::path& path, std::string id, std::vector<Field> fields = {}) {
    std::error_code error;
    std::uintmax_t size = fs::file_size(path, error);
    if (error) {
      skip(path, 0, "cannot read: " + error.message());
      return {};
    }
    if (size > kMaxDocumentBytes) {
      skip(path, 0, "larger than 64 MiB");
      return {};
    }
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
      skip(path, 0, "cannot read");
      return {};
    }
    if (looks_binary(content)) {
      skip(path, 0, "binary file, not text");
      return {};
    }
    if (trim(content).empty()) {
      skip(path, 0, "empty file");
      return {};
    }
    if (is_web_page(path)) {
      Document given;
      given.id = std::move(id);
      given.fields = std::move(fields);
      return web_page(path, 0, std::move(given), content);
    }
    ingest::TextArticle article = ingest::split_text_article(content);
    return deliver({std::move(id), std::move(article.title), std::move(article.body),
                    std::move(article.source), {}, std::nullopt, std::move(fields), {}});
  }

  // A saved web page, from a file (line 0) or a JSON Lines line. The fields
  // `given` has (a JSON line's "title", "url", ...) win over the page's.
  Status web_page(const fs::path& path, std::size_t line, Document given, std::string_view html) {
    auto article = extract_article(html, given.url);
    if (!article) {
      skip(path, line, article.error().message);
      return {};
    }
    if (trim(article->body).empty()) {
      skip(path, line, "no article text found in the page");
      return {};
    }
    Document document = to_document(std::move(given.id), std::move(*article));
    for (auto field : {&Document::title, &Document::source, &Document::url}) {
      if (!trim(given.*field).empty()) document.*field = std::move(given.*field);
    }
    if (given.published) document.published = given.published;
    document.fields = std::move(given.fields);
    return deliver(std::move(document));
  }

  void warn(const fs::path& path, std::size_t line, std::string what) {
    report_.warnings.push_back({path, line, std::move(what)});
  }

  IngestReport take_report() { return std::move(report_); }

 private:
  const DocumentSink& sink_;
  IngestReport report_;
};

}  // namespace

std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text) {
  // "YYYY-MM-DD", optionally followed by a time ("2019-04-12T10:00:00Z").
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto digits = [&](std::size_t from, std::size_t count, auto& out) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                   std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date);
}

namespace {

// A string field, or a number for "id"; empty when absent.
std::optional<std::string> text_field(const nlohmann::json& object, const char* name,
                                      std::string& problem) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) return std::string();
  if (found->is_string()) return found->get<std::string>();
  if (found->is_number_integer() && std::string_view(name) == "id") return found->dump();
  problem = std::string("\"") + name + "\" is not a string";
  return std::nullopt;
}

// The keys read_json_lines gives a meaning of its own.
constexpr std::string_view kDocumentKeys[] = {"id",  "title",     "body", "text",
                                              "source", "url", "published", "html"};

// A JSON key as a field name: "Category" and "sub-section" become "category"
// and "sub_section".
std::string field_name_of(std::string_view key) {
  std::string name(key);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == ' ') c = '_';
  }
  return name;
}

// The keyword fields of a JSON Lines object (read_json_lines says how each
// type maps); what cannot be a field goes to `left_out`.
std::vector<Field> keyword_fields(const nlohmann::json& object, std::vector<std::string>& left_out) {
  std::vector<Field> fields;
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(kDocumentKeys), std::end(kDocumentKeys), key) !=
        std::end(kDocumentKeys)) {
      continue;
    }
    const std::string name = field_name_of(key);
    std::vector<std::string> values;
    if (value.is_string()) {
      values.push_back(value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      values.push_back(value.dump());
    } else if (value.is_array() &&
               std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
      for (const auto& item : value) values.push_back(item.get<std::string>());
    } else if (!value.is_null()) {
      left_out.push_back("\"" + key + "\" (" + value.type_name() +
                         "): a field takes strings, numbers or booleans");
      continue;
    }
    for (std::string& text : values) {
      util::repair_utf8(text);
      if (trim(text).empty()) continue;
      Field field{name, std::string(trim(text))};
      if (auto valid = validate_field(field); !valid) {
        left_out.push_back("\"" + key + "\": " + valid.error().message);
        break;
      }
      fields.push_back(std::move(field));
    }
  }
  return fields;
}

}  // namespace

static Result<IngestReport> unguarded_read_text_folder(const fs::path& folder,
                                                       const DocumentSink& sink,
                                                       const FolderOptions& options) {
  if (!options.field_from_folder.empty()) {
    if (auto valid = validate_field({options.field_from_folder, "x"}); !valid) {
      return std::unexpected(valid.error());
    }
  }
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return make_error(ErrorCode::kNotFound, "no such folder: " + folder.string());
  }
  Ingest ingest(sink);
  std::vector<fs::path> files;
  fs::recursive_directory_iterator walk(folder, fs::directory_options::skip_permission_denied,
                                        error);
  for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    bool readable = walk->path().extension() == ".txt" || is_web_page(walk->path());
    if (readable && walk->is_regular_file(error)) {
      files.push_back(walk->path());
    }
  }
  if (error) ingest.skip(folder, 0, "could not list every file: " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const fs::path relative = file.lexically_relative(folder);
    std::string id = fs::path(relative).replace_extension().generic_string();
    std::vector<Field> fields;
    if (!options.field_from_folder.empty() && relative.has_parent_path()) {
      fields.push_back({options.field_from_folder, relative.parent_path().filename().string()});
    }
    if (auto delivered = ingest.file(file, std::move(id), std::move(fields)); !delivered) {
      return std::unexpected(delivered.error());
    }
  }
  return ingest.take_report();
}

// What the JSON parser found wrong, without its "[json.exception...] " tag
// and its line (always 1: it parses one line): "parse error at column 10:
// syntax error while parsing ...", "number overflow parsing '3e999'".
static std::string json_problem(const nlohmann::json::exception& error) {
  std::string_view what = error.what();
  if (what.starts_with('[')) {
    if (std::size_t end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  std::string problem(what);
  if (std::size_t at = problem.find("at line 1, column"); at != std::string::npos) {
    problem.erase(at + 3, 8);  // "at column"
  }
  return problem;
}

static Result<IngestReport> unguarded_read_json_lines(const fs::path& file,
                                                      const DocumentSink& sink) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(ErrorCode::kNotFound, "cannot open " + file.string());
  Ingest ingest(sink);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (trim(line).empty()) continue;
    util::repair_utf8(line);  // the JSON parser rejects invalid UTF-8 outright
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& error) {  // parse_error, out_of_range (3e999)
      ingest.skip(file, number, "not valid JSON: " + json_problem(error));
      continue;
    }
    if (!object.is_object()) {
      ingest.skip(file, number, "not a JSON object");
      continue;
    }
    std::string problem;
    auto id = text_field(object, "id", problem);
    auto title = text_field(object, "title", problem);
    auto body = text_field(object, object.contains("body") ? "body" : "text", problem);
    auto source = text_field(object, "source", problem);
    auto url = text_field(object, "url", problem);
    auto published = text_field(object, "published", problem);
    auto html = text_field(object, "html", problem);
    if (!problem.empty()) {
      ingest.skip(file, number, problem);
      continue;
    }
    if (id->empty()) {
      ingest.skip(file, number, "missing \"id\"");
      continue;
    }
    bool web_page = !html->empty() && trim(*body).empty();
    if (!web_page && trim(*title).empty() && trim(*body).empty()) {
      ingest.skip(file, number, "no \"title\", \"body\" or \"html\" text");
      continue;
    }
    std::vector<std::string> left_out;
    Document document{std::move(*id),  std::move(*title), std::move(*body),
                      std::move(*source), std::move(*url), std::nullopt,
                      keyword_fields(object, left_out), {}};
    if (!published->empty()) {
      document.published = parse_iso_date(*published);
      if (!document.published) {
        ingest.skip(file, number, "\"published\" is not a date (YYYY-MM-DD): " + *published);
        continue;
      }
    }
    for (std::string& what : left_out) {
      ingest.warn(file, number, "left out field " + std::move(what));
    }
    if (web_page) {
      if (auto delivered = ingest.web_page(file, number, std::move(document), *html); !delivered) {
        return std::unexpected(delivered.error());
      }
      continue;
    }
    if (auto delivered = ingest.deliver(std::move(document)); !delivered) {
      return std::unexpected(delivered.error());
    }
  }
  if (in.bad()) return make_error(ErrorCode::kIoError, "read error in " + file.string());
  return ingest.take_report();
}

// The public readers: no exception (from a sink, or std::bad_alloc) leaves them.
Result<IngestReport> read_text_folder(const fs::path& folder, const DocumentSink& sink,
                                      const FolderOptions& options) {
  return util::guarded("reading " + folder.string(),
                       [&] { return unguarded_read_text_folder(folder, sink, options); });
}

Result<IngestReport> read_json_lines(const fs::path& file, const DocumentSink& sink) {
  return util::guarded("reading " + file.string(),
                       [&] { return unguarded_read_json_lines(file, sink); });
}

static Result<IngestReport> unguarded_read_documents(const fs::path& input,
                                                     const DocumentSink& sink,
                                                     const FolderOptions& options) {
  std::error_code error;
  if (fs::is_directory(input, error)) return read_text_folder(input, sink, options);
  if (!fs::exists(input, error)) return make_error(ErrorCode::kNotFound, "no such file or folder: " + input.string());
  std::string extension = input.extension().string();
  if (extension == ".jsonl" || extension == ".json" || extension == ".ndjson") {
    return read_json_lines(input, sink);
  }
  if (extension == ".txt" || is_web_page(input)) {
    Ingest ingest(sink);
    if (auto delivered = ingest.file(input, input.stem().string()); !delivered) {
      return std::unexpected(delivered.error());
    }
    return ingest.take_report();
  }
  return make_error(ErrorCode::kInvalidArgument,
                    "cannot read " + input.string() +
                        ": expected a folder, a .txt, .html or .htm file, or a .jsonl file");
}

Result<IngestReport> read_documents(const fs::path& input, const DocumentSink& sink,
                                    const FolderOptions& options) {
  return util::guarded("reading " + input.string(),
                       [&] { return unguarded_read_documents(input, sink, options); });
}

}  // namespace dossier
