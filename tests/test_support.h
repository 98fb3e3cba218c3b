// Shared by the tests: scratch directories and a ready-made corpus index.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
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

// tests/crash_indexer.cc running as a child process, with its stdin and
// stdout piped; killed (SIGKILL) if still running when destroyed.
class Child {
 public:
  // `environment`: extra NAME=VALUE entries on top of this process's.
  explicit Child(const std::vector<std::string>& args,
                 const std::vector<std::string>& environment = {});
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  void close_stdin();
  // Reads one line of the child's output ("" at end of output).
  std::string read_line();
  // Reads the rest of the output; call after the child has exited.
  std::string read_all();
  void kill_now();
  // Waits for the child; returns the wait status.
  int wait();
  // Runs to the end; returns the exit code (-1 when killed by a signal).
  int finish();

 private:
  int pid_ = -1;
  int stdin_ = -1, stdout_ = -1;
  int status_ = 0;
};

// What a match-all search sees in an index crash_indexer's "index" mode wrote
// (ids "batch-K-doc-J", titles "batch K doc J run R").
struct IndexState {
  std::size_t documents = 0;            // Searcher::document_count()
  std::size_t hits = 0;                 // hits of a match-all search
  std::set<std::string> ids;            // distinct ids among them
  std::map<int, std::set<int>> docs;    // batch -> doc numbers present
  std::map<int, std::set<int>> runs;    // batch -> runs its titles name
  std::vector<std::string> problems;
};
IndexState inspect(const std::filesystem::path& index);

// The corpus's ids by their three-digit prefix.
inline const std::string k000 = "000_29f1b5e9948f4790";
inline const std::string k001 = "001_fe663377c6f19b6d";
inline const std::string k002 = "002_ed782968765d2fd4";
inline const std::string k003 = "003_ed480610dfd37d5c";
inline const std::string k004 = "004_d0d92e895ae6c51e";

}  // namespace dossier::testing
