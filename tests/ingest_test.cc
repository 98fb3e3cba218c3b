// Loaders: what they read, and how they report what they cannot.
#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace dossier::testing {
namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<Document> read_all(const std::filesystem::path& input, IngestReport* report = nullptr) {
  std::vector<Document> documents;
  auto result = read_documents(input, [&](Document&& document) {
    documents.push_back(std::move(document));
    return Status{};
  });
  EXPECT_TRUE(result) << result.error().to_string();
  if (report && result) *report = *result;
  return documents;
}

TEST(Ingest, TextFolderOfTheCorpus) {
  std::vector<Document> documents = read_all(kCorpusDir);
  ASSERT_EQ(documents.size(), 5u);
  EXPECT_EQ(documents[1].id, k001);
  EXPECT_EQ(documents[1].title, "Pompeo in Peru to maintain regional pressure on Venezuela's Maduro");
  EXPECT_FALSE(documents[1].body.empty());
  EXPECT_NE(documents[1].body.front(), '\n');
}

TEST(Ingest, BadFilesAreReportedAndSkippedAndTheRestIsRead) {
  ScratchDir scratch("ingest");
  write_file(scratch / "good.txt", "Title\n\nBody text.");
  write_file(scratch / "empty.txt", "  \n\n ");
  write_file(scratch / "binary.txt", std::string("\x7F" "ELF\0\0\0", 7));
  write_file(scratch / "nested/deeper.txt", "Nested title\nNested body");
  write_file(scratch / "latin1.txt", "Pi\xF1" "era\nbody");
  write_file(scratch / "notes.md", "not a .txt file");
  IngestReport report;
  std::vector<Document> documents = read_all(scratch.path(), &report);
  std::set<std::string> ids;
  for (const Document& d : documents) ids.insert(d.id);
  EXPECT_EQ(ids, (std::set<std::string>{"good", "nested/deeper", "latin1"}));
  ASSERT_EQ(report.skipped.size(), 2u);
  std::map<std::string, std::string> reasons;
  for (const SkippedInput& skip : report.skipped) reasons[skip.path.filename()] = skip.reason;
  EXPECT_EQ(reasons["empty.txt"], "empty file");
  EXPECT_EQ(reasons["binary.txt"], "binary file, not text");
  EXPECT_EQ(report.repaired, 1u);  // the Latin-1 byte became U+FFFD
}

TEST(Ingest, JsonLinesWithMalformedLinesReportsLineNumbers) {
  ScratchDir scratch("jsonl");
  write_file(scratch / "news.jsonl",
             "{\"id\": \"a\", \"title\": \"First\", \"body\": \"Alpha\", \"published\": \"2019-04-12\"}\n"
             "{not json\n"
             "\n"
             "{\"title\": \"no id\", \"body\": \"x\"}\n"
             "{\"id\": 7, \"title\": \"Numeric id\", \"text\": \"Cranfield style\"}\n"
             "{\"id\": \"b\", \"title\": \"Bad date\", \"body\": \"x\", \"published\": \"April\"}\n"
             "[1, 2]\n"
             "{\"id\": \"c\", \"title\": 5, \"body\": \"x\"}\n"
             "{\"id\": \"d\", \"title\": \"Dated\", \"body\": \"x\", \"published\": \"2019-04-15T08:00:00Z\", "
             "\"source\": \"Andina\", \"url\": \"https://example.org/d\"}\n"
             "{\"id\": \"e\", \"title\": \"Huge\", \"body\": \"x\", \"rank\": 3e999}\n");
  IngestReport report;
  std::vector<Document> documents = read_all(scratch / "news.jsonl", &report);
  ASSERT_EQ(documents.size(), 3u);
  EXPECT_EQ(documents[0].id, "a");
  EXPECT_TRUE(documents[0].published.has_value());
  EXPECT_EQ(documents[1].id, "7");
  EXPECT_EQ(documents[1].body, "Cranfield style");
  EXPECT_EQ(documents[2].source, "Andina");
  EXPECT_EQ(documents[2].published,
            std::chrono::sys_days(std::chrono::year(2019) / 4 / 15));
  std::vector<std::pair<std::size_t, std::string>> skipped;
  for (const SkippedInput& skip : report.skipped) skipped.emplace_back(skip.line, skip.reason);
  // Broken JSON: the parser's own words, where in the line it gave up.
  ASSERT_FALSE(skipped.empty());
  EXPECT_TRUE(skipped[0].second.starts_with("not valid JSON: parse error at column 3"))
      << skipped[0].second;
  skipped[0].second = "(broken)";
  EXPECT_EQ(skipped, (std::vector<std::pair<std::size_t, std::string>>{
                         {2, "(broken)"},
                         {4, "missing \"id\""},
                         {6, "\"published\" is not a date (YYYY-MM-DD): April"},
                         {7, "not a JSON object"},
                         {8, "\"title\" is not a string"},
                         {10, "not valid JSON: number overflow parsing '3e999'"}}));
}

TEST(Ingest, MissingInputIsNotFound) {
  auto result = read_documents("/no/such/place", [](Document&&) { return Status{}; });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(Ingest, UnknownFileTypeSaysWhatItReads) {
  ScratchDir scratch("unknown");
  write_file(scratch / "data.csv", "a,b");
  auto result = read_documents(scratch / "data.csv", [](Document&&) { return Status{}; });
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find(".jsonl"), std::string::npos);
}

TEST(Ingest, SinkErrorStopsReading) {
  int calls = 0;
  auto result = read_documents(kCorpusDir, [&](Document&&) -> Status {
    ++calls;
    return make_error(ErrorCode::kIoError, "disk full");
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.error().message, "disk full");
}

TEST(Ingest, IsoDates) {
  EXPECT_EQ(parse_iso_date("2019-04-12"), std::chrono::sys_days(std::chrono::year(2019) / 4 / 12));
  EXPECT_TRUE(parse_iso_date("2019-04-12T10:00:00Z"));
  EXPECT_FALSE(parse_iso_date("2019-02-30"));
  EXPECT_FALSE(parse_iso_date("12/04/2019"));
  EXPECT_FALSE(parse_iso_date("2019-04-123"));
}

}  // namespace
}  // namespace dossier::testing
