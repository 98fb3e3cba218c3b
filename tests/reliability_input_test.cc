// Bad input (issue 5): every kind gets a clear error or a documented repair,
// and nothing already indexed is lost.
//  - BadText: text handed to IndexWriter (invalid UTF-8, NUL bytes, words past
//    the engine's term limit, a 50 MB article, empty articles, bad ids);
//  - BadFiles: what the ingest readers meet (binary, empty, huge and
//    mis-encoded files, malformed JSON Lines);
//  - BadQuery: query text (unbalanced quotes and parentheses, unknown fields,
//    thousands of terms, deep nesting) and other search requests;
//  - BadIndex: an index directory that is missing, not an index, made with
//    other analysis settings or by a future format version, or damaged.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/schema.h"
#include "test_support.h"
#include "util/utf8.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::hit_ids;
using testing::ScratchDir;

void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// An index holding the corpus plus one document, for "nothing is lost".
class WithIndex : public ::testing::Test {
 protected:
  void SetUp() override { testing::index_corpus(index_); }

  // The corpus is still there, searchable and readable.
  void expect_corpus_intact() {
    auto searcher = Searcher::Open(index_);
    ASSERT_TRUE(searcher) << searcher.error().to_string();
    EXPECT_GE(*searcher->document_count(), 5u);
    auto results = searcher->search(SearchRequest{.query = "pompeo"});
    ASSERT_TRUE(results) << results.error().to_string();
    EXPECT_TRUE(hit_ids(*results).contains(testing::k000));
    auto document = searcher->get(testing::k000);
    ASSERT_TRUE(document) << document.error().to_string();
    EXPECT_NE(document->body.find("Pompeo"), std::string::npos);
  }

  Searcher searcher() {
    auto opened = Searcher::Open(index_);
    EXPECT_TRUE(opened) << opened.error().to_string();
    return std::move(*opened);
  }

  // Indexes documents into the corpus index and commits.
  void add(std::vector<Document> documents) {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
    for (Document& document : documents) {
      Status added = writer->add_or_replace(std::move(document));
      ASSERT_TRUE(added) << added.error().to_string();
    }
    Status committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }

  ScratchDir scratch_{"bad-input"};
  fs::path index_ = scratch_ / "index";
};

// ---------------------------------------------------------------- BadText

using BadText = WithIndex;

