#include "entities/collection.h"

#include <algorithm>
#include <unordered_map>

namespace dossier::entities {

std::vector<std::uint32_t> collection_representatives(std::span<const CollectionEntity> entities) {
  const auto n = static_cast<std::uint32_t>(entities.size());
  std::vector<std::uint32_t> rep(n);
  // Majority kind: the entry of each key with the most articles.
  std::unordered_map<std::string_view, std::uint32_t> by_key;
  by_key.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto [it, inserted] = by_key.try_emplace(entities[i].key, i);
    if (!inserted && entities[i].documents > entities[it->second].documents) it->second = i;
  }
  for (std::uint32_t i = 0; i < n; ++i) rep[i] = by_key.at(entities[i].key);

  // Surnames: a person key that ends longer person keys ("pompeo", "abdo
  // benitez") -> the one person they all stand for ("mario abdo benitez").
  // Longest keys first, so that a shorter key that is itself resolved
  // ("abdo benitez") registers its tails under the same person.
  constexpr std::uint32_t kAmbiguous = UINT32_MAX;
  auto words = [&](std::uint32_t i) {
    return std::count(entities[i].key.begin(), entities[i].key.end(), ' ');
  };
  std::vector<std::uint32_t> people;
  for (std::uint32_t i = 0; i < n; ++i)
    if (rep[i] == i && entities[i].kind == EntityKind::kPerson) people.push_back(i);
  std::stable_sort(people.begin(), people.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return words(a) > words(b); });
  std::unordered_map<std::string_view, std::uint32_t> by_tail;
  for (std::uint32_t i : people) {
    std::string_view key = entities[i].key;
    auto known = by_tail.find(key);
    if (known != by_tail.end() && known->second != kAmbiguous) rep[i] = known->second;
    for (std::size_t space = key.find(' '); space != std::string_view::npos;
         space = key.find(' ', space + 1)) {
      auto [it, inserted] = by_tail.try_emplace(key.substr(space + 1), rep[i]);
      if (!inserted && it->second != rep[i]) it->second = kAmbiguous;
    }
  }
  for (std::uint32_t i = 0; i < n; ++i) rep[i] = rep[rep[i]];
  return rep;
}

}  // namespace dossier::entities
