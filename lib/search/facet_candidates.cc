#include "search/facet_candidates.h"

#include <algorithm>
#include <cmath>

namespace dossier::search {

std::size_t likely_at_most(std::size_t seen, std::size_t sampled, std::size_t matches) {
  if (sampled == 0) return matches;
  const double share_of_sample = (static_cast<double>(seen) + kLikelyMargin * std::sqrt(seen + 1.0) + kLikelyMargin) / sampled;
  return static_cast<std::size_t>(std::ceil(std::min(1.0, share_of_sample) * matches));
}

void keep_counted(const std::vector<CandidateGroup>& groups, const std::vector<EntityCount>& sampled_entities,
                  const std::vector<AttributeKey>& sampled_values, KeyedCounts& counts) {
  const std::size_t prefix = index::kFieldPrefix.size();
  for (const EntityCount& entity : sampled_entities) {
    ++counts.entity_distinct[static_cast<std::size_t>(entity.kind)];
  }
  for (const AttributeKey& value : sampled_values) ++counts.attributes.distinct[value.field];
  for (const CandidateGroup& group : groups) {
    for (const auto& [term, candidate] : group.candidates) {
      if (!candidate.done || candidate.counted == 0) continue;
      const auto counted = static_cast<std::uint32_t>(candidate.counted);
      if (group.field.empty()) {
        counts.entities.push_back(
            {group.kind, term.substr(index::kCanonicalEntityPrefix.size() + 1), counted});
        counts.entity_distinct[static_cast<std::size_t>(group.kind)] += candidate.sampled == 0;
      } else {
        counts.attributes.values.push_back({group.field, term.substr(term.find(':', prefix) + 1), counted});
        counts.attributes.distinct[group.field] += candidate.sampled == 0;
      }
    }
  }
}

std::vector<std::pair<CandidateGroup*, FacetCandidate*>> counting_order(std::vector<CandidateGroup>& groups) {
  std::vector<std::vector<std::pair<CandidateGroup*, FacetCandidate*>>> by_group;
  for (CandidateGroup& group : groups) {
    auto& queue = by_group.emplace_back();
    for (auto& [term, candidate] : group.candidates) {
      if (!candidate.done) queue.emplace_back(&group, &candidate);
    }
    std::stable_sort(queue.begin(), queue.end(), [](const auto& a, const auto& b) {
      if (a.second->sampled != b.second->sampled) return a.second->sampled > b.second->sampled;
      return a.second->upper > b.second->upper;
    });
  }
  std::vector<std::pair<CandidateGroup*, FacetCandidate*>> order;
  for (std::size_t rank = 0;; ++rank) {
    const std::size_t before = order.size();
    for (const auto& queue : by_group) {
      if (rank < queue.size()) order.push_back(queue[rank]);
    }
    if (order.size() == before) return order;
  }
}

}  // namespace dossier::search