TEST_F(BadText, InvalidUtf8IsReplacedAndTheRestIndexed) {
  add({Document{.id = "bad-utf8",
                .title = "Caf\xC3 \xFF title",
                .body = "overlong \xC0\xAF then surrogate \xED\xA0\x80 then "
                        "truncated \xE2\x82 zanzibar \xF5\x80\x80\x80 end",
                .source = "Wire \xFE",
                .url = "http://example.com/\xFF"}});
  Searcher reader = searcher();
  auto document = reader.get("bad-utf8");
  ASSERT_TRUE(document) << document.error().to_string();
  for (const std::string* field : {&document->title, &document->body, &document->source,
                                   &document->url}) {
    EXPECT_TRUE(util::is_valid_utf8(*field)) << *field;
    EXPECT_NE(field->find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD marks the repair";
  }
  auto results = reader.search(SearchRequest{.query = "zanzibar"});
  ASSERT_TRUE(results) << results.error().to_string();
  ASSERT_EQ(hit_ids(*results), std::set<std::string>{"bad-utf8"});
  EXPECT_TRUE(util::is_valid_utf8(results->hits[0].snippet.text));
  expect_corpus_intact();
}

TEST_F(BadText, NulBytesBecomeSpaces) {
  add({Document{.id = "nul",
                .title = std::string("nul\0title", 9),
                .body = std::string("alpha\0bravo\0\0charlie", 20)}});
  Searcher reader = searcher();
  auto document = reader.get("nul");
  ASSERT_TRUE(document);
  EXPECT_EQ(document->body, "alpha bravo  charlie");
  EXPECT_EQ(document->title, "nul title");
  for (const char* word : {"alpha", "bravo", "charlie", "title"}) {
    auto results = reader.search(SearchRequest{.query = word});
    ASSERT_TRUE(results);
    EXPECT_EQ(hit_ids(*results), std::set<std::string>{"nul"}) << word;
  }
}

TEST_F(BadText, WordsPastTheTermLimitAreSkipped) {
  // Xapian's limit is 245 bytes per term; Dossier skips words over 64 bytes.
  std::string body = "zebulon ";
  for (std::size_t length : {65, 200, 245, 246, 300, 5000, 100000}) {
    body += std::string(length, 'x') + " ";
  }
  // Multi-byte letters whose case folding grows them.
  std::string greek;
  for (int i = 0; i < 21; ++i) greek += "\xE1\xBE\x88";  // U+1F88, folds to two code points
  body += greek + " " + greek + greek + " quixotic";
  Document document{.id = "long-words", .title = std::string(1000, 'T') + " heading",
                    .body = body, .source = std::string(500, 's') + " agency"};
  for (bool fold_accents : {true, false}) {
    ScratchDir other("long-words");
    IndexOptions options;
    options.analysis.fold_accents = fold_accents;
    auto writer = IndexWriter::Open(other / "index", options);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(document));
    Status committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  add({document});
  Searcher reader = searcher();
  for (const char* query : {"zebulon", "quixotic", "heading", "source:agency"}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << query << ": " << results.error().to_string();
    EXPECT_EQ(hit_ids(*results), std::set<std::string>{"long-words"}) << query;
  }
  // Searching for the long words is no error, and finds nothing by them.
  for (const std::string& query : {std::string(300, 'x'), std::string(5000, 'x'),
                                   std::string(300, 'x') + "*", "title:" + std::string(300, 'T'),
                                   "\"" + std::string(300, 'x') + " quixotic\""}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << results.error().to_string();
  }
  expect_corpus_intact();
}

TEST_F(BadText, FiftyMegabyteArticle) {
  constexpr std::size_t kBytes = 50u << 20;
  Document big{.id = "big", .title = "The whole archive in one article"};
  big.body.reserve(kBytes + 64);
  big.body = "Openingword ";
  static const char* const kWords[] = {"government ", "market ", "river ", "talks ",
                                       "minister ", "rain ",   "crowd ", "vote "};
  for (std::size_t i = 0; big.body.size() < kBytes; ++i) {
    big.body += kWords[(i * 2654435761u >> 7) % 8];
    if (i % 13 == 0) big.body += "said. ";
  }
  big.body += "Closingword";
  const std::size_t size = big.body.size();
  auto started = std::chrono::steady_clock::now();
  {
    // With entities on, as a user would have it: recognition reads only the
    // first MiB (entities::kMaxRecognizedBytes), so the size costs no more.
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(std::move(big)));
    Status committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("index_seconds", std::to_string(seconds));

  Searcher reader = searcher();
  for (const char* word : {"openingword", "closingword", "government"}) {
    auto results = reader.search(SearchRequest{.query = word});
    ASSERT_TRUE(results) << results.error().to_string();
    EXPECT_TRUE(hit_ids(*results).contains("big")) << word;
  }
  auto document = reader.get("big");
  ASSERT_TRUE(document);
  EXPECT_EQ(document->body.size(), size);
  expect_corpus_intact();
}

TEST_F(BadText, EmptyArticleIsIndexed) {
  add({Document{.id = "empty"}, Document{.id = "blank", .title = "  \n\t ", .body = "\n\n"}});
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("empty"));
  EXPECT_TRUE(reader.get("blank"));
  auto all = reader.search(SearchRequest{.limit = 100});
  ASSERT_TRUE(all);
  EXPECT_TRUE(hit_ids(*all).contains("empty"));
  EXPECT_EQ(reader.document_count(), 7u);
}

TEST_F(BadText, BadIdsAreRejectedAndTheWriterGoesOn) {
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  auto empty = writer->add_or_replace(Document{.id = "", .title = "no id"});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto too_long = writer->add_or_replace(Document{.id = std::string(201, 'i')});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(writer->remove(""));
  ASSERT_TRUE(writer->add_or_replace(Document{.id = std::string(200, 'i'), .title = "longest id"}));
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "good", .title = "still indexing"}));
  Status committed = writer->commit();
  ASSERT_TRUE(committed) << committed.error().to_string();
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("good"));
  EXPECT_TRUE(reader.get(std::string(200, 'i')));
  EXPECT_EQ(reader.document_count(), 7u);
}

