// Opening the databases a Searcher reads: one local index, or several shards
// (local paths or "tcp://host:port" xapian-tcpsrv addresses) searched as one.
//
// Xapian combines the shards: term statistics are summed before weighting, so
// BM25 ranks exactly as over one index holding every document. Documents get
// interleaved docids in the combined database ((shard docid - 1) * shards +
// shard number + 1), but note two Xapian 1.4 quirks the rest of the search
// code works around:
//   - get_metadata() on a combined database reads the first shard only (so
//     per-shard metadata is read through `parts`, see facets.h EntityCatalog);
//   - a Xapian::Document met during a multi-database match (in a MatchSpy,
//     or from MSetIterator::get_document()) reports its docid *within its
//     shard*, so docid-indexed side tables only work for a single database.
//
// Remote shards: every call to a xapian-tcpsrv server gives up after
// remote_timeout_ms() (default 10 s; environment variable
// DOSSIER_REMOTE_TIMEOUT_MS overrides it) and raises Xapian::NetworkError,
// which shard_unavailable() turns into ErrorCode::kUnavailable naming the shard.
#pragma once

#include <xapian.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier::search {

struct OpenedShards {
  Xapian::Database database;  // all shards combined; Xapian merges their statistics
  // Each shard on its own, in the order given. They share their connection and
  // state with `database` (reopening one reopens the other).
  std::vector<Xapian::Database> parts;
  bool any_remote = false;    // some shard is a tcp:// address
  AnalysisOptions analysis;   // the settings every shard was created with
  std::string aliases;        // the alias file text every shard stores (may be empty)
};

// Tells whether a local index may have a new commit, with one stat() of its
// version file: Xapian's reopen() opens and reads that file each time, which
// cost a plain search more system time than its own matching. The version file
// is replaced at every commit, so a commit changes its inode or times.
// Not thread-safe (one per Searcher).
class CommitWatch {
 public:
  // Call before opening the database, so that no commit can fall between the
  // database's revision and the watch's first look.
  explicit CommitWatch(const std::filesystem::path& index);

  // True when the version file changed since the last call (or cannot be
  // read); the caller then reopens the database.
  bool changed();
  // Makes the next changed() true (after a DatabaseModifiedError).
  void invalidate() { settled_ = false; }

 private:
  bool look(struct stat& seen) const;

  std::string version_file_;
  struct stat seen_ {};
  bool settled_ = false;  // seen_ is readable and too old to be mistaken
};

// "tcp://host:port".
bool is_remote_shard(std::string_view shard);

// Fails with kNotFound for a missing path, kUnavailable for an unreachable
// server, kIncompatible for a directory that is not a Dossier index or shards
// created with different analysis settings or alias files.
Result<OpenedShards> open_shards(const std::vector<std::string>& shards);

// Every shard opened again and combined, without the checks open_shards
// makes (its caller made them): new connections to the remote shards.
Result<Xapian::Database> open_combined(const std::vector<std::string>& shards);

// Milliseconds a remote shard may take to answer before the call fails.
unsigned remote_timeout_ms();

// The error for a Xapian::NetworkError (connection lost, timeout) raised while
// `context` was being done: kUnavailable, naming the shard that failed when
// Xapian says which one ("shard tcp://10.0.0.7:7000 is unavailable: ...").
Error shard_unavailable(const std::vector<std::string>& shards, const Xapian::Error& error,
                        std::string_view context);

}  // namespace dossier::search
