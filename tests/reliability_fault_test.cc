// The writer's failure model under a failing disk (issue 12): a real indexing
// job (tests/crash_indexer.cc, "index --keep-going") runs with
// tests/fault_injection/fault_shim.c preloaded, which fails one of its file
// writes, fsyncs, truncations or renames with ENOSPC or EIO, chosen at random,
// either for good (the disk stays full) or for a few calls (the disk
// recovers). The job commits after every batch and goes on after a failed
// one. After each run the index must open and hold exactly the batches whose
// commit() succeeded, each whole, and every other batch must have been
// reported to the job as an error naming the cause. One exception is
// Xapian's, not Dossier's: when a second write fails while a failed commit
// unwinds, Xapian 1.4 throws from a destructor and the process aborts; such a
// run is checked like a crash (the index holds the acknowledged batches, and
// at most the whole batch in flight) and counted.
//
// A second test makes commits large enough that the writer has Xapian write
// buffered values and spelling changes into their tables before the commit
// (index/buffered_changes.h), and fails writes to those tables while the
// articles are being added.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/buffered_changes.h"
#include "made_up_words.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::Child;
using testing::ScratchDir;

constexpr const char* kFaultShim = DOSSIER_FAULT_SHIM;

// What the indexing job does: `batches` commits of `docs` articles each.
struct JobShape {
  int batches = 0;
  int docs = 0;
  const char* flush_threshold = "";
  bool made_up_words = false;  // crash_indexer --made-up-words
};

// Batches of more than one writer batch (256 documents), and a low flush
// threshold, so that faults also land while documents are being applied
// inside the open transaction, not only in commit().
constexpr JobShape kSmallCommits{5, 300, "XAPIAN_FLUSH_THRESHOLD=100", false};
// Commits of more than kArticlesPerValueFlush articles and
// kSpellingWordsPerFlush new words (65,000), so that values and spelling
// changes are written out before each commit; postings are not (a flush
// threshold above the batch), so a fresh index's postlist.glass and
// spelling.glass get no writes before the first commit but those.
constexpr JobShape kLargeCommits{2, 2600, "XAPIAN_FLUSH_THRESHOLD=100000", true};
// Two writer batches (256 articles each) may still be in flight when commit()
// is called: the rest were applied, and values written out, before it.
static_assert(kLargeCommits.docs - 2 * 256 >= static_cast<int>(index::kArticlesPerValueFlush));
static_assert(kLargeCommits.docs * testing::kMadeUpWordsPerArticle >
              static_cast<int>(index::kSpellingWordsPerFlush));

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::atoi(value) : fallback;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The child's environment: the shim preloaded, with the given plan.
std::vector<std::string> fault_environment(const JobShape& shape, const std::string& plan,
                                           const std::filesystem::path& log,
                                           const std::filesystem::path& count,
                                           const std::string& file = {}) {
  // Under AddressSanitizer the shim comes before its runtime: allow that. And
  // no leak check in the child: when Xapian aborts it (the limit the test
  // allows for), LeakSanitizer would turn that SIGABRT into an exit code and
  // report what a crashing process never frees. The test's own process keeps
  // its leak check.
  const char* asan_options = std::getenv("ASAN_OPTIONS");
  std::vector<std::string> environment = {
      std::string("LD_PRELOAD=") + kFaultShim, shape.flush_threshold,
      "DOSSIER_FAULT_LOG=" + log.string(),
      std::string("ASAN_OPTIONS=") + (asan_options ? asan_options : "") +
          ":verify_asan_link_order=0:detect_leaks=0"};
  if (!plan.empty()) environment.push_back("DOSSIER_FAULT_PLAN=" + plan);
  if (!count.empty()) environment.push_back("DOSSIER_FAULT_COUNT=" + count.string());
  if (!file.empty()) environment.push_back("DOSSIER_FAULT_FILE=" + file);
  return environment;
}

// File writes the job had made at a point of a batch (crash_indexer's
// "adding" and "committing" lines).
struct WritesSoFar {
  long all = 0, postlist = 0, spelling = 0;
};

struct JobReport {
  int exit_code = -1;
  // The job died of SIGABRT: Xapian 1.4 can throw from a destructor while a
  // failed commit unwinds (a second write failing), which is std::terminate.
  bool engine_aborted = false;
  std::set<int> committed;                 // batches whose commit() returned success
  std::map<int, std::string> failed;       // batch -> the error the job was given
  std::map<int, WritesSoFar> adding, committing;  // batch -> writes before it, before its commit
  std::vector<std::string> other_output;
};