// Ids are bytes: one with NUL bytes or invalid UTF-8 either round-trips or is
// refused by add_or_replace; it must never break the commit of the others.
// (Glass stores a NUL in a term as two bytes, so an id of 150 NULs would pass
// a plain 200-byte check and then fail commit(): validate_id refuses NULs.)
TEST_F(BadText, IdsWithNulBytesRoundTripOrAreRefused) {
  const std::vector<std::string> ids = {std::string("nul\0id", 6), std::string(150, '\0'),
                                        std::string(200, '\0'), "bad\xFFid"};
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  std::vector<std::string> accepted;
  for (const std::string& id : ids) {
    auto added = writer->add_or_replace(Document{.id = id, .title = "odd id"});
    if (added) {
      accepted.push_back(id);
    } else {
      EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument) << added.error().to_string();
    }
  }
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "good", .title = "good id"}));
  Status committed = writer->commit();
  ASSERT_TRUE(committed) << "an id add_or_replace accepted broke the commit: "
                         << committed.error().to_string();
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("good"));
  for (const std::string& id : accepted) {
    auto document = reader.get(id);
    ASSERT_TRUE(document) << document.error().to_string();
    EXPECT_EQ(document->id, id);
  }
  expect_corpus_intact();
}

// A commit is all or nothing, even when it fails: a commit() the engine cannot
// write (here a directory stands where Glass writes its new version file)
// fails, publishes nothing of what was queued, also not through a later
// commit(), and the writer carries on from the last commit.
TEST_F(BadText, FailedCommitPublishesNothingHalfDone) {
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  // More than one writer batch (256), so part of it is in the engine already.
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(writer->add_or_replace(
        Document{.id = "queued-" + std::to_string(i), .title = "queued before the failure"}));
  }
  const fs::path blocker = index_ / "v.tmp";
  fs::create_directory(blocker);
  Status failed = writer->commit();
  fs::remove(blocker);
  ASSERT_FALSE(failed) << "the commit was meant to fail";
  EXPECT_EQ(failed.error().code, ErrorCode::kIoError) << failed.error().to_string();
  EXPECT_NE(failed.error().message.find("v.tmp"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("every change since the last commit was discarded"),
            std::string::npos)
      << failed.error().message;
  Status second = writer->commit();
  ASSERT_TRUE(second) << second.error().to_string();
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "after", .title = "added after"}));
  ASSERT_TRUE(writer->commit());
  writer = make_error(ErrorCode::kInternal, "closed");
  Searcher reader = searcher();
  EXPECT_TRUE(reader.get("after"));
  for (int i : {0, 255, 256, 299}) {
    EXPECT_FALSE(reader.get("queued-" + std::to_string(i))) << "a failed commit published " << i;
  }
  EXPECT_EQ(reader.document_count(), 6u);
  expect_corpus_intact();
}

// ---------------------------------------------------------------- BadFiles

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

// ---------------------------------------------------------------- BadQuery

using BadQuery = WithIndex;

TEST_F(BadQuery, SyntaxErrorsSayWhereAndTheSearcherGoesOn) {
  Searcher reader = searcher();
  const std::vector<std::string> bad = {
      "\"mike pompeo",  "pompeo \"",     "(pompeo",       "pompeo)",     "((pompeo) chile",
      "pompeo))",       "\xE2\x80\x9Cpompeo", "pompeo OR",  "AND pompeo",  "NOT",
      "pompeo NOT",     "pompeo NEAR",   "NEAR/0 x",    "a NEAR/5000 b",
      "pompeo NEAR (chile peru)",        "OR",            "pompeo AND OR chile",
      "title:\"unclosed",
  };
  for (const std::string& query : bad) {
    auto results = reader.search(SearchRequest{.query = query});
    if (results) {
      ADD_FAILURE() << "\"" << query << "\" was accepted";
      continue;
    }
    EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax) << query;
    EXPECT_LE(results.error().position, query.size()) << query;
    EXPECT_FALSE(results.error().message.empty());
  }
  // ( is reported where it is.
  auto paren = reader.search(SearchRequest{.query = "chile (pompeo"});
  ASSERT_FALSE(paren);
  EXPECT_EQ(paren.error().position, 6u);
  // The searcher still works.
  auto results = reader.search(SearchRequest{.query = "pompeo"});
  ASSERT_TRUE(results);
  EXPECT_FALSE(results->hits.empty());
}

