// Article extraction speed, in MB of HTML per second of CPU time (so the
// figure holds on a loaded machine). Pages: --pages=DIR, else
// <repo>/../shared/eval/artx_dev/html when present, else the small fixtures
// in tests/data/html (a smoke run; the README figure is the artx_dev one).
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.h"
#include "dossier/ingest.h"
#include "ingest/html_charset.h"
#include "ingest/html_dom.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> pages;
std::size_t page_bytes = 0;

fs::path default_pages() {
  fs::path artx = fs::path(DOSSIER_SOURCE_DIR) / ".." / "shared" / "eval" / "artx_dev" / "html";
  std::error_code error;
  if (fs::is_directory(artx, error)) return artx;
  return fs::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "html";
}

void load_pages(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::string extension = entry.path().extension().string();
    if (extension == ".html" || extension == ".htm") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    pages.push_back(content.str());
    page_bytes += pages.back().size();
  }
  std::fprintf(stderr, "extraction benchmark: %zu pages, %.2f MB from %s\n", pages.size(),
               page_bytes / 1e6, folder.string().c_str());
}

// The whole extractor: charset, parse, metadata, main text.
void BM_ExtractArticle(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& page : pages) {
      auto article = dossier::extract_article(page);
      benchmark::DoNotOptimize(article);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page_bytes));
  state.counters["pages"] = static_cast<double>(pages.size());
}
BENCHMARK(BM_ExtractArticle)->Unit(benchmark::kMillisecond);

// Charset handling and gumbo's HTML5 parse alone: the share of the time that is
// the parser's.
void BM_ParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& page : pages) {
      std::string text = dossier::ingest::html_to_utf8(page);
      dossier::ingest::HtmlTree tree(text);
      benchmark::DoNotOptimize(tree.root());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page_bytes));
}
BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  fs::path folder = default_pages();
  CLI::App app("Google Benchmark of article extraction from saved web pages (bench/README.md).",
               "dossier_bench_extract");
  app.add_option("--pages", folder,
                 "folder of .html pages (default: ../shared/eval/artx_dev/html, else "
                 "tests/data/html)");
  dossier::bench::parse_benchmark_command_line(app, argc, argv);
  load_pages(folder);
  if (pages.empty()) {
    std::fprintf(stderr, "no .html pages in %s\n", folder.string().c_str());
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
