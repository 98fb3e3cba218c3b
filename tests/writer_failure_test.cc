// The writer's failure model and the findings of issue 12 that a test can show
// in one process: worker exceptions come back as errors, the worker pool's
// thread count, retry exhaustion's own error code, no setenv(), and entity
// metadata that follows alias files and deletions. Faults on disk are in
// reliability_fault_test.cc.
#include <xapian.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "index/schema.h"
#include "test_support.h"
#include "util/engine_errors.h"
#include "util/worker_pool.h"

// Allocation failure on demand (replacing the global operator new is the one
// way to reach the library's threads without a hook in the library):
//  - while fail_large_allocations is set, an allocation of at least kFailFrom
//    bytes on any thread throws std::bad_alloc;
//  - while allocations_until_failure is positive, the test's own thread
//    counts its allocations down, and the one that reaches 0 throws.
namespace {
constexpr std::size_t kFailFrom = 4u << 20;
std::atomic<bool> fail_large_allocations{false};
std::atomic<int> allocations_until_failure{0};
// Constant-initialised: operator new runs before other globals are built.
thread_local bool on_test_thread = false;

void* allocate(std::size_t size) {
  if (size >= kFailFrom && fail_large_allocations.load(std::memory_order_relaxed)) {
    throw std::bad_alloc();
  }
  if (on_test_thread && allocations_until_failure.load(std::memory_order_relaxed) > 0 &&
      --allocations_until_failure == 0) {
    throw std::bad_alloc();
  }
  if (void* memory = std::malloc(size ? size : 1)) return memory;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }

namespace dossier {
namespace {

using testing::Child;
using testing::ScratchDir;

TEST(WorkerPool, AJobThatThrowsIsRethrownToTheOwnerAndThePoolGoesOn) {
  util::WorkerPool pool(3);
  std::atomic<int> ran{0};
  pool.start([&](unsigned worker) {
    ++ran;
    if (worker == 1) throw std::runtime_error("worker one failed");
  });
  EXPECT_THROW(
      {
        try {
          pool.wait();
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "worker one failed");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(ran.load(), 3);
  pool.wait();  // rethrown once only
  pool.start([&](unsigned) { ++ran; });
  pool.wait();
  EXPECT_EQ(ran.load(), 6);
}

// A constructor that fails after starting some threads stops and joins them
// before the exception leaves (a joinable std::thread destroyed would call
// std::terminate).
TEST(WorkerPool, AConstructorThatFailsLeavesNoThreadRunning) {
  on_test_thread = true;
  // The vector's buffer, the first thread's state, then the second thread's
  // state fails: one thread is running by then.
  allocations_until_failure = 3;
  EXPECT_THROW(util::WorkerPool pool(4), std::bad_alloc);
  allocations_until_failure = 0;
  on_test_thread = false;
  util::WorkerPool after(2);  // and the process is fine
  EXPECT_EQ(after.size(), 2u);
}

TEST(WorkerPool, ThreadsBesideTheCallerNeverWrap) {
  EXPECT_EQ(util::threads_beside_caller(0), 1u);  // hardware_concurrency() unknown
  EXPECT_EQ(util::threads_beside_caller(1), 1u);
  EXPECT_EQ(util::threads_beside_caller(2), 1u);
  EXPECT_EQ(util::threads_beside_caller(8), 7u);
}

// A worker that runs out of memory analysing an article: the caller gets an
// error naming the article, the process lives on, nothing of the batch is
// published, and the writer carries on from the last commit.
// The article is analysed by a worker or, inside commit(), by the caller's
// thread while it would wait: either way the exception is an error.
TEST(WriterFailure, AnAnalysisExceptionComesBackAsAnErrorAndDiscardsTheBatch) {
  ScratchDir scratch("worker-exception");
  auto writer = IndexWriter::Open(scratch / "index",
                                  IndexOptions{.threads = 2, .recognize_entities = false});
  ASSERT_TRUE(writer) << writer.error().to_string();
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "kept", .title = "committed first"}));
  ASSERT_TRUE(writer->commit());

  ASSERT_TRUE(writer->add_or_replace(Document{.id = "small", .title = "queued"}));
  // Analysing this body needs allocations of over kFailFrom bytes; queued,
  // it is analysed at the commit (a batch is 16 articles at first).
  Document big{.id = "big", .title = "too big today", .body = std::string(kFailFrom + 1024, 'a')};
  ASSERT_TRUE(writer->add_or_replace(std::move(big)));
  fail_large_allocations = true;
  Status committed = writer->commit();
  fail_large_allocations = false;
  ASSERT_FALSE(committed) << "the analysis's allocation was meant to fail";
  EXPECT_NE(committed.error().message.find("analysing document big: out of memory"),
            std::string::npos)
      << committed.error().message;
  EXPECT_NE(committed.error().message.find("every change since the last commit was discarded"),
            std::string::npos)
      << committed.error().message;