TEST_F(BadQuery, UnknownFieldsAreNamed) {
  Searcher reader = searcher();
  auto results = reader.search(SearchRequest{.query = "chile autor:pompeo"});
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
  EXPECT_EQ(results.error().position, 6u);
  EXPECT_NE(results.error().message.find("unknown field \"autor\""), std::string::npos)
      << results.error().message;
  EXPECT_NE(results.error().message.find("title"), std::string::npos)
      << "the message lists the known fields: " << results.error().message;
  // Colons that do not name a field are text.
  for (const char* text : {"Update: pompeo", "10:30 pompeo", "pompeo :", "TITLE:pompeo"}) {
    auto ok = reader.search(SearchRequest{.query = text});
    EXPECT_TRUE(ok) << text << ": " << ok.error().to_string();
  }
}

TEST_F(BadQuery, ThousandsOfTermsAreRefusedClearly) {
  Searcher reader = searcher();
  auto words = [](int count, const std::string& joiner, const std::string& suffix = "") {
    std::string query;
    for (int i = 0; i < count; ++i) {
      if (i) query += joiner;
      query += "w" + std::to_string(i) + suffix;
    }
    return query;
  };
  for (const std::string& query : {words(5000, " "), words(3000, " OR "),
                                   "\"" + words(2000, " ") + "\"", words(1500, " ", "*")}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_FALSE(results);
    EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
    EXPECT_NE(results.error().message.find("more than 1000 words"), std::string::npos)
        << results.error().message;
  }
  // Up to the limit they work, and quickly.
  auto started = std::chrono::steady_clock::now();
  for (const std::string& query : {words(999, " ") + " pompeo", words(999, " OR ") + " OR pompeo",
                                   words(999, " ", "*") + " pompeo"}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << results.error().to_string();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
            30.0);
  // More than 64 KiB of text.
  auto huge = reader.search(SearchRequest{.query = std::string(70000, 'a')});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kQuerySyntax);
}

// Nesting is bounded by the 64 KiB query limit, not by the stack: deep
// parentheses get an answer or a syntax error, never a crash. Runs on a thread
// with a 1 MiB stack, as a host's worker thread may have.
void search_nested(Searcher& reader, std::initializer_list<std::size_t> depths) {
  for (std::size_t depth : depths) {
    std::string query = std::string(depth, '(') + "pompeo" + std::string(depth, ')');
    std::optional<Result<SearchResults>> results;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 1 << 20);
    pthread_t thread;
    struct Job {
      Searcher* reader;
      std::string* query;
      std::optional<Result<SearchResults>>* results;
    } job{&reader, &query, &results};
    ASSERT_EQ(pthread_create(
                  &thread, &attributes,
                  [](void* arg) -> void* {
                    auto* job = static_cast<Job*>(arg);
                    job->results->emplace(job->reader->search(SearchRequest{.query = *job->query}));
                    return nullptr;
                  },
                  &job),
              0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
    ASSERT_TRUE(results.has_value());
    if (*results) {
      EXPECT_TRUE(hit_ids(**results).contains(testing::k000)) << depth;
    } else {
      EXPECT_EQ(results->error().code, ErrorCode::kQuerySyntax) << depth;
    }
  }
}

TEST_F(BadQuery, NestedParentheses) {
  Searcher reader = searcher();
  search_nested(reader, {1, 10, 100});
}

