#include "search/copies.h"

#include <algorithm>

#include "index/schema.h"

namespace dossier::search {

index::SummaryCopyGroup copy_group_of(const Xapian::Document& document,
                                      const index::Summary* summary) {
  std::optional<index::Summary> read;
  if (!summary) {
    // One value read, as the group's own slot would be, and it has the mark.
    if (auto decoded = index::decode_summary(document.get_value(index::kSummarySlot))) {
      read = std::move(*decoded);
      summary = &*read;
    }
  }
  if (summary && summary->copy_group) return summary->copy_group.value();
  return {document.get_value(index::kCopyGroupSlot), /*may_have_copies=*/true, std::nullopt};
}

namespace {

// From the group's XK terms: their frequencies sum to the group's members,
// and an outlet other than the article's own, or its own shared with a copy,
// is a copy's.
void describe_copies_from_outlet_terms(const Xapian::Database& database,
                                       const index::SummaryCopyGroup& group, Hit& hit) {
  const std::string own = index::copy_outlet_term(group.key, *group.outlet);
  const std::string prefix = index::copy_outlet_term(group.key, "");
  Xapian::doccount members = 0;
  for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix);
       ++term) {
    const Xapian::doccount articles = term.get_termfreq();
    members += articles;
    const std::string name = *term;  // (a copy: the iterator gives no reference)
    if (name.size() > prefix.size() && articles > (name == own ? 1u : 0u)) {
      hit.copy_sources.emplace_back(name, prefix.size());  // in term order: sorted
    }
  }
  if (members <= 1) {
    hit.copy_sources.clear();
    return;
  }
  hit.other_copies = members - 1;
}

}  // namespace

void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     const index::SummaryCopyGroup& group, bool outlet_terms, Hit& hit) {
  if (group.key.empty()) return;
  // A summary's mark knows nothing of other shards' articles.
  if (!group.may_have_copies && database.size() == 1) return;
  if (outlet_terms && group.outlet) {
    describe_copies_from_outlet_terms(database, group, hit);
    return;
  }
  const std::string term = std::string(index::kCopyGroupPrefix) + group.key;
  const Xapian::doccount members = database.get_termfreq(term);
  if (members <= 1) return;
  hit.other_copies = members - 1;
  std::size_t read = 0;
  for (auto posting = database.postlist_begin(term);
       posting != database.postlist_end(term) && read < kMaxCopiesRead; ++posting) {
    if (*posting == docid) continue;
    ++read;
    // A posting names a document that exists: no need to check it.
    const Xapian::Document copy = database.get_document(*posting, Xapian::DOC_ASSUME_VALID);
    index::for_each_attribute(copy.get_value(index::kAttributesSlot),
                              [&](std::string_view name, std::string_view value) {
                                if (name == index::kSourceField) hit.copy_sources.emplace_back(value);
                              });
  }
  std::sort(hit.copy_sources.begin(), hit.copy_sources.end());
  hit.copy_sources.erase(std::unique(hit.copy_sources.begin(), hit.copy_sources.end()),
                         hit.copy_sources.end());
}

}  // namespace dossier::search
