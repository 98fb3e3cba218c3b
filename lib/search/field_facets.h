// The source and keyword-field facets and the timeline from what a search
// counted, whichever way it counted (the attribute column, or Xapian's
// ValueCountMatchSpy over shards: facets.h).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dossier/searcher.h"
#include "search/attribute_column.h"

namespace dossier::search {

// What one search counted: each (field, value) with its matches in
// AttributeKey::documents, and the matches per publication day.
struct AttributeCounts {
  std::vector<AttributeKey> values;
  std::vector<std::pair<std::int32_t, std::size_t>> days;  // sorted by day
  std::size_t undated = 0;
  // False when `values` holds only some values (term_facets.h): a field's
  // distinct number is then at least its entry here, and not exact.
  bool distinct_exact = true;
  std::map<std::string, std::size_t, std::less<>> distinct;
};

// "source" first, then each of `field_names` (sorted); the top `limit` values
// of each, most frequent first, ties by value.
std::vector<FieldFacet> field_facets(const AttributeCounts& counts,
                                     const std::vector<std::string>& field_names,
                                     std::size_t limit);

// From ValueCountMatchSpy results on kAttributesSlot and kPublishedSlot over
// `matches` matches: splits each combination of attributes into its pairs
// (an article counts once for each pair it has, the per-value count).
AttributeCounts split_attribute_counts(const Xapian::ValueCountMatchSpy& attributes,
                                       const Xapian::ValueCountMatchSpy& days,
                                       Xapian::doccount matches);

}  // namespace dossier::search
