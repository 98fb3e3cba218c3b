// What the tagger works out from a word alone, remembered across documents:
// its WordInfo and, per model stage, the summed weights of its word features
// (FeatureExtractor::own_features, and neighbour_features as the word before
// a token and after one, and in the first stage two before and two after).
// News repeats its words, so most tokens are found here instead of being
// described, hashed and looked up again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entities/ner_model.h"

namespace dossier::entities {

// Not thread-safe: one per thread.
class WordCache {
 public:
  // Entries a cache keeps between documents (about 730 bytes each: 12 MB);
  // more are forgotten at the next begin_document (a document may add any
  // number). On BBC News about 8% of tokens are then words not in the cache
  // (12% with half as many kept, which costs 3% more instructions).
  static constexpr std::size_t kMaxKept = std::size_t{1} << 14;

  // Before each document: starts afresh for another model (or one without
  // an identity), or once the cache holds more than kMaxKept words. Ids
  // from find_or_add stay valid until the next call.
  void begin_document(const NerModel& model);

  // The id of a word, describing and scoring it on first sight.
  std::uint32_t find_or_add(std::string_view word);

  const WordInfo& info(std::uint32_t id) const { return entries_[id].info; }
  // offset 0: the word's own features; -1 and 1: as neighbour_features.
  const StageWeights::Sums& sums(std::uint32_t id, int stage, int offset) const {
    return entries_[id].sums[stage][offset + 1];
  }
  // The same for the sentence's edge before its first word (end false) or
  // after its last.
  const StageWeights::Sums& edge_sums(bool end, int stage, int offset) const {
    return edges_[end].sums[stage][offset + 1];
  }
  // The first stage only: as neighbour_features at offset -2 (the word two
  // before a token) or 2 (two after); and the same for the edges.
  const StageWeights::Sums& two_away_sums(std::uint32_t id, int offset) const {
    return entries_[id].two_away[offset > 0];
  }
  const StageWeights::Sums& edge_two_away_sums(bool end, int offset) const {
    return edges_[end].two_away[offset > 0];
  }

 private:
  struct Entry {
    WordInfo info;
    StageWeights::Sums sums[kMaxStages][3];  // [stage][offset + 1]
    StageWeights::Sums two_away[2];          // first stage: [offset > 0] of -2, 2
  };
  void score(Entry& entry, std::size_t bytes, bool edge);
  // Open addressing: the word hash's high bits and entry id + 1 (0: empty).
  struct Slot {
    std::uint32_t check = 0;
    std::uint32_t id_plus_1 = 0;
  };
  void clear();
  void grow();
  std::string_view word(std::uint32_t id) const {
    return std::string_view(chars_).substr(word_begin_[id], word_begin_[id + 1] - word_begin_[id]);
  }

  const NerModel* model_ = nullptr;
  std::uint64_t model_serial_ = 0;
  std::vector<Entry> entries_;
  Entry edges_[2];
  std::string chars_;                      // every word, end to end
  std::vector<std::uint32_t> word_begin_;  // entry i's word: chars_[word_begin_[i], word_begin_[i + 1])
  std::vector<Slot> slots_;
  WordScratch scratch_;
  std::vector<std::uint64_t> feats_;
};

}  // namespace dossier::entities
