// dossier-extract: run the article extractor over saved web pages and print
// what it finds as JSON, keyed by file name without its extension.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli.h"
#include "dossier/ingest.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kDescription =
    R"(Extracts the article (headline, main text, date, author, outlet, canonical URL,
language) from each saved web page (.html, .htm; folders are searched) and
prints one JSON object: {"<file name without extension>": {"title": ...,
"articleBody": ..., ...}, ...}. The "articleBody" key is the one the
article-extraction scorer reads (scripts/eval-extract.sh).)";

std::vector<fs::path> pages_in(const fs::path& input) {
  std::vector<fs::path> pages;
  if (!fs::is_directory(input)) return {input};
  for (const auto& entry : fs::recursive_directory_iterator(input)) {
    std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && (extension == ".html" || extension == ".htm")) {
      pages.push_back(entry.path());
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

nlohmann::json to_json(const dossier::ExtractedArticle& article) {
  return {{"title", article.title},
          {"articleBody", article.body},
          {"author", article.author},
          {"source", article.source},
          {"url", article.url},
          {"language", article.language},
          {"published", article.published ? cli::format_date(article.published) : ""}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string url_prefix;
  std::vector<fs::path> inputs;
  CLI::App app(kDescription, "dossier-extract");
  app.add_option("PAGE-OR-FOLDER", inputs, "saved web pages, or folders of them");
  app.add_option("--url-prefix", url_prefix, "take P + file name as each page's URL hint");
  cli::parse(app, argc, argv);
  if (inputs.empty()) cli::usage_error("no page or folder given");

  nlohmann::json out = nlohmann::json::object();
  int failures = 0;
  for (const fs::path& input : inputs) {
    for (const fs::path& page : pages_in(input)) {
      std::ifstream in(page, std::ios::binary);
      std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in && !in.eof()) {
        fmt::print(stderr, "dossier-extract: cannot read {}\n", page.string());
        ++failures;
        continue;
      }
      auto article = dossier::extract_article(html, url_prefix.empty() ? ""
                                                     : url_prefix + page.filename().string());
      if (!article) {
        fmt::print(stderr, "dossier-extract: {}: {}\n", page.string(), article.error().to_string());
        ++failures;
        continue;
      }
      out[page.stem().string()] = to_json(*article);
    }
  }
  fmt::print("{}\n", out.dump(1));
  return failures == 0 ? 0 : 1;
}