// 30000 nested parentheses (60 KB, under the 64 KiB query limit) would
// overflow the stack of an unbounded recursive parser; the parser refuses
// nesting deeper than 100 with kQuerySyntax.
TEST_F(BadQuery, DeeplyNestedParenthesesDoNotOverflowTheStack) {
  Searcher reader = searcher();
  search_nested(reader, {30000});
}

TEST_F(BadQuery, OddRequestsAreAnsweredNotCrashed) {
  Searcher reader = searcher();
  // Entity filters naming nothing known, or longer than any term can be.
  for (const std::string& name : {std::string("nobody at all"), std::string(1000, 'z'),
                                  std::string("\xFF\xFE"), std::string()}) {
    SearchRequest request{.query = "pompeo", .filters = {{EntityKind::kPerson, name}}};
    auto results = reader.search(request);
    if (results) {
      EXPECT_TRUE(results->hits.empty()) << name;
    } else {
      EXPECT_NE(results.error().code, ErrorCode::kInternal) << results.error().to_string();
    }
    auto in_query = reader.search(SearchRequest{.query = "person:" + name});
    if (!in_query) EXPECT_EQ(in_query.error().code, ErrorCode::kQuerySyntax) << name;
  }
  // A date range that is empty, paging far past the end, huge limits.
  SearchRequest reversed{.query = "pompeo"};
  reversed.published_from = std::chrono::sys_days(std::chrono::year(2020) / 1 / 1);
  reversed.published_to = std::chrono::sys_days(std::chrono::year(2019) / 1 / 1);
  auto none = reader.search(reversed);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->hits.empty());
  auto far = reader.search(SearchRequest{.query = "pompeo", .offset = 1000000});
  ASSERT_TRUE(far);
  EXPECT_TRUE(far->hits.empty());
  auto wide = reader.search(SearchRequest{.query = "pompeo", .limit = SIZE_MAX,
                                          .snippet_bytes = SIZE_MAX, .facet_values = SIZE_MAX});
  ASSERT_TRUE(wide) << wide.error().to_string();
  EXPECT_FALSE(wide->hits.empty());
  // Binary and invalid UTF-8 query text.
  for (const std::string& query : {std::string("pompeo\0chile", 12), std::string("\xFF\xFE\xFD"),
                                   std::string("caf\xC3"), std::string("\xE2\x80")}) {
    auto results = reader.search(SearchRequest{.query = query});
    if (!results) EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax) << query;
  }
  // Ids that cannot exist.
  for (const std::string& id : {std::string(), std::string(1000, 'q'), std::string("\0", 1)}) {
    auto document = reader.get(id);
    ASSERT_FALSE(document);
    EXPECT_EQ(document.error().code, ErrorCode::kNotFound) << document.error().to_string();
  }
  auto suggestions = reader.suggest_entities(std::string(10000, 'p'));
  ASSERT_TRUE(suggestions);
  EXPECT_TRUE(suggestions->empty());
}

// Paging: an offset past 4 Gi must not wrap around to the first page, nor a
// limit of 4 Gi to zero hits.
// (Xapian::doccount is 32 bits: the searcher clamps offset and limit first.)
TEST_F(BadQuery, HugeOffsetAndLimitDoNotWrapAround) {
  Searcher reader = searcher();
  SearchRequest request{.query = "pompeo"};
  request.offset = std::size_t{1} << 32;
  auto results = reader.search(request);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_TRUE(results->hits.empty()) << "offset 2^32 returned the first page";
  request.offset = 0;
  request.limit = std::size_t{1} << 32;
  results = reader.search(request);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_FALSE(results->hits.empty()) << "limit 2^32 returned no hits";
}

// ---------------------------------------------------------------- BadIndex

using BadIndex = WithIndex;

TEST_F(BadIndex, MissingDirectory) {
  const fs::path missing = scratch_ / "missing";
  auto searcher = Searcher::Open(missing);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kNotFound);
  EXPECT_NE(searcher.error().message.find(missing.string()), std::string::npos);
  IndexOptions no_create;
  no_create.create_if_missing = false;
  auto writer = IndexWriter::Open(missing, no_create);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(missing));
  // Shards: one missing shard fails the whole open, by name.
  auto shards = Searcher::Open(std::vector<std::string>{index_.string(), missing.string()});
  ASSERT_FALSE(shards);
  EXPECT_EQ(shards.error().code, ErrorCode::kNotFound);
  // Created on demand, in a parent that does not exist yet either.
  auto created = IndexWriter::Open(missing / "deeper");
  ASSERT_TRUE(created) << created.error().to_string();
}

