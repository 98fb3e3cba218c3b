// Every document a boolean query matches, straight from the posting lists.
//
// Counting facets needs the set of matches, not their ranking. Xapian's
// matcher costs several hundred instructions per match even with BoolWeight
// (it builds an MSet item, or a Document for a MatchSpy, for each). For the
// queries people type most (words, AND, OR, NOT, entity filters), walking the
// posting lists with PostingIterator::skip_to costs a few dozen.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace dossier::search {

class MatchCursor;

// A query compiled into posting-list cursors. Not thread-safe; one per search.
class MatchWalk {
 public:
  // Null when the query uses an operator the walk does not evaluate (phrases,
  // NEAR, wildcards, value ranges, ...): use Xapian's matcher then.
  static std::unique_ptr<MatchWalk> Compile(const Xapian::Database& database,
                                            const Xapian::Query& query);
  ~MatchWalk();

  // Calls on_match(docid) for each match, in ascending docid order; returns
  // how many there were.
  Xapian::doccount for_each(const std::function<void(Xapian::docid)>& on_match);

  // The next matches, in ascending docid order, into `docids` (up to its
  // size); returns how many, 0 once every match was given. Counting in
  // batches keeps the per-match work a tight loop with no call per match.
  std::size_t next_batch(std::span<Xapian::docid> docids);

  // How many matches there are in all, when known before walking them (a
  // single term's or everything's: their frequency is exact).
  std::optional<Xapian::doccount> known_matches() const;

 private:
  explicit MatchWalk(std::unique_ptr<MatchCursor> root);
  std::unique_ptr<MatchCursor> root_;
};

}  // namespace dossier::search
