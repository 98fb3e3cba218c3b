// Shared by the tests: scratch directories and a ready-made corpus index.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dossier/dossier.h"

namespace dossier::testing {

// A fresh directory under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& child) const { return path_ / child; }

 private:
  std::filesystem::path path_;
};

// Indexes corpus/ into `directory` (entities on) and commits.
void index_corpus(const std::filesystem::path& directory);

// The ids of the hits, as a set (for "which articles does it find").
std::set<std::string> hit_ids(const SearchResults& results);

// The highlighted words of a snippet, as written in it.
std::vector<std::string> highlighted_words(const Snippet& snippet);

inline const char* kCorpusDir = DOSSIER_CORPUS_DIR;

// Tests that read one index of corpus/, built once per test suite; each test
// gets its own Searcher.
class CorpusIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // Runs the request; a failure is reported and gives empty results.
  SearchResults search(const SearchRequest& request);

  std::optional<Searcher> searcher_;

 private:
  static ScratchDir* scratch_;
};

// The corpus's ids by their three-digit prefix.
inline const std::string k000 = "000_29f1b5e9948f4790";
inline const std::string k001 = "001_fe663377c6f19b6d";
inline const std::string k002 = "002_ed782968765d2fd4";
inline const std::string k003 = "003_ed480610dfd37d5c";
inline const std::string k004 = "004_d0d92e895ae6c51e";

}  // namespace dossier::testing
