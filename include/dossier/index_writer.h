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
// Thread-safety: not thread-safe; use one writer from one thread at a time.
// It analyses documents on its own worker threads (IndexOptions::threads).
class IndexWriter {
 public:
  static Result<IndexWriter> Open(const std::filesystem::path& directory,
                                  const IndexOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();

  // Queues a document; one with the same id, committed or queued, is replaced.
  // Fails with kInvalidArgument for an empty id or one longer than 200 bytes.
  Status add_or_replace(const Document& document);
  Status add_or_replace(Document&& document);

  // Removes the document with this id, if any (not an error when absent).
  Status remove(std::string_view id);

  // Makes every change since the last commit durable and visible, atomically.
  Status commit();

  // Documents in the index, counting uncommitted changes.
  Result<std::size_t> document_count();

  const AnalysisOptions& analysis() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
