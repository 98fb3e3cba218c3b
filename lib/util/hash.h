// 64-bit hashing, one definition for every user: entity-model features and
// checksums, shard assignment, the benchmark generator. Changing either
// function changes trained models and which shard an id belongs to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dossier::util {

// FNV-1a over bytes.
inline std::uint64_t fnv1a64(const unsigned char* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

inline std::uint64_t fnv1a64(std::string_view text) {
  return fnv1a64(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

// SplitMix64's finaliser: spreads every input bit over the output, which
// FNV alone does poorly for the low bits a table index uses.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace dossier::util
