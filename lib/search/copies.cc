#include "search/copies.h"

#include <algorithm>

#include "index/schema.h"

namespace dossier::search {

void describe_copies(const Xapian::Database& database, Xapian::docid docid,
                     const Xapian::Document& document, Hit& hit) {
  const std::string group = document.get_value(index::kCopyGroupSlot);
  if (group.empty()) return;
  const std::string term = std::string(index::kCopyGroupPrefix) + group;
  const Xapian::doccount members = database.get_termfreq(term);
  if (members <= 1) return;
  hit.other_copies = members - 1;
  std::size_t read = 0;
  for (auto posting = database.postlist_begin(term);
       posting != database.postlist_end(term) && read < kMaxCopiesRead; ++posting) {
    if (*posting == docid) continue;
    ++read;
    index::for_each_attribute(database.get_document(*posting).get_value(index::kAttributesSlot),
                              [&](std::string_view name, std::string_view value) {
                                if (name == index::kSourceField) hit.copy_sources.emplace_back(value);
                              });
  }
  std::sort(hit.copy_sources.begin(), hit.copy_sources.end());
  hit.copy_sources.erase(std::unique(hit.copy_sources.begin(), hit.copy_sources.end()),
                         hit.copy_sources.end());
}

}  // namespace dossier::search
