// Bad input (issue 5), what the ingest readers meet: binary, empty, huge and
// mis-encoded files, malformed JSON Lines. Each is reported with its path (and
// line) and skipped; the rest is read.
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reliability_input_support.h"
#include "util/utf8.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::hit_ids;
using testing::ScratchDir;
using testing::write_file;

class BadFiles : public ::testing::Test {
 protected:
  ScratchDir scratch_{"bad-files"};
};

// The readers are public calls: an exception from the caller's sink (or
// std::bad_alloc) comes back as an error, never through them.
TEST_F(BadFiles, ASinkThatThrowsGivesAnErrorNotAnException) {
  const fs::path folder = scratch_ / "in";
  fs::create_directories(folder);
  write_file(folder / "a.txt", "A title\nA body.\n");
  write_file(scratch_ / "a.jsonl", "{\"id\": \"a\", \"title\": \"A title\"}\n");
  auto throwing_sink = [](Document&&) -> Status { throw std::runtime_error("sink broke"); };
  for (const fs::path& input : {folder, scratch_ / "a.jsonl", folder / "a.txt"}) {
    Result<IngestReport> report = make_error(ErrorCode::kInternal, "not run");
    EXPECT_NO_THROW(report = read_documents(input, throwing_sink)) << input;
    ASSERT_FALSE(report) << input;
    EXPECT_NE(report.error().message.find("sink broke"), std::string::npos)
        << report.error().message;
    EXPECT_NE(report.error().message.find(input.string()), std::string::npos)
        << report.error().message;
  }
  Result<IngestReport> report = make_error(ErrorCode::kInternal, "not run");
  EXPECT_NO_THROW(report = read_text_folder(folder, throwing_sink));
  EXPECT_FALSE(report);
  EXPECT_NO_THROW(report = read_json_lines(scratch_ / "a.jsonl", throwing_sink));
  EXPECT_FALSE(report);
}

TEST_F(BadFiles, TextFolderSkipsBinaryEmptyAndHugeFilesAndReadsTheRest) {
  const fs::path folder = scratch_ / "in";
  fs::create_directories(folder / "sub");
  write_file(folder / "good.txt", "A good title\nAnd a body about Pompeo.\n");
  write_file(folder / "empty.txt", "");
  write_file(folder / "blank.txt", "  \n\n\t\r\n");
  write_file(folder / "binary.txt", std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0garbage", 16));
  write_file(folder / "late-nul.txt", "Late NUL title\n" + std::string(9000, 'a') +
                                          std::string(1, '\0') + " tail words");
  write_file(folder / "latin1.txt", "Pi\xF1" "era visits\nSantiago de Chile, caf\xE9.\n");
  write_file(folder / "sub" / "crlf.txt", "Windows title\r\nWindows body\r\n");
  write_file(folder / "ignored.md", "not a .txt file");
  {  // Larger than the 64 MiB limit, without writing 64 MiB.
    std::ofstream(folder / "huge.txt").put('x');
    fs::resize_file(folder / "huge.txt", (64u << 20) + 1);
  }
  std::map<std::string, Document> read;
  auto report = read_text_folder(folder, [&](Document&& document) {
    read[document.id] = std::move(document);
    return Status{};
  });
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->documents, 4u);
  EXPECT_EQ(read.size(), 4u);
  ASSERT_TRUE(read.contains("good"));
  EXPECT_EQ(read["good"].title, "A good title");
  ASSERT_TRUE(read.contains("sub/crlf"));
  EXPECT_EQ(read["sub/crlf"].title, "Windows title");
  ASSERT_TRUE(read.contains("latin1"));
  EXPECT_TRUE(util::is_valid_utf8(read["latin1"].title));
  EXPECT_TRUE(util::is_valid_utf8(read["latin1"].body));
  ASSERT_TRUE(read.contains("late-nul"));
  EXPECT_EQ(read["late-nul"].body.find('\0'), std::string::npos);
  EXPECT_EQ(report->repaired, 2u);

  std::map<std::string, std::string> reasons;
  for (const SkippedInput& skipped : report->skipped) {
    reasons[skipped.path.filename().string()] = skipped.reason;
    EXPECT_EQ(skipped.line, 0u);
  }
  EXPECT_EQ(reasons.size(), 4u) << ::testing::PrintToString(reasons);
  EXPECT_NE(reasons["empty.txt"].find("empty"), std::string::npos);
  EXPECT_NE(reasons["blank.txt"].find("empty"), std::string::npos);
  EXPECT_NE(reasons["binary.txt"].find("binary"), std::string::npos);
  EXPECT_NE(reasons["huge.txt"].find("64 MiB"), std::string::npos);
}