  ASSERT_TRUE(writer->commit());  // publishes nothing of the failed batch
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher);
  EXPECT_TRUE(searcher->get("kept"));
  EXPECT_FALSE(searcher->get("small"));
  EXPECT_FALSE(searcher->get("big"));
  ASSERT_TRUE(writer->add_or_replace(Document{.id = "after", .title = "added after"}));
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(searcher->document_count(), 2u);
}

// Searches retry when a commit replaces what they read; when commits outpace
// every retry the error has its own code, not kInternal ("a bug in Dossier").
TEST(EngineErrors, RetryExhaustionIsBusyNotInternal) {
  Status status = util::guarded("searching for \"x\"", []() -> Status {
    throw Xapian::DatabaseModifiedError("The revision being read has been discarded");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kBusy);
  EXPECT_EQ(status.error().to_string().rfind("busy: searching for \"x\": ", 0), 0u)
      << status.error().to_string();
  EXPECT_NE(status.error().message.find("try again"), std::string::npos);
}

// setenv() races with getenv() on other threads: the library must not change
// the environment (checked in a fresh process, where nothing else has).
TEST(WriterFailure, OpeningAWriterLeavesTheEnvironmentAlone) {
  if (std::getenv("XAPIAN_FLUSH_THRESHOLD")) GTEST_SKIP() << "XAPIAN_FLUSH_THRESHOLD is set here";
  ScratchDir scratch("environment");
  Child child({"env-after-open", (scratch / "index").string(), "XAPIAN_FLUSH_THRESHOLD"});
  ASSERT_TRUE(child.started());
  EXPECT_EQ(child.read_line(), "XAPIAN_FLUSH_THRESHOLD unset");
  EXPECT_EQ(child.finish(), 0);
}

std::string stored_name(const std::filesystem::path& index, EntityKind kind,
                        const std::string& key) {
  return Xapian::Database(index.string()).get_metadata(index::entity_name_key(kind, key));
}

Document names_pompeo(std::string id) {
  return Document{.id = std::move(id),
                  .title = "Pompeo in Caracas",
                  .body = "Secretary of State Mike Pompeo met opposition leaders in Caracas on "
                          "Monday. Pompeo said the talks went well."};
}

// A writer on a new index holding articles "a" and "b", both naming Pompeo.
IndexWriter writer_with_two_pompeo_articles(const std::filesystem::path& index) {
  auto writer = IndexWriter::Open(index);
  EXPECT_TRUE(writer) << writer.error().to_string();
  EXPECT_TRUE(writer->add_or_replace(names_pompeo("a")));
  EXPECT_TRUE(writer->add_or_replace(names_pompeo("b")));
  EXPECT_TRUE(writer->commit());
  return std::move(*writer);
}

// An entity's display name stays while some article names it and goes with
// the last one.
TEST(EntityNames, DisplayNamesOfDeletedArticlesAreRemoved) {
  ScratchDir scratch("entity-names");
  const auto index = scratch / "index";
  IndexWriter writer = writer_with_two_pompeo_articles(index);
  ASSERT_EQ(stored_name(index, EntityKind::kPerson, "michael pompeo"), "Mike Pompeo");
  ASSERT_TRUE(writer.remove("a"));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(stored_name(index, EntityKind::kPerson, "michael pompeo"), "Mike Pompeo");
  // Replaced by an article that no longer names him, then removed outright.
  ASSERT_TRUE(writer.add_or_replace(Document{.id = "b", .title = "Rain", .body = "It rained."}));
  ASSERT_TRUE(writer.commit());
  EXPECT_EQ(stored_name(index, EntityKind::kPerson, "michael pompeo"), "");
}

// An index written before articles carried their canonical-key terms: an
// entity's name must not go while an old article, without the term, still
// names it.
TEST(EntityNames, AnOlderIndexKeepsNamesItCannotCheck) {
  ScratchDir scratch("entity-names-old");
  const auto index = scratch / "index";
  { IndexWriter closed_at_once = writer_with_two_pompeo_articles(index); }
  {  // What an older Dossier wrote: no canonical-key term, no marker.
    Xapian::WritableDatabase database(index.string());
    Xapian::docid b = *database.postlist_begin(index::id_term("b"));
    Xapian::Document document = database.get_document(b);
    document.remove_term(index::entity_term(EntityKind::kPerson, "michael pompeo"));
    database.replace_document(b, document);
    database.set_metadata(std::string(index::kCanonicalTermsKey), "");
    database.commit();
  }
  auto writer = IndexWriter::Open(index);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->remove("a"));
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(stored_name(index, EntityKind::kPerson, "michael pompeo"), "Mike Pompeo");
}

// A new alias file reaches the articles indexed before it: their entities are
// derived again, in the same commit as the file.
TEST(EntityAliases, ANewAliasFileReachesArticlesIndexedBeforeIt) {
  ScratchDir scratch("alias-change");
  const auto index = scratch / "index";
  testing::index_corpus(index);
  const std::vector<EntityFilter> filter = {{EntityKind::kOrganization, "Lima Countries"}};
  {
    auto searcher = Searcher::Open(index);
    ASSERT_TRUE(searcher);
    auto before = searcher->search(SearchRequest{.filters = filter});
    ASSERT_TRUE(before);
    ASSERT_EQ(before->total, 0u) << "no article names \"Lima Countries\" yet";
  }
  { std::ofstream(scratch / "aliases.txt") << "organization\tLima Countries\tLima Group\n"; }
  {
    auto writer = IndexWriter::Open(index, IndexOptions{.entity_aliases = scratch / "aliases.txt"});
    ASSERT_TRUE(writer) << writer.error().to_string();
    // No article is added again: opening with the new file was enough.
  }
  auto searcher = Searcher::Open(index);
  ASSERT_TRUE(searcher);
  auto after = searcher->search(SearchRequest{.filters = filter});
  ASSERT_TRUE(after) << after.error().to_string();
  EXPECT_EQ(after->total, 5u);
  auto article = searcher->get(testing::k000);
  ASSERT_TRUE(article);
  ASSERT_FALSE(article->entities.empty());
  bool renamed = false;
  for (const Entity& entity : article->entities) renamed |= entity.name == "Lima Countries";
  EXPECT_TRUE(renamed) << "the article's entities still carry the names from before the file";
  EXPECT_EQ(searcher->document_count(), 5u);
}

}  // namespace
}  // namespace dossier
