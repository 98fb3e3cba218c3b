// Saved web pages as input: folders of .html/.htm files, JSON Lines with an
// "html" key, and what reaches the index and `dossier-search --get --json`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace dossier::testing {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(DOSSIER_SOURCE_DIR) + "/tests/data/html/" + name, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<Document> read_all(const fs::path& input, IngestReport& report) {
  std::vector<Document> documents;
  auto result = read_documents(input, [&](Document&& document) {
    documents.push_back(std::move(document));
    return Status{};
  });
  EXPECT_TRUE(result) << result.error().to_string();
  if (result) report = *result;
  return documents;
}

constexpr const char* kNavigationOnly =
    "<html><body><nav><a href=/>Home</a><a href=/news>News</a></nav></body></html>";

TEST(IngestHtml, FolderOfSavedPages) {
  ScratchDir scratch("ingest-html");
  write_file(scratch / "2024/bridge.html", fixture("news_article.html"));
  write_file(scratch / "storm.htm", fixture("bare_page.html"));
  write_file(scratch / "menu.html", kNavigationOnly);
  write_file(scratch / "note.txt", "Andina\n\nPeru and U.S. sign a trade accord\n\nText.");
  IngestReport report;
  std::vector<Document> documents = read_all(scratch.path(), report);
  ASSERT_EQ(documents.size(), 3u);
  EXPECT_EQ(documents[0].id, "2024/bridge");
  EXPECT_EQ(documents[0].title, "Harbour bridge reopens after repairs");
  EXPECT_EQ(documents[0].source, "The Daily Planet");
  EXPECT_EQ(documents[0].url, "/news/harbour-bridge-reopens") << "relative: no URL to resolve it against";
  EXPECT_EQ(documents[0].published, std::chrono::sys_days(std::chrono::year(2024) / 3 / 7));
  EXPECT_TRUE(documents[0].body.starts_with("The harbour bridge reopened"));
  EXPECT_EQ(documents[1].id, "note");
  EXPECT_EQ(documents[1].source, "Andina");
  EXPECT_EQ(documents[2].id, "storm");
  EXPECT_EQ(documents[2].title, "Storm closes mountain pass");
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_EQ(report.skipped[0].path.filename(), "menu.html");
  EXPECT_EQ(report.skipped[0].reason, "no article text found in the page");
}

TEST(IngestHtml, JsonLinesWithHtml) {
  ScratchDir scratch("ingest-html-jsonl");
  nlohmann::json page = {{"id", "p1"}, {"url", "https://planet.example/x"}, {"html", fixture("news_article.html")}};
  nlohmann::json titled = {{"id", "p2"}, {"title", "Given title"}, {"published", "2020-01-02"},
                           {"html", fixture("bare_page.html")}};
  nlohmann::json empty = {{"id", "p3"}, {"html", kNavigationOnly}};
  write_file(scratch / "pages.jsonl", page.dump() + "\n" + titled.dump() + "\n" + empty.dump() + "\n");
  IngestReport report;
  std::vector<Document> documents = read_all(scratch / "pages.jsonl", report);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].title, "Harbour bridge reopens after repairs");
  EXPECT_EQ(documents[0].url, "https://planet.example/x") << "the line's url, not the canonical one";
  EXPECT_EQ(documents[1].title, "Given title") << "the line's own fields win";
  EXPECT_EQ(documents[1].source, "Valley Courier") << "what the line lacks comes from the page";
  EXPECT_EQ(documents[1].published, std::chrono::sys_days(std::chrono::year(2020) / 1 / 2));
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_EQ(report.skipped[0].line, 3u);
  EXPECT_EQ(report.skipped[0].reason, "no article text found in the page");
}

TEST(IngestHtml, EntitiesComeFromTheArticleNotItsComments) {
  ScratchDir scratch("ingest-html-index");
  write_file(scratch / "pages/bridge.html", fixture("news_article.html"));
  {
    auto writer = IndexWriter::Open(scratch / "index");
    ASSERT_TRUE(writer) << writer.error().to_string();
    auto read = read_documents(scratch / "pages", [&](Document&& d) { return writer->add_or_replace(std::move(d)); });
    ASSERT_TRUE(read) << read.error().to_string();
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher);
  auto document = searcher->get("bridge");
  ASSERT_TRUE(document) << document.error().to_string();
  std::set<std::string> names;
  for (const Entity& entity : document->entities) names.insert(entity.name);
  EXPECT_TRUE(names.contains("Perry White")) << ::testing::PrintToString(names);
  EXPECT_FALSE(names.contains("Clark Kent")) << "named only in a reader's comment";
}

#if defined(DOSSIER_INDEX_PROGRAM) && defined(DOSSIER_SEARCH_PROGRAM)
std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return output;
}

TEST(IngestHtml, SearchGetJsonPrintsTheStoredArticle) {
  ScratchDir scratch("ingest-html-cli");
  write_file(scratch / "pages/bridge.html", fixture("news_article.html"));
  std::string index = (scratch / "index").string();
  run(std::string(DOSSIER_INDEX_PROGRAM) + " '" + index + "' '" + (scratch / "pages").string() + "' 2>&1");
  nlohmann::json article = nlohmann::json::parse(
      run(std::string(DOSSIER_SEARCH_PROGRAM) + " '" + index + "' --get bridge --json"),
      nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(article.is_object());
  EXPECT_EQ(article["id"], "bridge");
  EXPECT_EQ(article["title"], "Harbour bridge reopens after repairs");
  EXPECT_EQ(article["source"], "The Daily Planet");
  EXPECT_EQ(article["url"], "/news/harbour-bridge-reopens");
  EXPECT_EQ(article["published"], "2024-03-07");
  EXPECT_TRUE(article["body"].get<std::string>().starts_with("The harbour bridge reopened"));
  bool white = false;
  for (const auto& entity : article["entities"]) {
    white |= entity["name"] == "Perry White" && entity["kind"] == "person" && entity["mentions"] >= 1;
  }
  EXPECT_TRUE(white) << article["entities"].dump();
}
#endif

}  // namespace
}  // namespace dossier::testing
