// A helper program for the reliability tests (tests/reliability_process_test.cc):
// the tests run it as a separate process so that it can be killed, can hold
// an index's write lock, or can run under limits the test process must not
// take on itself.
//
//   crash_indexer [options] index DIR RUN BATCHES DOCS
//       Indexes BATCHES batches of DOCS generated articles (ids
//       "batch-K-doc-J", titles "batch K doc J run RUN"), committing after each
//       batch and printing "committed K" only after commit() has returned.
//       Every run re-adds everything with add_or_replace, so rerunning it
//       resumes an interrupted job.
//       With --keep-going, a batch that fails is reported as "failed K <code>:
//       <message>" and the job goes on with the next batch. Under the fault
//       shim (tests/fault_injection/fault_shim.c) it also prints
//       "adding K W V S" before a batch's first article and "committing K W
//       V S" before its commit(): the file writes made so far, W in all, V
//       to postlist.glass (where Xapian writes values) and S to
//       spelling.glass. The writes between the two lines are the ones Xapian
//       made while the articles were added.
//   crash_indexer [options] open-writer DIR
//       Opens an IndexWriter; prints "opened", or the error code and message.
//   crash_indexer [options] env-after-open DIR NAME
//       Opens an IndexWriter, then prints "NAME=value" or "NAME unset": the
//       library must not change the process environment.
//   crash_indexer [options] hold-lock DIR
//       Opens an IndexWriter, prints "locked", and holds it until stdin closes.
//   crash_indexer [options] search DIR WORD
//       Prints "hits N" for a search, or the error.
//   crash_indexer [options] add-big DIR COUNT BYTES
//       Adds COUNT documents ("big-I") of about BYTES bytes each and commits.
//
// Options (before the mode):
//   --as-nobody       switch to uid/gid 65534 first (when run as root), so the
//                     index directory is read-only for this process.
//   --keep-going      see "index".
//   --no-entities     "index" without entity recognition (faster).
//   --made-up-words   "index" with 25 words of each article new to the
//                     spelling dictionary (65,000 in a batch of 2,600).
//   --max-file-size N setrlimit(RLIMIT_FSIZE, N) with SIGXFSZ ignored: writes
//                     past N bytes fail with EFBIG, like a full disk.
//
// Exit status: 0 success, 1 usage or unexpected failure, 2 a Dossier error
// (printed as "error <code>: <message>"), 3 kLocked.
#include <dlfcn.h>
#include <grp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "dossier/dossier.h"
#include "made_up_words.h"

