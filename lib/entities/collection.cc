#include "entities/collection.h"

#include <algorithm>
#include <bit>
#include <functional>
#include <utility>

namespace dossier::entities {
namespace {

// String views to 32-bit values in one flat array (open addressing, linear
// probing). A collection has as many keys as the index has entities, and a
// node-based map's allocation per key cost more than the rules themselves
// (this runs on the first facet search after a commit that names a new
// entity, search/entity_representatives.h).
class ViewTable {
 public:
  explicit ViewTable(std::size_t expected)
      : slots_(std::bit_ceil(std::max<std::size_t>(16, expected * 2))), mask_(slots_.size() - 1) {}

  // The value of `key`, and whether it was absent (then set to `value`).
  std::pair<std::uint32_t*, bool> try_emplace(std::string_view key, std::uint32_t value) {
    for (std::size_t i = std::hash<std::string_view>{}(key) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (!slot.used) {
        slot = {key, value, true};
        return {&slot.value, true};
      }
      if (slot.key == key) return {&slot.value, false};
    }
  }

  const std::uint32_t* find(std::string_view key) const {
    for (std::size_t i = std::hash<std::string_view>{}(key) & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (slot.key == key) return &slot.value;
    }
  }

 private:
  struct Slot {
    std::string_view key;
    std::uint32_t value = 0;
    bool used = false;
  };
  std::vector<Slot> slots_;  // at most half full: probes stay short
  std::size_t mask_;
};

}  // namespace

std::vector<std::uint32_t> collection_representatives(std::span<const CollectionEntity> entities) {
  const auto n = static_cast<std::uint32_t>(entities.size());
  std::vector<std::uint32_t> rep(n);
  // Majority kind: the entry of each key with the most articles.
  ViewTable by_key(n);
  std::vector<const std::uint32_t*> best_of_key(n);  // into by_key, which never moves
  for (std::uint32_t i = 0; i < n; ++i) {
    auto [best, inserted] = by_key.try_emplace(entities[i].key, i);
    if (!inserted && entities[i].documents > entities[*best].documents) *best = i;
    best_of_key[i] = best;
  }
  for (std::uint32_t i = 0; i < n; ++i) rep[i] = *best_of_key[i];

  // Surnames: a person key that ends longer person keys ("pompeo", "abdo
  // benitez") -> the one person they all stand for ("mario abdo benitez").
  // Longest keys first, so that a shorter key that is itself resolved
  // ("abdo benitez") registers its tails under the same person.
  constexpr std::uint32_t kAmbiguous = UINT32_MAX;
  // (words, index) of each person, most words first, in index order within.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_words;
  std::size_t tails = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (rep[i] != i || entities[i].kind != EntityKind::kPerson) continue;
    const auto words = std::count(entities[i].key.begin(), entities[i].key.end(), ' ');
    by_words.emplace_back(static_cast<std::uint32_t>(words), i);
    tails += static_cast<std::size_t>(words);
  }
  std::sort(by_words.begin(), by_words.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::uint32_t> people;
  people.reserve(by_words.size());
  for (const auto& [words, i] : by_words) people.push_back(i);
  ViewTable by_tail(tails);
  for (std::uint32_t i : people) {
    std::string_view key = entities[i].key;
    const std::uint32_t* known = by_tail.find(key);
    if (known && *known != kAmbiguous) rep[i] = *known;
    for (std::size_t space = key.find(' '); space != std::string_view::npos;
         space = key.find(' ', space + 1)) {
      auto [stands_for, inserted] = by_tail.try_emplace(key.substr(space + 1), rep[i]);
      if (!inserted && *stands_for != rep[i]) *stands_for = kAmbiguous;
    }
  }
  for (std::uint32_t i = 0; i < n; ++i) rep[i] = rep[rep[i]];
  return rep;
}

}  // namespace dossier::entities
