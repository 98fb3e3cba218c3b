// Shared by the bad-input tests (issue 5, reliability_*_test.cc): files
// written and read whole, and WithIndex, an index of corpus/ that a test
// damages or feeds, then checks that nothing already indexed was lost.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "dossier/dossier.h"
#include "test_support.h"

namespace dossier::testing {

namespace fs = std::filesystem;

inline void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

inline std::string read_file(const fs::path& path) {
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

}  // namespace dossier::testing
