#include "entities/collection.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

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
  // (words, index) of each person, most words first, in index order within.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_words;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (rep[i] != i || entities[i].kind != EntityKind::kPerson) continue;
    const auto words = std::count(entities[i].key.begin(), entities[i].key.end(), ' ');
    by_words.emplace_back(static_cast<std::uint32_t>(words), i);
  }
  std::sort(by_words.begin(), by_words.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::uint32_t> people;
  people.reserve(by_words.size());
  for (const auto& [words, i] : by_words) people.push_back(i);
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
