// The thread rules the headers promise (issue 5):
//  - readers, one Searcher per thread, search while a writer adds, replaces,
//    deletes and commits: no crash, no error reaches them, and every result
//    is exactly what one commit held (ConcurrentSearch);
//  - one writer per index: a second gets kLocked "index is locked" (WriterLock;
//    the cross-process case is in reliability_process_test.cc);
//  - a writer may move between threads, and its worker threads do not change
//    what is indexed (WriterThreads); EntityRecognizer::recognize() may run on
//    many threads at once (RecognizerThreads).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace dossier {
namespace {

using testing::ScratchDir;

constexpr int kSlots = 120;  // document ids "slot-0" .. "slot-119"

// Which documents commit `generation` holds: every slot but every seventh,
// counting from an offset that moves each generation, so each commit deletes
// some documents, adds back others and replaces the rest.
bool live(int slot, int generation) { return (slot + generation) % 7 != 0; }

std::set<std::string> live_ids(int generation) {
  std::set<std::string> ids;
  for (int slot = 0; slot < kSlots; ++slot) {
    if (live(slot, generation)) ids.insert("slot-" + std::to_string(slot));
  }
  return ids;
}

Document document_for(int slot, int generation) {
  Document document;
  document.id = "slot-" + std::to_string(slot);
  document.title = "slot " + std::to_string(slot) + " generation " + std::to_string(generation);
  // Every document of a generation has the word genN; every document has
  // "marker". Names give the entity recogniser and facets something to do.
  document.body = "marker gen" + std::to_string(generation) +
                  " Mike Pompeo met Nicolás Maduro in Caracas to discuss oil and sanctions. " +
                  "Slot " + std::to_string(slot) + " says marker again.";
  document.source = "Thread Wire";
  return document;
}

Status write_generation(IndexWriter& writer, int generation) {
  for (int slot = 0; slot < kSlots; ++slot) {
    Status done = live(slot, generation) ? writer.add_or_replace(document_for(slot, generation))
                                         : writer.remove("slot-" + std::to_string(slot));
    if (!done) return done;
  }
  return writer.commit();
}

// The generation a hit's title names, or -1.
int generation_of(const Hit& hit) {
  int slot = -1, generation = -1;
  if (std::sscanf(hit.title.c_str(), "slot %d generation %d", &slot, &generation) != 2) return -1;
  if (hit.id != "slot-" + std::to_string(slot)) return -1;
  return generation;
}

TEST(ConcurrentSearch, ReadersSeeWholeCommitsWhileAWriterCommits) {
  ScratchDir scratch("concurrent");
  const auto index = scratch / "index";
  constexpr int kGenerations = 40;
  constexpr int kReaders = 3;

  auto writer = IndexWriter::Open(index, IndexOptions{.threads = 2});
  ASSERT_TRUE(writer) << writer.error().to_string();
  ASSERT_TRUE(write_generation(*writer, 0));

  std::atomic<bool> writing{true};
  std::atomic<int> committed{0};  // the newest generation whose commit returned
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto fail = [&](std::string what) {
    std::lock_guard lock(failures_mutex);
    if (failures.size() < 20) failures.push_back(std::move(what));
  };
  std::atomic<long> searches{0};  // that succeeded
  std::atomic<long> searches_during_writes{0};
  // kBusy: commits outpaced every retry, as the Searcher's contract allows
  // (README's table of classes: Searcher); a loaded machine sees it.
  std::atomic<long> busy_during_writes{0};
  std::atomic<int> generations_seen_by_readers{0};

  auto reader = [&](int reader_number) {
    std::mt19937 random(static_cast<unsigned>(reader_number));
    auto searcher = Searcher::Open(index);  // one Searcher per thread
    if (!searcher) return fail("open: " + searcher.error().to_string());
    int newest_seen = 0;
    std::set<int> seen;
    while (writing.load() || searches.load() < 20) {
      const int floor = committed.load();  // committed before this search started
      const bool started_while_writing = writing.load();
      SearchRequest request;
      const int kind = static_cast<int>(random() % 4);
      int asked = -1;
      if (kind == 0) {
        request.query = "marker";
      } else if (kind == 1) {
        request.query = "";  // match all
      } else if (kind == 2) {
        asked = floor + static_cast<int>(random() % 3) - 1;  // around the newest
        request.query = "gen" + std::to_string(asked);
      } else {
        request.query = "marker";
        request.filters = {{EntityKind::kPerson, "Pompeo"}};
      }
      request.limit = kSlots + 10;
      request.snippet_bytes = (random() % 2) ? 120 : 0;
      request.facet_values = (random() % 2) ? 5 : 0;
      request.sort = (random() % 2) ? SortOrder::kRelevance : SortOrder::kNewest;
      auto results = searcher->search(request);
      if (!results && results.error().code == ErrorCode::kBusy && started_while_writing) {
        ++busy_during_writes;
        continue;
      }
      ++searches;
      if (started_while_writing && writing.load()) ++searches_during_writes;
      if (!results) {
        fail("search \"" + request.query + "\": " + results.error().to_string());
        continue;
      }
      // Every hit from one generation, and exactly that generation's documents.
      std::set<int> generations;
      std::set<std::string> ids;
      for (const Hit& hit : results->hits) {
        generations.insert(generation_of(hit));
        ids.insert(hit.id);
      }
      if (ids.size() != results->hits.size()) fail("a result lists a document twice");
      if (generations.size() > 1) {
        fail("one result mixes generations " + ::testing::PrintToString(generations));
        continue;
      }
      if (results->hits.empty()) {
        // Only a search for a generation that is not the current one (kind 2)
        // or a filter that matched nothing may find nothing.
        if (kind != 2 && kind != 3) fail("\"" + request.query + "\" found nothing");
        continue;
      }
      const int generation = *generations.begin();
      if (generation < 0) {
        fail("unexpected hit " + results->hits.front().title);
        continue;
      }
      if (asked >= 0 && generation != asked) fail("gen" + std::to_string(asked) + " found " +
                                                  std::to_string(generation));
      if (kind != 3 && ids != live_ids(generation)) {
        fail("generation " + std::to_string(generation) + ": " + std::to_string(ids.size()) +
             " documents instead of the " + std::to_string(live_ids(generation).size()) +
             " its commit holds");
      }
      if (results->total != results->hits.size() && kind != 3) {
        fail("total " + std::to_string(results->total) + " but " +
             std::to_string(results->hits.size()) + " hits");
      }
      // Each search sees the latest commit at the time it starts, and never
      // goes back to an older one.
      if (generation < floor) {
        fail("saw generation " + std::to_string(generation) + " after " +
             std::to_string(floor) + " was committed");
      }
      if (generation < newest_seen) {
        fail("went back from generation " + std::to_string(newest_seen) + " to " +
             std::to_string(generation));
      }
      newest_seen = std::max(newest_seen, generation);
      seen.insert(generation);
      if (random() % 8 == 0) {
        std::string id = "slot-" + std::to_string(random() % kSlots);
        auto document = searcher->get(id);
        if (!document && document.error().code != ErrorCode::kNotFound) {
          fail("get " + id + ": " + document.error().to_string());
        }
        auto suggestions = searcher->suggest_entities("Pomp");
        if (!suggestions) fail("suggest: " + suggestions.error().to_string());
      }
    }
    generations_seen_by_readers += static_cast<int>(seen.size());
  };

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) readers.emplace_back(reader, r);
  for (int generation = 1; generation <= kGenerations; ++generation) {
    Status written = write_generation(*writer, generation);
    ASSERT_TRUE(written) << written.error().to_string();
    committed = generation;
  }
  writing = false;
  for (std::thread& thread : readers) thread.join();

