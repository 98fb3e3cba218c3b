#include "test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>

extern char** environ;

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

IndexState inspect(const std::filesystem::path& index) {
  IndexState state;
  auto searcher = Searcher::Open(index);
  if (!searcher) {
    state.problems.push_back("open: " + searcher.error().to_string());
    return state;
  }
  state.documents = *searcher->document_count();
  SearchRequest all;
  all.limit = 100000;
  all.snippet_bytes = 0;
  all.facet_values = 0;
  auto results = searcher->search(all);
  if (!results) {
    state.problems.push_back("search: " + results.error().to_string());
    return state;
  }
  state.hits = results->hits.size();
  for (const Hit& hit : results->hits) {
    state.ids.insert(hit.id);
    int batch = -1, doc = -1, run = -1;
    if (std::sscanf(hit.title.c_str(), "batch %d doc %d run %d", &batch, &doc, &run) != 3 ||
        hit.id != "batch-" + std::to_string(batch) + "-doc-" + std::to_string(doc)) {
      state.problems.push_back("unexpected document " + hit.id + ": " + hit.title);
      continue;
    }
    state.docs[batch].insert(doc);
    state.runs[batch].insert(run);
  }
  return state;
}


Child::Child(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
  static constexpr const char* kCrashIndexer = DOSSIER_CRASH_INDEXER;
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<std::string> argv_strings = {kCrashIndexer};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // This process's environment, with `environment` replacing same-named entries.
  std::vector<std::string> env_strings = environment;
  for (char** entry = environ; *entry; ++entry) {
    const char* equals = std::strchr(*entry, '=');
    std::size_t name_length = equals ? static_cast<std::size_t>(equals - *entry) + 1 : 0;
    bool replaced = false;
    for (const std::string& mine : environment) {
      replaced |= name_length && mine.compare(0, name_length, *entry, name_length) == 0;
    }
    if (!replaced) env_strings.emplace_back(*entry);
  }
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, kCrashIndexer, &actions, nullptr, argv.data(), envp.data()) == 0) {
    pid_ = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  stdin_ = in[1];
  stdout_ = out[0];
}

Child::~Child() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait();
  }
  close_stdin();
  if (stdout_ >= 0) close(stdout_);
}

void Child::close_stdin() {
  if (stdin_ >= 0) close(stdin_);
  stdin_ = -1;
}

std::string Child::read_line() {
  std::string line;
  char c;
  while (read(stdout_, &c, 1) == 1) {
    if (c == '\n') return line;
    line += c;
  }
  return line;
}

std::string Child::read_all() {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(stdout_, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  return text;
}

void Child::kill_now() { kill(pid_, SIGKILL); }

int Child::wait() {
  int status = 0;
  if (pid_ > 0) {
    waitpid(pid_, &status, 0);
    pid_ = -1;
    status_ = status;
  }
  return status_;
}

int Child::finish() {
  close_stdin();
  int status = wait();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace dossier::testing
