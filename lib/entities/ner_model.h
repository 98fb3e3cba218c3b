// The entity model: lexicons plus one or two stages of perceptron weights
// (feature hash -> sparse per-tag weights, and tag transition weights), its
// binary file format, and Viterbi decoding.
//
// File format (little-endian):
//   "DSRNER\r\n" magic, u32 version, u32 num_tags, u32 num_stages,
//   u32 lexicon max words, u32 lexicon entries, entries x (u64 hash, u32 mask),
//   per stage: f32 transitions[(num_tags + 1) * num_tags] (last row: start),
//              f32 scale, u32 features, features x u64 hash (ascending),
//              features x u8 count, entries x u8 tag, entries x i16 weight/scale,
//   u64 checksum of everything before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "entities/ner_features.h"

namespace dossier::entities {

inline constexpr std::uint32_t kNerModelVersion = 1;
inline constexpr int kMaxStages = 2;

// One stage's weights, ready for lookups.
class StageWeights {
 public:
  // Adds the weights of the given features to scores[kNumTags].
  void accumulate(const std::uint64_t* feats, std::size_t n, float* scores) const;

  // The same in two steps, for callers that keep partial sums (which are
  // exact integers, so the order features are added in does not matter):
  // add_weights adds the stored 16-bit weights to sums, add_scores adds
  // sums converted to weights to scores.
  struct alignas(16) Sums {
    std::int32_t tag[(kNumTags + 3) / 4 * 4] = {};  // whole 16-byte lanes; the rest stay 0
    // Inline: a word's emissions add three remembered sums per stage.
    Sums& operator+=(const Sums& other) {
      using Lanes = std::int32_t __attribute__((vector_size(16)));
      auto* to = reinterpret_cast<Lanes*>(tag);
      const auto* from = reinterpret_cast<const Lanes*>(other.tag);
#pragma GCC unroll 8
      for (int j = 0; j < (kNumTags + 3) / 4; ++j) to[j] += from[j];
      return *this;
    }
  };
  void add_weights(const std::uint64_t* feats, std::size_t n, Sums& sums) const;
  // Inline: once per word and stage.
  void add_scores(const Sums& sums, float* scores) const {
    // Four tags at a time, each lane the same conversion, product and sum as
    // the scalar tail.
    using Floats = float __attribute__((vector_size(16)));
    using Ints = std::int32_t __attribute__((vector_size(16)));
    int t = 0;
    for (; t + 4 <= kNumTags; t += 4) {
      Ints in = *reinterpret_cast<const Ints*>(sums.tag + t);
      Floats out;
      std::memcpy(&out, scores + t, sizeof out);
      out += __builtin_convertvector(in, Floats) * scale_;
      std::memcpy(scores + t, &out, sizeof out);
    }
    for (; t < kNumTags; ++t) scores[t] += static_cast<float>(sums.tag[t]) * scale_;
  }

  float trans[kNumTags + 1][kNumTags] = {};  // [prev][next]; prev == kNumTags: start

  // Building (from a file or the trainer): features must be added before finish().
  void add_feature(std::uint64_t hash, const std::uint8_t* tags, const float* weights,
                   std::size_t count);
  // quantum: the weight one unit of a stored 16-bit value stands for.
  void finish(float quantum);
  // The quantum that spreads this stage's largest weight over 16 bits.
  float quantum() const;
  std::size_t feature_count() const { return hashes_.size(); }

  // Sorted feature hashes with their entry ranges (for writing).
  const std::vector<std::uint64_t>& hashes() const { return hashes_; }
  const std::vector<std::uint32_t>& starts() const { return starts_; }
  const std::vector<std::uint8_t>& entry_tags() const { return entry_tags_; }
  const std::vector<float>& entry_weights() const { return entry_weights_; }

 private:
  std::vector<std::uint64_t> hashes_;  // insertion order
  std::vector<std::uint32_t> starts_;  // entry range of feature i: [starts_[i], starts_[i + 1])
  std::vector<std::uint8_t> entry_tags_;
  std::vector<float> entry_weights_;
  // The lookup form: open addressing, each slot holding its key and its
  // weights (or where they are) so that a lookup touches one or two lines.
  // Slots hold the hash's high 32 bits; the low bits pick the slot, so a
  // false match needs 32 + log2(slots) equal bits (vanishingly rare, and it
  // would only add one stray feature's weights). Weights are the file's
  // 16-bit values (scale_ converts a sum back). Most features have at most
  // kInline weights, kept in the slot itself: one cache miss per lookup. The
  // others (common words, the bias) have weights for most tags: a dense row,
  // which sums without a branch or a scattered index.
  static constexpr int kInline = 3;
  struct Slot {
    std::uint32_t check = 0;
    std::uint8_t count = 0;  // 0: empty
    std::uint8_t tag[kInline] = {};
    union {
      std::int16_t weight[4];  // count <= kInline
      std::uint32_t begin;     // count > kInline: rows_[begin]
    };
  };
  // Rows hold 32-bit weights, kNumTags padded to whole 16-byte lanes, so
  // that a row adds with a handful of vector additions.
  static constexpr int kRowWidth = (kNumTags + 3) / 4 * 4;
  struct alignas(16) Row {
    std::int32_t weight[kRowWidth] = {};
  };
  float scale_ = 1.0f;
  std::vector<Slot> slots_;
  std::vector<Row> rows_;
};

struct NerModel {
  Lexicon lexicon;
  int num_stages = 0;
  StageWeights stages[kMaxStages];
  // Tells parsed models apart (for what tag_document remembers between
  // documents); 0: none, nothing is remembered.
  std::uint64_t serial = 0;
};

// Serialises a model. Weights are quantised to 16 bits per stage.
std::string serialize_model(const NerModel& model);

// Parses a model file image. On failure returns false and says why in error.
bool parse_model(const unsigned char* data, std::size_t size, NerModel& model,
                 std::string& error);

// Scratch buffers of Viterbi decoding, reused between calls.
struct ViterbiScratch {
  std::vector<float> emissions;
  std::vector<float> scores;
};
// The best BILOU tag sequence for n words: emissions[n * kNumTags],
// trans[kNumTags + 1][kNumTags].
void viterbi_decode(const float* emissions, std::size_t n, const float (*trans)[kNumTags],
                    std::uint8_t* tags, ViterbiScratch& scratch);

// Tags a whole document with all stages of the model into tags[doc.words.size()].
void tag_document(const NerModel& model, const DocWords& doc, std::vector<std::uint8_t>& tags);

}  // namespace dossier::entities