  EXPECT_TRUE(failures.empty()) << ::testing::PrintToString(failures);
  EXPECT_GE(searches.load(), 20);
  // The readers really ran while the writer was writing.
  EXPECT_GT(searches_during_writes.load(), 0);
  std::printf("%ld searches, %ld during writes (%ld more busy); readers saw %d generations in all\n",
              searches.load(), searches_during_writes.load(), busy_during_writes.load(),
              generations_seen_by_readers.load());
}

// "Changes become visible to readers, all at once, on commit()"; "destroying
// a writer without commit() discards the uncommitted changes". 300 documents
// is more than a writer batch, so some are already in the engine's
// transaction when the reader looks.
TEST(CommitVisibility, ReadersSeeNothingUntilCommitAndNothingWithoutIt) {
  ScratchDir scratch("visibility");
  const auto index = scratch / "index";
  testing::index_corpus(index);
  auto searcher = Searcher::Open(index);
  ASSERT_TRUE(searcher);
  auto count_marker = [&] {
    auto results = searcher->search(SearchRequest{.query = "marker", .limit = 1000});
    EXPECT_TRUE(results) << results.error().to_string();
    return results ? results->hits.size() : 0;
  };
  {
    auto writer = IndexWriter::Open(index);
    ASSERT_TRUE(writer);
    for (int slot = 0; slot < 300; ++slot) {
      Document document = document_for(slot % kSlots, 1);
      document.id = "v" + std::to_string(slot);
      ASSERT_TRUE(writer->add_or_replace(std::move(document)));
    }
    ASSERT_TRUE(writer->remove(testing::k000));
    auto counted = writer->document_count();  // applies the queue, uncommitted
    ASSERT_TRUE(counted);
    EXPECT_EQ(*counted, 304u);
    EXPECT_EQ(count_marker(), 0u);
    EXPECT_EQ(searcher->document_count(), 5u);
    EXPECT_TRUE(searcher->get(testing::k000));
    // Destroyed without commit().
  }
  EXPECT_EQ(count_marker(), 0u);
  EXPECT_TRUE(searcher->get(testing::k000));
  {
    auto writer = IndexWriter::Open(index);
    ASSERT_TRUE(writer);
    auto counted = writer->document_count();
    ASSERT_TRUE(counted);
    EXPECT_EQ(*counted, 5u) << "uncommitted changes survived the writer";
    for (int slot = 0; slot < 300; ++slot) {
      Document document = document_for(slot % kSlots, 1);
      document.id = "v" + std::to_string(slot);
      ASSERT_TRUE(writer->add_or_replace(std::move(document)));
    }
    ASSERT_TRUE(writer->remove(testing::k000));
    ASSERT_TRUE(writer->commit());
  }
  EXPECT_EQ(count_marker(), 300u);
  EXPECT_EQ(searcher->document_count(), 304u);
  EXPECT_FALSE(searcher->get(testing::k000));
}