JobReport run_job(const std::filesystem::path& index, int run, const JobShape& shape,
                  const std::vector<std::string>& environment) {
  std::vector<std::string> arguments = {"--keep-going", "--no-entities"};
  if (shape.made_up_words) arguments.push_back("--made-up-words");
  for (const std::string& argument : {std::string("index"), index.string(), std::to_string(run),
                                      std::to_string(shape.batches), std::to_string(shape.docs)}) {
    arguments.push_back(argument);
  }
  Child job(arguments, environment);
  JobReport report;
  if (!job.started()) return report;
  job.close_stdin();
  const int status = job.wait();
  report.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  report.engine_aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  std::istringstream lines(job.read_all());
  for (std::string line; std::getline(lines, line);) {
    int batch = -1;
    char rest[2] = "", step[16] = "";
    WritesSoFar writes;
    if (std::sscanf(line.c_str(), "%15s %d %ld %ld %ld%1s", step, &batch, &writes.all,
                    &writes.postlist, &writes.spelling, rest) == 5 &&
        (step == std::string("adding") || step == std::string("committing"))) {
      (step == std::string("adding") ? report.adding : report.committing)[batch] = writes;
    } else if (std::sscanf(line.c_str(), "committed %d%1s", &batch, rest) == 1) {
      report.committed.insert(batch);
    } else if (std::sscanf(line.c_str(), "failed %d", &batch) == 1) {
      report.failed[batch] = line;
    } else if (line != "done") {
      report.other_output.push_back(line);
    }
  }
  return report;
}

// A fresh index with the settings stored and nothing in it: faults then land
// in the job's own writes.
void create_empty_index(const std::filesystem::path& index) {
  auto writer = IndexWriter::Open(index);
  ASSERT_TRUE(writer) << writer.error().to_string();
}

// What every run must show, whatever the fault did. `faults`: how many calls
// the shim failed; `disk_recovers`: whether it stopped failing them.
void check_run(const std::filesystem::path& index, const JobShape& shape, const JobReport& report,
               int run, bool disk_recovers, int faults) {
  ASSERT_TRUE(report.exit_code == 0 || report.engine_aborted)
      << ::testing::PrintToString(report.other_output);
  EXPECT_TRUE(report.other_output.empty()) << ::testing::PrintToString(report.other_output);
  // The batch the job was in when the engine aborted it, if it did.
  int in_flight = shape.batches;
  for (int batch = 0; batch < shape.batches; ++batch) {
    const std::size_t answers = report.committed.count(batch) + report.failed.count(batch);
    if (report.engine_aborted && answers == 0) {
      in_flight = std::min(in_flight, batch);
      continue;
    }
    EXPECT_EQ(answers, 1u) << "batch " << batch << " was neither acknowledged nor reported as failed";
  }
  for (const auto& [batch, line] : report.failed) {
    // The error names the cause the disk gave, and what was lost.
    const bool names_cause = line.find("No space left on device") != std::string::npos ||
                             line.find("Input/output error") != std::string::npos;
    EXPECT_TRUE(names_cause) << line;
    EXPECT_NE(line.find("every change since the last commit was discarded"), std::string::npos)
        << line;
  }
  if (report.engine_aborted) {
    // Like a crash: no batch after the one in flight was started.
    for (int batch = in_flight; batch < shape.batches; ++batch) {
      EXPECT_EQ(report.committed.count(batch) + report.failed.count(batch), 0u) << batch;
    }
  } else if (disk_recovers) {
    // The writer stayed usable: each batch that failed met a fault of its own.
    EXPECT_LE(report.failed.size(), static_cast<std::size_t>(faults))
        << ::testing::PrintToString(report.failed);
  } else if (!report.failed.empty()) {
    // A full disk stays full: from the first failed batch on, every one fails.
    EXPECT_EQ(report.failed.size(),
              static_cast<std::size_t>(shape.batches - report.failed.begin()->first));
  }
  testing::IndexState state = testing::inspect(index);
  ASSERT_TRUE(state.problems.empty()) << ::testing::PrintToString(state.problems);
  EXPECT_EQ(state.hits, state.documents);
  std::set<int> present;
  for (const auto& [batch, docs] : state.docs) {
    present.insert(batch);
    EXPECT_EQ(docs.size(), static_cast<std::size_t>(shape.docs))
        << "batch " << batch << " is partial";
    EXPECT_EQ(state.runs.at(batch), std::set<int>{run});
  }
  std::set<int> with_in_flight = report.committed;
  with_in_flight.insert(in_flight);
  EXPECT_TRUE(present == report.committed || (report.engine_aborted && present == with_in_flight))
      << "the index must hold exactly the batches whose commit succeeded (and, if the engine "
         "aborted the job, perhaps the whole batch it was committing): "
      << ::testing::PrintToString(present) << " vs " << ::testing::PrintToString(report.committed);
}

