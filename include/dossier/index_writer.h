// Adding, replacing and removing articles.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "dossier/document.h"
#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier {

// The single writer of an index. Opening takes the index's write lock: a
// second IndexWriter on the same directory, in this process or another, gets
// ErrorCode::kLocked ("index is locked") until the first is destroyed.
//
// Changes become visible to readers, all at once, on commit(); a crash before
// commit() leaves the index exactly as the last commit left it. Destroying a
// writer without commit() discards the uncommitted changes.
//
// When a call fails (a write the disk refuses, an engine error, a failure
// while analysing an article on a worker thread), the writer goes back to the
// last commit: every change since then (queued, analysed or already handed to
// the engine) is discarded, nothing of it is ever published, and the error
// names the cause and ends "every change since the last commit was
// discarded". The writer stays usable: re-add what the failed calls carried
// (everything since the last successful commit) and commit again. To get back
// to the last commit the writer closes and reopens the index; if reopening
// fails (the disk is gone, or another writer took the lock in that moment),
// every later call fails with an error saying so until a call manages to
// reopen it. Calls refused before they touch the index (kInvalidArgument for
// a bad id) discard nothing. One failure is not an error but a crash, in
// Xapian 1.4: a write that fails while Xapian writes out buffered values (at
// a commit, and every 2,000 articles before it: see Memory), or a second one
// failing while a failed commit unwinds, can make Xapian throw from a
// destructor, and the process aborts (std::terminate); the index then holds
// the last commit, as after any crash.
//
// A new IndexOptions::entity_aliases file (one whose text differs from the
// aliases stored in the index) is applied by Open(): the entities of every
// article already indexed are derived again with it, and the file and the new
// entity terms are committed together. Display names of entities that no
// article names any more are removed at commit.
//
// Memory: the engine buffers uncommitted changes; the writer has it write
// them into the index (still uncommitted) as it goes: postings and positions
// every XAPIAN_FLUSH_THRESHOLD documents, an environment variable Xapian reads
// when a writer opens (default 10000; set it before starting threads), values
// every 2,000 documents, and spelling-dictionary changes every 50,000
// distinct words. So a writer's memory hardly grows with the articles of one
// commit: 100,000 news articles in one commit peaked at 220 MB. (Xapian
// writes buffered values out only if some change came after its last flush;
// with a flush threshold that divides the writer's batches of 16 to 256
// articles (1, 2, 4, 8 or 16) none ever has when the writer asks, and values
// stay in memory until the commit, ~2 KB an article.)
//
// Thread-safety: not thread-safe; use one writer from one thread at a time.
// It analyses documents on its own worker threads (IndexOptions::threads), and
// on the caller's thread inside a call that would otherwise wait for them.
class IndexWriter {
 public:
  [[nodiscard]] static Result<IndexWriter> Open(const std::filesystem::path& directory,
                                                const IndexOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();

  // Queues a document; one with the same id, committed or queued, is replaced.
  // Fails with kInvalidArgument for an empty id or one longer than 200 bytes.
  [[nodiscard]] Status add_or_replace(const Document& document);
  [[nodiscard]] Status add_or_replace(Document&& document);

  // Removes the document with this id, if any (not an error when absent).
  [[nodiscard]] Status remove(std::string_view id);

  // Makes every change since the last commit durable and visible, atomically.
  [[nodiscard]] Status commit();

  // Documents in the index, counting uncommitted changes.
  [[nodiscard]] Result<std::size_t> document_count();

  const AnalysisOptions& analysis() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