TEST_F(BadIndex, NotAnIndexIsRefusedAndLeftAlone) {
  const fs::path folder = scratch_ / "photos";
  fs::create_directories(folder);
  write_file(folder / "holiday.jpg", "\xFF\xD8\xFF\xE0 jpeg");
  auto writer = IndexWriter::Open(folder);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(writer.error().message.find("not a Dossier index"), std::string::npos);
  auto searcher = Searcher::Open(folder);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
  EXPECT_EQ(read_file(folder / "holiday.jpg"), "\xFF\xD8\xFF\xE0 jpeg");

  // A file where the index should be.
  const fs::path file = scratch_ / "notes.txt";
  write_file(file, "notes");
  auto on_file = IndexWriter::Open(file);
  ASSERT_FALSE(on_file);
  EXPECT_EQ(on_file.error().code, ErrorCode::kInvalidArgument);
  auto search_file = Searcher::Open(file);
  ASSERT_FALSE(search_file);
  EXPECT_EQ(read_file(file), "notes");

  // A Xapian database that Dossier did not write.
  const fs::path foreign = scratch_ / "foreign";
  {
    Xapian::WritableDatabase database(foreign.string(), Xapian::DB_CREATE);
    Xapian::Document document;
    document.add_term("hello");
    database.add_document(document);
    database.commit();
  }
  auto foreign_writer = IndexWriter::Open(foreign);
  ASSERT_FALSE(foreign_writer);
  EXPECT_EQ(foreign_writer.error().code, ErrorCode::kIncompatible);
  auto foreign_searcher = Searcher::Open(foreign);
  ASSERT_FALSE(foreign_searcher);
  EXPECT_EQ(foreign_searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_EQ(Xapian::Database(foreign.string()).get_doccount(), 1u);
}

TEST_F(BadIndex, OtherAnalysisSettingsAreRefused) {
  for (auto change : {+[](IndexOptions& o) { o.analysis.language = "french"; },
                      +[](IndexOptions& o) { o.analysis.fold_accents = false; },
                      +[](IndexOptions& o) { o.analysis.language = "none"; }}) {
    IndexOptions options;
    change(options);
    auto writer = IndexWriter::Open(index_, options);
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
    EXPECT_NE(writer.error().message.find("language=english"), std::string::npos)
        << "the message says what the index was made with: " << writer.error().message;
  }
  IndexOptions unknown;
  unknown.analysis.language = "klingon";
  auto writer = IndexWriter::Open(index_, unknown);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(writer.error().message.find("klingon"), std::string::npos);
  expect_corpus_intact();
  // Shards made with different settings are not searched as one.
  const fs::path french = scratch_ / "french";
  IndexOptions options;
  options.analysis.language = "french";
  ASSERT_TRUE(IndexWriter::Open(french, options));
  auto shards = Searcher::Open(std::vector<std::string>{index_.string(), french.string()});
  ASSERT_FALSE(shards);
  EXPECT_EQ(shards.error().code, ErrorCode::kIncompatible);
}

// Rewrites the stored settings behind Dossier's back, as a future version of
// Dossier (or damage) would leave them.
void set_settings(const fs::path& index, const std::string& settings) {
  Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
  database.set_metadata(std::string(index::kSettingsKey), settings);
  database.commit();
}

TEST_F(BadIndex, FutureFormatVersionIsRefusedAndLeftAlone) {
  const std::string original =
      Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey));
  const std::string current = "format=" + std::to_string(index::kFormatVersion);
  const std::string next = std::to_string(index::kFormatVersion + 1);
  ASSERT_NE(original.find(current + "\n"), std::string::npos) << original;
  std::string future = original;
  future.replace(future.find(current), current.size(), "format=" + next);
  set_settings(index_, future + "new_option=7\n");

  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(writer.error().message.find("format version " + next), std::string::npos)
      << writer.error().message;
  auto searcher = Searcher::Open(index_);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(searcher.error().message.find("format version " + next), std::string::npos);
  // The failed opens changed nothing.
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            future + "new_option=7\n");
  EXPECT_EQ(Xapian::Database(index_.string()).get_doccount(), 5u);

  set_settings(index_, original);
  expect_corpus_intact();
}

