// What the entity tagger knows about one word on its own, before any context:
// its normalised form, affixes, shapes and case flags, and which gazetteer
// entries a run of normalised words matches. Shared by the runtime and the
// trainer, which must agree bit for bit (the hashes are part of the model).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace dossier::entities {

using util::mix64;

inline std::uint64_t hash_bytes(std::string_view s) { return mix64(util::fnv1a64(s)); }

inline std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) {
  return mix64(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

// The lower-cased, accent-folded form of a word with digits mapped to '0' and
// typographic quotes to ASCII: the key for word-identity features and lexicons.
void normalize_word(std::string_view word, std::string& out);

// Hash of a normalised multi-word sequence, built word by word.
inline std::uint64_t seq_hash(std::uint64_t prev, std::uint64_t word_hash) {
  return hash_combine(prev ^ 0x5bd1e995ULL, word_hash);
}
inline constexpr std::uint64_t kSeqSeed = 0x2545f4914f6cdd1dULL;

// Case and character-class flags of a word as written.
enum WordFlag : std::uint8_t {
  kInitCap = 1, kAllCaps = 2, kHasLower = 4, kHasLetter = 8, kHasDigit = 16,
  kNoAlnum = 32,
};

// One word, hashed. Immutable once described.
struct WordInfo {
  std::uint64_t lower = 0;   // normalised word
  std::uint64_t raw = 0;     // word as written (digits folded)
  std::uint64_t shape = 0;   // "Xxxx", "X.X.", "dddd-dd"
  std::uint64_t cshape = 0;  // runs collapsed: "Xx", "X.X.", "d-d"
  std::uint64_t prefix[4] = {};  // first 1..4 characters of the normalised form (0: too short)
  std::uint64_t suffix[4] = {};  // last 1..4 characters
  std::uint8_t flags = 0;        // WordFlag bits
};

// Reusable buffers for describe_word: one set per thread.
struct WordScratch {
  std::string norm, shape, cshape, raw;
};

void describe_word(std::string_view word, WordScratch& scratch, WordInfo& out);

// Gazetteers: word sequences (normalised) -> bitmask of lexicon categories.
// Not thread-safe to fill; const lookups may be shared across threads.
class Lexicon {
 public:
  void add(std::uint64_t seq, std::uint32_t mask, int length);
  // Inline: called for every run of up to max_length() words.
  std::uint32_t find(std::uint64_t seq) const {
    if (keys_.empty()) return 0;
    if (seq == 0) seq = 1;
    std::size_t m = keys_.size() - 1;
    for (std::size_t i = seq & m;; i = (i + 1) & m) {
      if (keys_[i] == seq) return masks_[i];
      if (keys_[i] == 0) return 0;
    }
  }
  int max_length() const { return max_length_; }
  std::size_t size() const { return count_; }
  // (hash, mask) pairs for serialisation, in table order.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i] != 0) f(keys_[i], masks_[i]);
  }
  void set_max_length(int n) { max_length_ = n; }

 private:
  void grow();
  std::vector<std::uint64_t> keys_;  // 0 = empty slot
  std::vector<std::uint32_t> masks_;
  std::size_t count_ = 0;
  int max_length_ = 0;
};

}  // namespace dossier::entities
