#include "search/copies.h"

#include <algorithm>

#include "index/schema.h"

namespace dossier::search {

std::string copy_group_of(const Xapian::Document& document,
                          std::optional<std::string> from_summary) {
  if (from_summary) return std::move(*from_summary);
  return document.get_value(index::kCopyGroupSlot);
}

void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     std::string_view group, Hit& hit) {
  if (group.empty()) return;
  std::string term(index::kCopyGroupPrefix);
  term += group;
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