TEST_F(BadIndex, OlderFormatIsReadAndMarkedCurrentByAWriter) {
  const std::string original =
      Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey));
  const std::string current = "format=" + std::to_string(index::kFormatVersion);
  const std::string older = "format=" + std::to_string(index::kOldestReadableFormat);
  ASSERT_LT(index::kOldestReadableFormat, index::kFormatVersion);
  std::string previous = original;
  previous.replace(previous.find(current), current.size(), older);
  set_settings(index_, previous);

  auto searcher = Searcher::Open(index_);
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            previous) << "a reader changes nothing";
  {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
  }
  EXPECT_EQ(Xapian::Database(index_.string()).get_metadata(std::string(index::kSettingsKey)),
            original) << "a writer marks the index with the current version";
  expect_corpus_intact();
}

TEST_F(BadIndex, DamagedSettingsAreCorruption) {
  set_settings(index_, "\x01\x02 garbage without an equals sign");
  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kCorruption);
  auto searcher = Searcher::Open(index_);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kCorruption);
}

// Damaged files: an error, never a crash. With `strict`, the error must also
// say the index is damaged or unreadable (kCorruption, kIncompatible or
// kIoError), not kInternal.
// With `scramble`, tables are also overwritten with garbage of the same size.
void check_damaged_files(const fs::path& index, bool strict, bool scramble) {
  auto open_and_search = [&]() -> Status {
    auto searcher = Searcher::Open(index);
    if (!searcher) return std::unexpected(searcher.error());
    auto results = searcher->search(SearchRequest{.query = "pompeo", .limit = 100});
    if (!results) return std::unexpected(results.error());
    for (const Hit& hit : results->hits) {
      auto document = searcher->get(hit.id);
      if (!document) return std::unexpected(document.error());
    }
    return {};
  };
  auto check = [&](const Status& status, const std::string& what) {
    if (status) return;  // damage in a part this search does not read
    EXPECT_FALSE(status.error().message.empty()) << what;
    if (strict) {
      EXPECT_TRUE(status.error().code == ErrorCode::kCorruption ||
                  status.error().code == ErrorCode::kIncompatible ||
                  status.error().code == ErrorCode::kIoError)
          << what << ": " << status.error().to_string();
    }
  };
  ASSERT_TRUE(open_and_search());
  // The version file.
  const std::string version = read_file(index / "iamglass");
  write_file(index / "iamglass", "this is not a glass version file");
  Status damaged = open_and_search();
  ASSERT_FALSE(damaged);
  check(damaged, "iamglass");
  EXPECT_FALSE(IndexWriter::Open(index));
  write_file(index / "iamglass", version);
  ASSERT_TRUE(open_and_search());

  // A table truncated (then, with `scramble`, overwritten with garbage).
  for (const char* table : {"postlist.glass", "docdata.glass", "termlist.glass"}) {
    const std::string original = read_file(index / table);
    write_file(index / table, original.substr(0, original.size() / 2));
    check(open_and_search(), std::string(table) + " truncated");
    if (!scramble) {
      write_file(index / table, original);
      continue;
    }
    std::string garbage = original;
    for (std::size_t i = 0; i < garbage.size(); i += 7) garbage[i] = static_cast<char>(i * 31);
    write_file(index / table, garbage);
    check(open_and_search(), std::string(table) + " scrambled");
    write_file(index / table, original);
  }
}

TEST_F(BadIndex, DamagedFilesGiveErrorsNotCrashes) {
  check_damaged_files(index_, true, false);
  expect_corpus_intact();
}


}  // namespace
}  // namespace dossier
