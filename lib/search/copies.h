// What a hit says about its copies (index/near_duplicate.h): how many other
// articles share its copy group, and their outlets.
#pragma once

#include <xapian.h>

#include "dossier/searcher.h"

namespace dossier::search {

// Outlets are read from at most this many copies of one hit.
inline constexpr std::size_t kMaxCopiesRead = 100;

// Fills hit.other_copies and hit.copy_sources for `document`, an article of
// `database` (docid `docid` there). Cost: one term frequency, and for an
// article with copies a posting list and one value per copy read.
void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     const Xapian::Document& document, Hit& hit);

}  // namespace dossier::search