TEST(FaultInjection, EveryRunHoldsExactlyTheAcknowledgedCommits) {
  // DOSSIER_FAULT_RUNS and DOSSIER_FAULT_SEED run it longer or differently.
  const int runs = std::max(50, env_int("DOSSIER_FAULT_RUNS", 50));
  const unsigned seed = static_cast<unsigned>(env_int("DOSSIER_FAULT_SEED", 20261201));
  RecordProperty("seed", static_cast<int>(seed));
  ScratchDir scratch("faults");

  // How many calls of each kind the whole job makes when nothing fails.
  std::map<std::string, long> calls;
  {
    const auto index = scratch / "calibrate";
    create_empty_index(index);
    JobReport clean =
        run_job(index, 0, kSmallCommits,
                fault_environment(kSmallCommits, "", scratch / "log", scratch / "count"));
    ASSERT_EQ(clean.committed.size(), static_cast<std::size_t>(kSmallCommits.batches))
        << ::testing::PrintToString(clean.failed) << ::testing::PrintToString(clean.other_output);
    std::istringstream counts(read_text(scratch / "count"));
    std::string kind;
    for (long count; counts >> kind >> count;) calls[kind] = count;
    ASSERT_GT(calls["write"], 3 * kSmallCommits.batches)
        << "the shim saw no writes: is it preloaded?";
    ASSERT_GT(calls["sync"], 0);
    ASSERT_GT(calls["rename"], 0);
  }

  // Mostly block writes (where most of the job's calls are), and syncs and
  // renames (the few calls a commit depends on) every few runs.
  const std::vector<std::string> kinds = {"write", "write", "sync", "write", "rename"};
  std::mt19937 random(seed);
  std::map<std::string, int> failed_calls;  // kind -> calls failed, over all runs
  int runs_with_errors = 0, runs_recovered = 0, runs_aborted = 0;
  for (int run = 1; run <= runs; ++run) {
    const std::string& kind = kinds[static_cast<std::size_t>(run) % kinds.size()];
    const long first = std::uniform_int_distribution<long>(1, calls[kind])(random);
    const bool disk_recovers = run % 2 == 0;
    const int count = disk_recovers ? std::uniform_int_distribution<int>(1, 3)(random) : 0;
    const char* error = random() % 2 ? "ENOSPC" : "EIO";
    const std::string plan = kind + ":" + std::to_string(first) + ":" + std::to_string(count) +
                             ":" + error;
    SCOPED_TRACE("seed " + std::to_string(seed) + " run " + std::to_string(run) + " plan " + plan);
    const auto index = scratch / ("index-" + std::to_string(run));
    const auto log = scratch / ("log-" + std::to_string(run));
    create_empty_index(index);
    JobReport report =
        run_job(index, run, kSmallCommits, fault_environment(kSmallCommits, plan, log, {}));
    std::istringstream faults(read_text(log));
    std::string failed_kind;
    int faults_here = 0;
    for (long call; faults >> failed_kind >> call; ++faults_here) ++failed_calls[failed_kind];
    check_run(index, kSmallCommits, report, run, disk_recovers, faults_here);

    if (!report.failed.empty()) ++runs_with_errors;
    if (report.engine_aborted) ++runs_aborted;
    if (disk_recovers && !report.failed.empty() &&
        report.committed.count(kSmallCommits.batches - 1)) {
      ++runs_recovered;
    }
    std::filesystem::remove_all(index);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("%d runs, %d with errors, %d recovered, %d aborted inside Xapian; failed calls: %s\n",
              runs, runs_with_errors, runs_recovered, runs_aborted,
              ::testing::PrintToString(failed_calls).c_str());
  // Rare (a second failing write during one failed commit): never most runs.
  EXPECT_LE(runs_aborted, runs / 10);
  // The faults really hit writes, syncs and renames, and most runs saw one.
  EXPECT_GT(failed_calls["write"], 0);
  EXPECT_GT(failed_calls["sync"], 0);
  EXPECT_GT(failed_calls["rename"], 0);
  EXPECT_GE(runs_with_errors, runs / 2);
  EXPECT_GT(runs_recovered, 0);
}

TEST(FaultInjection, FailuresWhileALargeCommitIsWrittenOutEarly) {
  const int runs = std::max(8, env_int("DOSSIER_FAULT_EARLY_RUNS", 8));
  const unsigned seed = static_cast<unsigned>(env_int("DOSSIER_FAULT_SEED", 20261203));
  RecordProperty("seed", static_cast<int>(seed));
  ScratchDir scratch("faults-early");

  // Before the first commit into a fresh index, only early write-outs write
  // to postlist.glass (values) and spelling.glass: none for a commit below
  // both thresholds, some for a large one (else this test would be failing
  // writes that no longer happen, and a writer holding a large commit in
  // memory again would go unnoticed).
  {
    const JobShape small{1, static_cast<int>(index::kArticlesPerValueFlush) - 100,
                         kLargeCommits.flush_threshold, false};
    const auto index = scratch / "below-thresholds";
    create_empty_index(index);
    JobReport clean = run_job(index, 0, small, fault_environment(small, "", scratch / "log", {}));
    ASSERT_EQ(clean.committed.size(), 1u) << ::testing::PrintToString(clean.failed);
    ASSERT_TRUE(clean.adding.count(0) && clean.committing.count(0));
    EXPECT_EQ(clean.committing[0].postlist, clean.adding[0].postlist);
    EXPECT_EQ(clean.committing[0].spelling, clean.adding[0].spelling);
  }
  const auto calibrate = scratch / "calibrate";
  create_empty_index(calibrate);
  JobReport clean = run_job(calibrate, 0, kLargeCommits,
                            fault_environment(kLargeCommits, "", scratch / "log", {}));
  ASSERT_EQ(clean.committed.size(), static_cast<std::size_t>(kLargeCommits.batches))
      << ::testing::PrintToString(clean.failed) << ::testing::PrintToString(clean.other_output);
  for (int batch = 0; batch < kLargeCommits.batches; ++batch) {
    ASSERT_TRUE(clean.adding.count(batch) && clean.committing.count(batch)) << batch;
  }
  EXPECT_GT(clean.committing[0].postlist, clean.adding[0].postlist)
      << "no values were written out before the commit";
  EXPECT_GT(clean.committing[0].spelling, clean.adding[0].spelling)
      << "no spelling changes were written out before the commit";

  // Each run fails writes to one of the two tables while a batch's articles
  // are being added (the calibrated run's calls between "adding" and
  // "committing"), numbered as the shim numbers that file's writes.
  std::mt19937 random(seed);
  int runs_with_errors = 0, runs_aborted = 0;
  for (int run = 1; run <= runs; ++run) {
    const bool values = run % 2 == 1;
    const std::string file = values ? "postlist.glass" : "spelling.glass";
    const int batch = std::uniform_int_distribution<int>(0, kLargeCommits.batches - 1)(random);
    const long before = values ? clean.adding[batch].postlist : clean.adding[batch].spelling;
    const long at_commit =
        values ? clean.committing[batch].postlist : clean.committing[batch].spelling;
    if (at_commit == before) continue;  // nothing written then (checked for batch 0 above)
    const long first = std::uniform_int_distribution<long>(before + 1, at_commit)(random);
    const bool disk_recovers = (run / 2) % 2 == 0;
    const int count = disk_recovers ? std::uniform_int_distribution<int>(1, 3)(random) : 0;
    const char* error = random() % 2 ? "ENOSPC" : "EIO";
    const std::string plan =
        "write:" + std::to_string(first) + ":" + std::to_string(count) + ":" + error;
    SCOPED_TRACE("seed " + std::to_string(seed) + " run " + std::to_string(run) + " " + file +
                 " plan " + plan + " batch " + std::to_string(batch));
    const auto index = scratch / ("index-" + std::to_string(run));
    const auto log = scratch / ("log-" + std::to_string(run));
    create_empty_index(index);
    JobReport report =
        run_job(index, run, kLargeCommits, fault_environment(kLargeCommits, plan, log, {}, file));
    std::istringstream faults(read_text(log));
    std::string failed_kind;
    int faults_here = 0;
    for (long call; faults >> failed_kind >> call;) ++faults_here;
    EXPECT_GT(faults_here, 0) << "the planned write never came";
    check_run(index, kLargeCommits, report, run, disk_recovers, faults_here);
    // The batch the fault hit was reported as failed, those before it were
    // committed. A failed write of values inside Xapian's ValueUpdater makes
    // its destructor throw while the first error unwinds: Xapian 1.4 aborts
    // the job (checked like a crash above), as it would at the commit.
    if (values) {
      EXPECT_TRUE(report.failed.count(batch) || report.engine_aborted);
    } else {
      EXPECT_FALSE(report.engine_aborted);
      EXPECT_TRUE(report.failed.count(batch)) << ::testing::PrintToString(report.committed);
    }
    for (int earlier = 0; earlier < batch; ++earlier) EXPECT_TRUE(report.committed.count(earlier));
    if (!report.failed.empty()) ++runs_with_errors;
    if (report.engine_aborted) ++runs_aborted;
    std::filesystem::remove_all(index);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("%d runs, %d with errors, %d aborted inside Xapian\n", runs, runs_with_errors,
              runs_aborted);
}

}  // namespace
}  // namespace dossier
