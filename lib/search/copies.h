// What a hit says about its copies (index/near_duplicate.h): how many other
// articles share its copy group, and their outlets.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "dossier/searcher.h"

namespace dossier::search {

// Outlets are read from at most this many copies of one hit.
inline constexpr std::size_t kMaxCopiesRead = 100;

// The copy group key of `document` (empty: none): the one its summary keeps
// when it keeps one (index/schema.h), else its kCopyGroupSlot value.
std::string copy_group_of(const Xapian::Document& document,
                          std::optional<std::string> from_summary);

// Fills hit.other_copies and hit.copy_sources for the article `docid` of
// `database`, whose copy group is `group`. Cost: one term frequency, and for
// an article with copies a posting list and one value per copy read.
void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     std::string_view group, Hit& hit);

}  // namespace dossier::search
