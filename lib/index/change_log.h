// Which documents each commit touched, kept in the index's metadata, so that a
// reader can bring what it derived from one revision up to a later one
// instead of deriving it all again (search/facet_column.h).
//
// The log holds one record per commit for the last kChangeLogCommits commits:
// the revision the commit made and the docids it added, replaced or deleted.
// A commit that touched more than kChangeLogMaxDocids documents records that
// it did, not which: readers then start again from scratch.
#pragma once

#include <xapian.h>

#include <optional>
#include <vector>

namespace dossier::index {

inline constexpr std::size_t kChangeLogCommits = 64;
inline constexpr std::size_t kChangeLogMaxDocids = 200'000;

// The writer's side. Not thread-safe (the writer's).
class ChangeLog {
 public:
  void touched(Xapian::docid docid) { touched_.push_back(docid); }
  // Forgets what was touched (the transaction was cancelled).
  void clear() { touched_.clear(); }
  // Adds this commit's record to the log, inside the open transaction, just
  // before the commit that makes revision get_revision() + 1; then clear().
  void write(Xapian::WritableDatabase& database);

 private:
  std::vector<Xapian::docid> touched_;
};

// The documents touched by the commits after revision `from` up to `to`,
// sorted and unique; nullopt when the log does not cover every one of them.
std::optional<std::vector<Xapian::docid>> changed_between(const Xapian::Database& database,
                                                          Xapian::rev from, Xapian::rev to);

}  // namespace dossier::index
