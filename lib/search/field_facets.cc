#include "search/field_facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "index/schema.h"

namespace dossier::search {

std::vector<FieldFacet> field_facets(const AttributeCounts& counts,
                                     const std::vector<std::string>& field_names,
                                     std::size_t limit) {
  std::vector<FieldFacet> facets;
  facets.push_back({std::string(index::kSourceField), {}, 0});
  for (const std::string& name : field_names) facets.push_back({name, {}, 0});
  // Values by field, in the order of `facets`.
  std::map<std::string_view, std::vector<const AttributeKey*>> by_field;
  for (const AttributeKey& value : counts.values) by_field[value.field].push_back(&value);
  for (FieldFacet& facet : facets) {
    facet.distinct_exact = counts.distinct_exact;
    auto found = by_field.find(facet.field);
    if (found == by_field.end()) continue;
    std::vector<const AttributeKey*>& values = found->second;
    facet.distinct = values.size();
    if (!counts.distinct_exact) {
      if (auto seen = counts.distinct.find(facet.field); seen != counts.distinct.end()) {
        facet.distinct = std::max(facet.distinct, seen->second);
      }
    }
    const std::size_t kept = std::min(limit, values.size());
    std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(kept),
                      values.end(), [](const AttributeKey* a, const AttributeKey* b) {
                        if (a->documents != b->documents) return a->documents > b->documents;
                        return a->value < b->value;
                      });
    for (std::size_t i = 0; i < kept; ++i) {
      facet.top.push_back({values[i]->value, values[i]->value, values[i]->documents});
    }
  }
  return facets;
}

AttributeCounts split_attribute_counts(const Xapian::ValueCountMatchSpy& attributes,
                                       const Xapian::ValueCountMatchSpy& days,
                                       Xapian::doccount matches) {
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> pairs;
  for (auto value = attributes.values_begin(); value != attributes.values_end(); ++value) {
    const Xapian::doccount articles = value.get_termfreq();
    index::for_each_attribute(*value, [&](std::string_view field, std::string_view text) {
      pairs[{std::string(field), std::string(text)}] += articles;
    });
  }
  AttributeCounts counts;
  for (auto& [pair, articles] : pairs) {
    counts.values.push_back({pair.first, pair.second, static_cast<std::uint32_t>(articles)});
  }
  std::size_t dated = 0;
  for (auto value = days.values_begin(); value != days.values_end(); ++value) {
    const double day = Xapian::sortable_unserialise(*value);
    if (!std::isfinite(day)) continue;
    counts.days.emplace_back(static_cast<std::int32_t>(day), value.get_termfreq());
    dated += value.get_termfreq();
  }
  // The spy lists values in byte order, which sortable_serialise makes
  // numeric order: the days come sorted.
  counts.undated = matches - std::min<std::size_t>(matches, dated);
  return counts;
}

}  // namespace dossier::search
