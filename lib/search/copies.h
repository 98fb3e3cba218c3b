// What a hit says about its copies (index/near_duplicate.h): how many other
// articles share its copy group, and their outlets.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "dossier/searcher.h"
#include "index/schema.h"

namespace dossier::search {

// Without copy-outlet terms, outlets are read from at most this many copies
// of one hit.
inline constexpr std::size_t kMaxCopiesRead = 100;

// The copy group of `document`: the one its summary keeps, with its mark
// (`summary`, or read here when null), else, for an article whose summary
// predates the group, its kCopyGroupSlot value, to be looked up.
index::SummaryCopyGroup copy_group_of(const Xapian::Document& document,
                                      const index::Summary* summary = nullptr);

// Fills hit.other_copies and hit.copy_sources for the article `docid` of
// `database`, in copy group `group`. Cost: nothing for an article marked as
// having no copies in a one-shard `database` (a mark knows nothing of other
// shards); else, when every shard has copy-outlet terms (`outlet_terms`,
// index::kCopyOutletTermsKey) and `group` knows the article's outlet, one
// scan of the group's XK terms; else one term frequency, and for an article
// with copies a posting list and one value per copy read.
void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     const index::SummaryCopyGroup& group, bool outlet_terms, Hit& hit);

}  // namespace dossier::search