TEST(WriterLock, SecondWriterInThisProcessIsLockedOut) {
  ScratchDir scratch("lock");
  const auto index = scratch / "index";
  auto first = IndexWriter::Open(index);
  ASSERT_TRUE(first) << first.error().to_string();
  ASSERT_TRUE(first->add_or_replace(Document{.id = "a", .title = "first writer"}));

  auto second = IndexWriter::Open(index);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kLocked);
  EXPECT_NE(second.error().message.find("index is locked"), std::string::npos)
      << second.error().message;
  EXPECT_NE(second.error().message.find(index.string()), std::string::npos)
      << second.error().message;

  // The failed open disturbed nothing: the first writer goes on.
  ASSERT_TRUE(first->commit());
  // Also from another thread.
  std::thread([&] {
    auto third = IndexWriter::Open(index);
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code, ErrorCode::kLocked);
  }).join();

  // Moving the writer keeps the lock; destroying it releases it.
  IndexWriter moved = std::move(*first);
  EXPECT_FALSE(IndexWriter::Open(index));
  { IndexWriter gone = std::move(moved); }
  auto after = IndexWriter::Open(index);
  ASSERT_TRUE(after) << after.error().to_string();
  auto count = after->document_count();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1u);
}

TEST(WriterLock, ManyThreadsRaceToOpenOnlyOneWins) {
  ScratchDir scratch("lock-race");
  const auto index = scratch / "index";
  { ASSERT_TRUE(IndexWriter::Open(index)); }  // create it
  constexpr int kThreads = 6;
  std::atomic<int> opened{0}, locked{0}, other{0};
  std::vector<std::optional<IndexWriter>> writers(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      auto writer = IndexWriter::Open(index, IndexOptions{.threads = 1});
      if (writer) {
        ++opened;
        writers[t].emplace(std::move(*writer));
      } else if (writer.error().code == ErrorCode::kLocked) {
        ++locked;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), 1);
  EXPECT_EQ(locked.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
}

// "Not thread-safe; use one writer from one thread at a time": a writer can
// be handed from thread to thread.
TEST(WriterThreads, WriterMayMoveBetweenThreads) {
  ScratchDir scratch("writer-threads");
  const auto index = scratch / "index";
  auto writer = IndexWriter::Open(index);
  ASSERT_TRUE(writer);
  std::thread([&] {
    for (int slot = 0; slot < 50; ++slot) ASSERT_TRUE(writer->add_or_replace(document_for(slot, 1)));
  }).join();
  std::thread([&] { ASSERT_TRUE(writer->remove("slot-3")); }).join();
  std::thread([&] { ASSERT_TRUE(writer->commit()); }).join();
  auto searcher = Searcher::Open(index);
  ASSERT_TRUE(searcher);
  EXPECT_EQ(searcher->document_count(), 49u);
  // A Searcher may move between threads too (one thread at a time).
  std::thread([&] {
    auto results = searcher->search(SearchRequest{.query = "gen1", .limit = 100});
    ASSERT_TRUE(results);
    EXPECT_EQ(results->hits.size(), 49u);
  }).join();
}

// The writer's analysis threads (IndexOptions::threads) do not change what is
// indexed: 1 and 8 threads give the same results, hit for hit.
TEST(WriterThreads, WorkerThreadCountDoesNotChangeTheIndex) {
  auto build = [](const std::filesystem::path& index, unsigned threads) {
    auto writer = IndexWriter::Open(index, IndexOptions{.threads = threads});
    ASSERT_TRUE(writer);
    // More than a writer batch (256), so several batches are in flight.
    for (int round = 0; round < 5; ++round) {
      for (int slot = 0; slot < kSlots; ++slot) {
        Document document = document_for(slot, round);
        document.id = "r" + std::to_string(round % 3) + "-" + document.id;
        ASSERT_TRUE(writer->add_or_replace(std::move(document)));
      }
      if (round == 3) ASSERT_TRUE(writer->remove("r0-slot-5"));
    }
    ASSERT_TRUE(writer->commit());
  };
  ScratchDir scratch("worker-threads");
  build(scratch / "one", 1);
  build(scratch / "eight", 8);
  auto one = Searcher::Open(scratch / "one");
  auto eight = Searcher::Open(scratch / "eight");
  ASSERT_TRUE(one && eight);
  EXPECT_EQ(one->document_count(), 3u * kSlots - 1);
  EXPECT_EQ(*eight->document_count(), *one->document_count());
  for (const char* query : {"marker", "gen3", "gen4", "pompeo", "\"slot 7\"", "", "person:Maduro"}) {
    SearchRequest request{.query = query, .limit = 1000};
    auto a = one->search(request);
    auto b = eight->search(request);
    ASSERT_TRUE(a && b) << query;
    ASSERT_EQ(a->hits.size(), b->hits.size()) << query;
    for (std::size_t i = 0; i < a->hits.size(); ++i) {
      EXPECT_EQ(a->hits[i].id, b->hits[i].id) << query;
      EXPECT_EQ(a->hits[i].title, b->hits[i].title) << query;
      EXPECT_DOUBLE_EQ(a->hits[i].score, b->hits[i].score) << query;
    }
  }
}

// EntityRecognizer: "recognize() may be called from any number of threads at
// once" and gives what one thread gets.
TEST(RecognizerThreads, RecognizeFromManyThreadsAtOnce) {
  const EntityRecognizer& recognizer = EntityRecognizer::Default();
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(testing::kCorpusDir)) {
    auto report = read_documents(entry.path(), [&](Document&& document) {
      texts.push_back(document.title + "\n" + document.body);
      return Status{};
    });
    ASSERT_TRUE(report);
  }
  ASSERT_FALSE(texts.empty());
  auto flatten = [](const Result<std::vector<EntityMention>>& mentions) {
    if (!mentions) return "error: " + mentions.error().to_string();
    std::string out;
    for (const EntityMention& m : *mentions) {
      out += std::to_string(static_cast<int>(m.kind)) + ":" + std::to_string(m.begin) + "-" +
             std::to_string(m.end) + ":" + m.surface + "\n";
    }
    return out;
  };
  std::vector<std::string> expected;
  for (const std::string& text : texts) expected.push_back(flatten(recognizer.recognize(text)));
  // The corpus names people and places: the comparison below must compare something.
  for (const std::string& mentions : expected) ASSERT_NE(mentions, "");

  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 4; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          std::size_t k = (i + static_cast<std::size_t>(t)) % texts.size();
          if (flatten(recognizer.recognize(texts[k])) != expected[k]) ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace dossier