namespace {

using namespace dossier;
using dossier::testing::kMadeUpWordsPerArticle;
using dossier::testing::made_up_word;

int fail(const Error& error) {
  std::printf("error %s: %s\n", to_string(error.code), error.message.c_str());
  std::fflush(stdout);
  return error.code == ErrorCode::kLocked ? 3 : 2;
}

// Deterministic text, a little over 1 KB, with names for the entity recogniser.
std::string body_for(int batch, int doc, int run) {
  static const char* const kWords[] = {
      "election", "minister", "protest",  "economy", "border",   "talks",   "oil",
      "sanctions", "court",   "vote",     "market",  "refugees", "strike",  "report",
      "president", "budget",  "parliament", "coast", "storm",    "harvest", "bank"};
  constexpr int kWordCount = sizeof(kWords) / sizeof(kWords[0]);
  unsigned state = static_cast<unsigned>(batch * 7919 + doc * 104729 + 1);
  std::string body = "Nicolás Maduro met Mike Pompeo in Caracas. ";
  for (int sentence = 0; sentence < 20; ++sentence) {
    for (int word = 0; word < 8; ++word) {
      state = state * 1103515245u + 12345u;
      body += kWords[(state >> 16) % kWordCount];
      body += ' ';
    }
    body += "batch" + std::to_string(batch) + " run" + std::to_string(run) + ". ";
  }
  return body;
}

// Says how many file writes were made so far, when the fault shim is
// preloaded (it counts them).
void print_writes(const char* step, int batch) {
  using Counter = long (*)(const char*);
  static const auto counter = reinterpret_cast<Counter>(dlsym(RTLD_DEFAULT, "dossier_fault_calls"));
  if (!counter) return;
  std::printf("%s %d %ld %ld %ld\n", step, batch, counter("write"), counter("write:postlist.glass"),
              counter("write:spelling.glass"));
  std::fflush(stdout);
}

// Adds one batch and commits it; the error of the call that failed, if any.
Status index_batch(IndexWriter& writer, int batch, int docs, int run, bool made_up_words) {
  print_writes("adding", batch);
  for (int doc = 0; doc < docs; ++doc) {
    Document document;
    document.id = "batch-" + std::to_string(batch) + "-doc-" + std::to_string(doc);
    document.title = "batch " + std::to_string(batch) + " doc " + std::to_string(doc) +
                     " run " + std::to_string(run);
    document.body = body_for(batch, doc, run);
    document.source = "Crash Wire";
    if (made_up_words) {
      const std::size_t first =
          static_cast<std::size_t>(batch * docs + doc) * kMadeUpWordsPerArticle;
      for (std::size_t word = first; word < first + kMadeUpWordsPerArticle; ++word) {
        document.body += ' ' + made_up_word(word);
      }
    }
    if (auto added = writer.add_or_replace(std::move(document)); !added) return added;
  }
  print_writes("committing", batch);
  return writer.commit();
}

// keep_going: after a failed batch, say "failed K <code>: <message>" and go on
// with the next one (the writer discarded the failed batch; IndexWriter's
// failure model), instead of stopping.
int index_job(const std::string& directory, int run, int batches, int docs, bool keep_going,
              bool entities, bool made_up_words) {
  IndexOptions options;
  options.threads = 2;
  options.recognize_entities = entities;
  auto writer = IndexWriter::Open(directory, options);
  if (!writer) return fail(writer.error());
  for (int batch = 0; batch < batches; ++batch) {
    if (Status indexed = index_batch(*writer, batch, docs, run, made_up_words); !indexed) {
      if (!keep_going) return fail(indexed.error());
      std::printf("failed %d %s: %s\n", batch, to_string(indexed.error().code),
                  indexed.error().message.c_str());
    } else {
      std::printf("committed %d\n", batch);
    }
    std::fflush(stdout);
  }
  std::printf("done\n");
  std::fflush(stdout);
  return 0;
}

// A writer on an index the test made: no entities (they would only slow the
// child down), one worker, so kills land at predictable points.
Result<IndexWriter> open_existing(const std::string& directory) {
  IndexOptions options;
  options.create_if_missing = false;
  options.recognize_entities = false;
  options.threads = 1;
  return IndexWriter::Open(directory, options);
}

int open_writer(const std::string& directory, bool hold) {
  auto writer = open_existing(directory);
  if (!writer) return fail(writer.error());
  std::printf(hold ? "locked\n" : "opened\n");
  std::fflush(stdout);
  if (hold) {
    std::string line;
    while (std::getline(std::cin, line)) {
    }
  }
  return 0;
}

int env_after_open(const std::string& directory, const char* name) {
  auto writer = IndexWriter::Open(directory);
  if (!writer) return fail(writer.error());
  const char* value = std::getenv(name);
  if (value) std::printf("%s=%s\n", name, value);
  else std::printf("%s unset\n", name);
  return 0;
}

int search(const std::string& directory, const std::string& word) {
  auto searcher = Searcher::Open(directory);
  if (!searcher) return fail(searcher.error());
  SearchRequest request;
  request.query = word;
  request.limit = 1000;
  auto results = searcher->search(request);
  if (!results) return fail(results.error());
  std::printf("hits %zu\n", results->hits.size());
  return 0;
}

int add_big(const std::string& directory, int count, std::size_t bytes) {
  auto writer = open_existing(directory);
  if (!writer) return fail(writer.error());
  for (int i = 0; i < count; ++i) {
    Document document;
    document.id = "big-" + std::to_string(i);
    document.title = "big document " + std::to_string(i);
    document.body.reserve(bytes + 16);
    for (std::size_t n = 0; document.body.size() < bytes; ++n) {
      document.body += "w" + std::to_string(n * 7919 + static_cast<std::size_t>(i)) + ' ';
    }
    if (auto added = writer->add_or_replace(std::move(document)); !added) {
      return fail(added.error());
    }
  }
  if (auto committed = writer->commit(); !committed) return fail(committed.error());
  std::printf("committed\n");
  return 0;
}

int usage() {
  std::fprintf(
      stderr,
      "usage: crash_indexer [--as-nobody] [--keep-going] [--no-entities] [--made-up-words] "
      "[--max-file-size N] "
      "index DIR RUN BATCHES DOCS | open-writer DIR | env-after-open DIR NAME | "
      "hold-lock DIR | "
      "search DIR WORD | add-big DIR COUNT BYTES\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int arg = 1;
  bool keep_going = false;
  bool entities = true;
  bool made_up_words = false;
  while (arg < argc && std::strncmp(argv[arg], "--", 2) == 0) {
    if (std::strcmp(argv[arg], "--as-nobody") == 0) {
      if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 ||
                             setuid(65534) != 0)) {
        std::perror("crash_indexer: cannot switch to nobody");
        return 1;
      }
      ++arg;
    } else if (std::strcmp(argv[arg], "--no-entities") == 0) {
      entities = false;
      ++arg;
    } else if (std::strcmp(argv[arg], "--made-up-words") == 0) {
      made_up_words = true;
      ++arg;
    } else if (std::strcmp(argv[arg], "--keep-going") == 0) {
      keep_going = true;
      ++arg;
    } else if (std::strcmp(argv[arg], "--max-file-size") == 0 && arg + 1 < argc) {
      std::signal(SIGXFSZ, SIG_IGN);
      rlimit limit{};
      limit.rlim_cur = limit.rlim_max = std::strtoull(argv[arg + 1], nullptr, 10);
      if (setrlimit(RLIMIT_FSIZE, &limit) != 0) {
        std::perror("crash_indexer: setrlimit");
        return 1;
      }
      arg += 2;
    } else {
      return usage();
    }
  }
  if (arg + 1 >= argc) return usage();
  const std::string mode = argv[arg];
  const std::string directory = argv[arg + 1];
  const int rest = argc - arg - 2;
  char** args = argv + arg + 2;
  if (mode == "index" && rest == 3) {
    return index_job(directory, std::atoi(args[0]), std::atoi(args[1]), std::atoi(args[2]),
                     keep_going, entities, made_up_words);
  }
  if (mode == "open-writer" && rest == 0) return open_writer(directory, false);
  if (mode == "hold-lock" && rest == 0) return open_writer(directory, true);
  if (mode == "env-after-open" && rest == 1) return env_after_open(directory, args[0]);
  if (mode == "search" && rest == 1) return search(directory, args[0]);
  if (mode == "add-big" && rest == 2) {
    return add_big(directory, std::atoi(args[0]), std::strtoull(args[1], nullptr, 10));
  }
  return usage();
}
