#include "test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

namespace dossier::testing {

ScratchDir::ScratchDir(const std::string& name) {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("dossier-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
           name);
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void index_corpus(const std::filesystem::path& directory) {
  auto writer = IndexWriter::Open(directory);
  ASSERT_TRUE(writer) << writer.error().to_string();
  auto report = read_text_folder(kCorpusDir, [&](Document&& document) {
    return writer->add_or_replace(std::move(document));
  });
  ASSERT_TRUE(report) << report.error().to_string();
  ASSERT_EQ(report->documents, 5u);
  ASSERT_TRUE(writer->commit());
}

ScratchDir* CorpusIndexTest::scratch_ = nullptr;

void CorpusIndexTest::SetUpTestSuite() {
  scratch_ = new ScratchDir("corpus");
  index_corpus(scratch_->path() / "index");
}

void CorpusIndexTest::TearDownTestSuite() {
  delete scratch_;
  scratch_ = nullptr;
}

void CorpusIndexTest::SetUp() {
  auto opened = Searcher::Open(scratch_->path() / "index");
  ASSERT_TRUE(opened) << opened.error().to_string();
  searcher_.emplace(std::move(*opened));
}

SearchResults CorpusIndexTest::search(const SearchRequest& request) {
  auto results = searcher_->search(request);
  EXPECT_TRUE(results) << request.query << ": " << results.error().to_string();
  return results ? *results : SearchResults{};
}

std::set<std::string> hit_ids(const SearchResults& results) {
  std::set<std::string> ids;
  for (const Hit& hit : results.hits) ids.insert(hit.id);
  return ids;
}

std::vector<std::string> highlighted_words(const Snippet& snippet) {
  std::vector<std::string> words;
  for (auto [begin, end] : snippet.highlights) words.push_back(snippet.text.substr(begin, end - begin));
  return words;
}

}  // namespace dossier::testing