TEST_F(BadFiles, MissingInputsAreNotFound) {
  auto sink = [](Document&&) { return Status{}; };
  auto folder = read_text_folder(scratch_ / "nope", sink);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::kNotFound);
  auto lines = read_json_lines(scratch_ / "nope.jsonl", sink);
  ASSERT_FALSE(lines);
  EXPECT_EQ(lines.error().code, ErrorCode::kNotFound);
  auto any = read_documents(scratch_ / "nope.txt", sink);
  ASSERT_FALSE(any);
  EXPECT_EQ(any.error().code, ErrorCode::kNotFound);
  write_file(scratch_ / "data.csv", "id,title\n");
  auto csv = read_documents(scratch_ / "data.csv", sink);
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(BadFiles, MalformedJsonLinesAreSkippedWithTheirLineNumbers) {
  std::string deep(100000, '[');
  std::vector<std::string> lines = {
      "\xEF\xBB\xBF{\"id\": \"bom\", \"title\": \"Starts with a byte order mark\"}",  // 1 ok
      "{\"id\": \"a\", \"title\": \"Alpha\", \"body\": \"first\"}",                  // 2 ok
      "{\"id\": \"b\", \"title\": \"Bravo\"",                                        // 3 truncated
      "not json at all",                                                             // 4
      "[1, 2, 3]",                                                                   // 5 not object
      "{\"id\": [1], \"title\": \"x\"}",                                             // 6 id type
      "{\"title\": \"no id\"}",                                                      // 7
      "{\"id\": \"c\"}",                                                             // 8 no text
      "{\"id\": \"d\", \"title\": \"Delta\", \"published\": \"2019-13-45\"}",        // 9 bad date
      "",                                                                            // 10 blank
      "{\"id\": 42, \"text\": \"numeric id and text for body\"}",                    // 11 ok
      "{\"id\": \"e\", \"title\": \"Echo \\u0000 nul\", \"body\": \"caf\xE9\"}\r",   // 12 ok, CRLF
      deep,                                                                          // 13 deep
      "{\"id\": \"f\", \"title\": \"Foxtrot\", \"body\": \"" + std::string(5 << 20, 'y') +
          " end\"}",                                                                 // 14 ok, 5 MB
      "{\"id\": \"g\", \"title\": \"Golf\", \"body\": 12}",                          // 15 body type
      "{\"id\": \"h\", \"title\": \"\\ud800 lone surrogate\"}",                      // 16 ?
      "{\"id\": \"i\", \"title\": \"India\", \"published\": \"2019-04-12T10:00:00Z\"}",  // 17 ok
      "{\"id\": \"j\", \"title\": \"no newline at the end\"}",                        // 18 ok
  };
  std::string content;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    content += lines[i];
    if (i + 1 < lines.size()) content += "\n";
  }
  const fs::path file = scratch_ / "articles.jsonl";
  write_file(file, content);

  const fs::path index = scratch_ / "index";
  auto writer = IndexWriter::Open(index);
  ASSERT_TRUE(writer);
  std::set<std::string> ids;
  auto report = read_documents(file, [&](Document&& document) {
    ids.insert(document.id);
    EXPECT_TRUE(util::is_valid_utf8(document.title));
    EXPECT_EQ(document.title.find('\0'), std::string::npos);
    return writer->add_or_replace(std::move(document));
  });
  ASSERT_TRUE(report) << report.error().to_string();
  ASSERT_TRUE(writer->commit());

  std::map<std::size_t, std::string> skipped;
  for (const SkippedInput& skip : report->skipped) {
    EXPECT_EQ(skip.path, file);
    EXPECT_FALSE(skip.reason.empty());
    skipped[skip.line] = skip.reason;
  }
  for (std::size_t line : {3, 4, 5, 6, 7, 8, 9, 13, 15}) {
    EXPECT_TRUE(skipped.contains(line)) << "line " << line << " should be skipped";
  }
  EXPECT_NE(skipped[6].find("\"id\""), std::string::npos) << skipped[6];
  EXPECT_NE(skipped[7].find("id"), std::string::npos) << skipped[7];
  EXPECT_NE(skipped[9].find("date"), std::string::npos) << skipped[9];
  EXPECT_FALSE(skipped.contains(10)) << "blank lines are not errors";
  for (const char* id : {"bom", "a", "42", "e", "f", "i", "j"}) {
    EXPECT_TRUE(ids.contains(id)) << id << " should be read";
  }
  // Line 16 (a lone surrogate escape) is either skipped or repaired.
  EXPECT_NE(skipped.contains(16), ids.contains("h"));
  EXPECT_EQ(report->documents, ids.size());

  writer = make_error(ErrorCode::kInternal, "closed");
  auto searcher = Searcher::Open(index);
  ASSERT_TRUE(searcher);
  EXPECT_EQ(searcher->document_count(), ids.size());
  auto results = searcher->search(SearchRequest{.query = "foxtrot"});
  ASSERT_TRUE(results);
  EXPECT_EQ(hit_ids(*results), std::set<std::string>{"f"});
}

}  // namespace
}  // namespace dossier
