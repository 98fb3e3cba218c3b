#include "entities/collection.h"

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

  // Surnames: a one-word person key -> the only longer person key ending in it.
  constexpr std::uint32_t kAmbiguous = UINT32_MAX;
  std::unordered_map<std::string_view, std::uint32_t> by_surname;
  for (std::uint32_t i = 0; i < n; ++i) {
    const CollectionEntity& e = entities[i];
    std::size_t space = e.key.rfind(' ');
    if (rep[i] != i || e.kind != EntityKind::kPerson || space == std::string_view::npos) continue;
    auto [it, inserted] = by_surname.try_emplace(e.key.substr(space + 1), i);
    if (!inserted) it->second = kAmbiguous;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const CollectionEntity& e = entities[rep[i]];
    if (e.kind != EntityKind::kPerson || e.key.find(' ') != std::string_view::npos) continue;
    auto it = by_surname.find(e.key);
    if (it != by_surname.end() && it->second != kAmbiguous) rep[i] = it->second;
  }
  return rep;
}

}  // namespace dossier::entities
