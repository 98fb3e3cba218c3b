#include "entities/ner_model.h"

#include "entities/word_cache.h"

#include <algorithm>
#include <atomic>
#include <array>
#include <type_traits>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace dossier::entities {
namespace {

constexpr char kMagic[8] = {'D', 'S', 'R', 'N', 'E', 'R', '\r', '\n'};

std::uint64_t checksum(const unsigned char* data, std::size_t size) {
  return mix64(util::fnv1a64(data, size));
}

class Writer {
 public:
  void bytes(const void* p, std::size_t n) {
    out_.append(static_cast<const char*>(p), n);
  }
  template <typename T>
  void put(T v) {
    // Little-endian regardless of the host.
    unsigned char buf[sizeof(T)];
    std::uint64_t bits = 0;
    if constexpr (std::is_same_v<T, float>) {
      std::uint32_t u;
      std::memcpy(&u, &v, 4);
      bits = u;
    } else {
      bits = static_cast<std::uint64_t>(v);
    }
    for (std::size_t i = 0; i < sizeof(T); ++i) buf[i] = static_cast<unsigned char>(bits >> (8 * i));
    bytes(buf, sizeof(T));
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(const unsigned char* data, std::size_t size) : p_(data), end_(data + size) {}
  bool ok() const { return ok_; }
  bool has(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) ok_ = false;
    return ok_;
  }
  template <typename T>
  T get() {
    if (!has(sizeof(T))) return T{};
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) bits |= static_cast<std::uint64_t>(p_[i]) << (8 * i);
    p_ += sizeof(T);
    if constexpr (std::is_same_v<T, float>) {
      auto u = static_cast<std::uint32_t>(bits);
      float f;
      std::memcpy(&f, &u, 4);
      return f;
    } else {
      return static_cast<T>(bits);
    }
  }
  const unsigned char* skip(std::size_t n) {
    if (!has(n)) return nullptr;
    const unsigned char* at = p_;
    p_ += n;
    return at;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
};

}  // namespace

void StageWeights::add_feature(std::uint64_t hash, const std::uint8_t* tags,
                               const float* weights, std::size_t count) {
  if (starts_.empty()) starts_.push_back(0);
  hashes_.push_back(hash);
  entry_tags_.insert(entry_tags_.end(), tags, tags + count);
  entry_weights_.insert(entry_weights_.end(), weights, weights + count);
  starts_.push_back(static_cast<std::uint32_t>(entry_tags_.size()));
}

float StageWeights::quantum() const {
  float max_abs = 0;
  for (float x : entry_weights_) max_abs = std::max(max_abs, std::fabs(x));
  return max_abs > 0 ? max_abs / 32767.0f : 1.0f;
}

void StageWeights::finish(float quantum) {
  if (starts_.empty()) starts_.push_back(0);
  scale_ = quantum > 0 ? quantum : 1.0f;
  std::size_t cap = 16;
  while (cap * 5 < hashes_.size() * 8) cap <<= 1;  // load factor <= 0.625
  slots_.assign(cap, Slot{});
  rows_.clear();
  std::size_t mask = cap - 1;
  for (std::size_t f = 0; f < hashes_.size(); ++f) {
    std::uint32_t b = starts_[f], e = starts_[f + 1];
    if (b == e) continue;
    std::uint64_t h = hashes_[f];
    auto check = static_cast<std::uint32_t>(h >> 32);
    auto quantize = [&](float w) {
      return static_cast<std::int16_t>(std::clamp(std::lround(w / scale_), -32767L, 32767L));
    };
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.count == 0) {
        slot.check = check;
        std::uint32_t n = std::min<std::uint32_t>(e - b, 255);
        slot.count = static_cast<std::uint8_t>(n);
        if (n <= kInline) {
          for (std::uint32_t k = 0; k < n; ++k) {
            slot.tag[k] = entry_tags_[b + k];
            slot.weight[k] = quantize(entry_weights_[b + k]);
          }
        } else {
          slot.begin = static_cast<std::uint32_t>(rows_.size());
          Row& row = rows_.emplace_back();
          for (std::uint32_t k = b; k < b + n; ++k) row.weight[entry_tags_[k]] = quantize(entry_weights_[k]);
        }
        break;
      }
      if (slot.check == check) break;  // same 32+log2(cap) hash bits: first wins
    }
  }
}

void StageWeights::accumulate(const std::uint64_t* feats, std::size_t n, float* scores) const {
  Sums sums;
  add_weights(feats, n, sums);
  add_scores(sums, scores);
}

void StageWeights::add_weights(const std::uint64_t* feats, std::size_t n, Sums& total) const {
  if (slots_.empty()) return;
  std::size_t mask = slots_.size() - 1;
  const Row* rows = rows_.data();
  // The tables are larger than the caches: resolve in batches, prefetching
  // slots and then out-of-line entries, so that the misses overlap.
  constexpr std::size_t kBatch = 32;
  const Row* found[kBatch];
  // Sums in integers: exact, and no float conversion per weight.
  std::int32_t* sums = total.tag;
  // Dense rows add four tags at a time (GCC/Clang vector extension; plain
  // SSE2 or NEON code, no special build flags).
  using Lanes = std::int32_t __attribute__((vector_size(16)));
  constexpr int kLanes = kRowWidth / 4;
  Lanes row_sums[kLanes] = {};
  for (std::size_t base = 0; base < n; base += kBatch) {
    std::size_t m = std::min(kBatch, n - base);
    for (std::size_t k = 0; k < m; ++k) __builtin_prefetch(&slots_[feats[base + k] & mask]);
    std::size_t far = 0;
    for (std::size_t k = 0; k < m; ++k) {
      std::uint64_t h = feats[base + k];
      auto check = static_cast<std::uint32_t>(h >> 32);
      for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.count == 0) break;
        if (slot.check == check) {
          if (slot.count <= kInline) {
            for (int c = 0; c < slot.count; ++c) sums[slot.tag[c]] += slot.weight[c];
          } else {
            found[far++] = rows + slot.begin;
            __builtin_prefetch(rows + slot.begin);
          }
          break;
        }
      }
    }
    for (std::size_t k = 0; k < far; ++k) {
      const auto* row = reinterpret_cast<const Lanes*>(found[k]->weight);
#pragma GCC unroll 8
      for (int j = 0; j < kLanes; ++j) row_sums[j] += row[j];
    }
  }
  static_assert(sizeof total.tag == sizeof row_sums);
  auto* lanes = reinterpret_cast<Lanes*>(total.tag);
  for (int j = 0; j < kLanes; ++j) lanes[j] += row_sums[j];
}

std::string serialize_model(const NerModel& model) {
  Writer w;
  w.bytes(kMagic, sizeof kMagic);
  w.put<std::uint32_t>(kNerModelVersion);
  w.put<std::uint32_t>(kNumTags);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(model.num_stages));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(model.lexicon.max_length()));
  std::vector<std::pair<std::uint64_t, std::uint32_t>> lex;
  model.lexicon.for_each([&](std::uint64_t h, std::uint32_t m) { lex.emplace_back(h, m); });
  std::sort(lex.begin(), lex.end());
  w.put<std::uint32_t>(static_cast<std::uint32_t>(lex.size()));
  for (auto& [h, m] : lex) {
    w.put<std::uint64_t>(h);
    w.put<std::uint32_t>(m);
  }
  for (int s = 0; s < model.num_stages; ++s) {
    const StageWeights& st = model.stages[s];
    for (int a = 0; a <= kNumTags; ++a)
      for (int b = 0; b < kNumTags; ++b) w.put<float>(st.trans[a][b]);
    float scale = st.quantum();
    w.put<float>(scale);
    std::vector<std::uint32_t> order(st.feature_count());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return st.hashes()[a] < st.hashes()[b]; });
    w.put<std::uint32_t>(static_cast<std::uint32_t>(order.size()));
    for (auto f : order) w.put<std::uint64_t>(st.hashes()[f]);
    for (auto f : order) {
      std::uint32_t c = st.starts()[f + 1] - st.starts()[f];
      w.put<std::uint8_t>(static_cast<std::uint8_t>(std::min<std::uint32_t>(c, 255)));
    }
    for (auto f : order)
      for (std::uint32_t e = st.starts()[f]; e < st.starts()[f + 1] && e - st.starts()[f] < 255; ++e)
        w.put<std::uint8_t>(st.entry_tags()[e]);
    for (auto f : order)
      for (std::uint32_t e = st.starts()[f]; e < st.starts()[f + 1] && e - st.starts()[f] < 255; ++e)
        w.put<std::int16_t>(static_cast<std::int16_t>(std::lround(st.entry_weights()[e] / scale)));
  }
  std::string& out = w.str();
  std::uint64_t sum = checksum(reinterpret_cast<const unsigned char*>(out.data()), out.size());
  w.put<std::uint64_t>(sum);
  return std::move(w.str());
}

namespace {

// The gazetteer section: max_length, count, then (hash, mask) pairs.
bool parse_lexicon(Reader& r, Lexicon& lexicon, std::string& error) {
  auto max_len = r.get<std::uint32_t>();
  auto lex_count = r.get<std::uint32_t>();
  if (!r.ok() || max_len > 64 || !r.has(static_cast<std::size_t>(lex_count) * 12)) {
    error = "entity model lexicon is damaged";
    return false;
  }
  lexicon = Lexicon();
  for (std::uint32_t i = 0; i < lex_count; ++i) {
    auto h = r.get<std::uint64_t>();
    auto m = r.get<std::uint32_t>();
    lexicon.add(h, m, 0);
  }
  lexicon.set_max_length(static_cast<int>(max_len));
  return true;
}

// The quantised per-feature weights of one stage (after its transitions and
// scale): hashes, entry counts, entry tags, entry weights, each as one block.
bool parse_feature_weights(Reader& r, float scale, StageWeights& st, std::string& error) {
  auto nfeat = r.get<std::uint32_t>();
  if (!r.ok() || !std::isfinite(scale) || !r.has(static_cast<std::size_t>(nfeat) * 9)) {
    error = "entity model weights are damaged";
    return false;
  }
  const unsigned char* hashes = r.skip(static_cast<std::size_t>(nfeat) * 8);
  const unsigned char* counts = r.skip(nfeat);
  std::size_t total = 0;
  for (std::uint32_t f = 0; f < nfeat; ++f) total += counts[f];
  if (total >= (std::size_t{1} << 24)) {
    error = "entity model has too many weights";
    return false;
  }
  const unsigned char* tags = r.skip(total);
  const unsigned char* weights = r.skip(total * 2);
  if (!r.ok()) {
    error = "entity model weights are truncated";
    return false;
  }
  std::uint8_t tag_buf[256];
  float w_buf[256];
  std::size_t e = 0;
  for (std::uint32_t f = 0; f < nfeat; ++f) {
    std::uint64_t h = 0;
    for (int i = 0; i < 8; ++i) h |= static_cast<std::uint64_t>(hashes[f * 8 + i]) << (8 * i);
    std::size_t c = counts[f];
    for (std::size_t k = 0; k < c; ++k, ++e) {
      if (tags[e] >= kNumTags) {
        error = "entity model weights name an unknown tag";
        return false;
      }
      tag_buf[k] = tags[e];
      auto q = static_cast<std::int16_t>(weights[2 * e] | (weights[2 * e + 1] << 8));
      w_buf[k] = static_cast<float>(q) * scale;
    }
    st.add_feature(h, tag_buf, w_buf, c);
  }
  st.finish(scale);
  return true;
}

// One stage: transitions, the weights' scale, then the feature weights.
bool parse_stage(Reader& r, StageWeights& st, std::string& error) {
  st = StageWeights();
  for (int a = 0; a <= kNumTags; ++a)
    for (int b = 0; b < kNumTags; ++b) st.trans[a][b] = r.get<float>();
  float scale = r.get<float>();
  if (!parse_feature_weights(r, scale, st, error)) return false;
  for (int a = 0; a <= kNumTags; ++a)
    for (int b = 0; b < kNumTags; ++b)
      if (!std::isfinite(st.trans[a][b])) {
        error = "entity model transitions are damaged";
        return false;
      }
  return true;
}

}  // namespace

bool parse_model(const unsigned char* data, std::size_t size, NerModel& model,
                 std::string& error) {
  if (size < sizeof kMagic + 8 || std::memcmp(data, kMagic, sizeof kMagic) != 0) {
    error = "not an entity model (bad magic)";
    return false;
  }
  std::uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= static_cast<std::uint64_t>(data[size - 8 + i]) << (8 * i);
  if (checksum(data, size - 8) != stored) {
    error = "entity model is truncated or damaged (checksum mismatch)";
    return false;
  }
  Reader r(data + sizeof kMagic, size - sizeof kMagic - 8);
  auto version = r.get<std::uint32_t>();
  auto num_tags = r.get<std::uint32_t>();
  auto num_stages = r.get<std::uint32_t>();
  if (!r.ok() || version != kNerModelVersion) {
    error = "unsupported entity model version";
    return false;
  }
  if (num_tags != kNumTags || num_stages < 1 || num_stages > kMaxStages) {
    error = "entity model has an unexpected tag set";
    return false;
  }
  if (!parse_lexicon(r, model.lexicon, error)) return false;
  model.num_stages = static_cast<int>(num_stages);
  for (std::uint32_t s = 0; s < num_stages; ++s)
    if (!parse_stage(r, model.stages[s], error)) return false;
  if (!r.ok() || r.has(1)) {
    error = "entity model has trailing or missing bytes";
    return false;
  }
  static std::atomic<std::uint64_t> parsed{0};
  model.serial = ++parsed;
  return true;
}

namespace {

// BILOU allows few pairs, in two families (see transition_allowed): O, B-x
// and U-x follow a "closed" tag (O, L-*, U-*, or the start); I-x and L-x
// follow B-x or I-x. So each step is a fixed 9 x 9 block plus 2 per inside
// tag, with the transitions laid out contiguously for that loop.
constexpr int kClosedCount = 1 + 2 * kNumTypes;
constexpr float kImpossible = -std::numeric_limits<float>::infinity();

// O, then each type's tags at positions a and b.
constexpr std::array<std::uint8_t, kClosedCount> o_and(TagPos a, TagPos b) {
  std::array<std::uint8_t, kClosedCount> tags{};
  for (int x = 0; x < kNumTypes; ++x) {
    tags[1 + 2 * x] = static_cast<std::uint8_t>(make_tag(x, a));
    tags[2 + 2 * x] = static_cast<std::uint8_t>(make_tag(x, b));
  }
  return tags;
}
constexpr std::array<std::uint8_t, kClosedCount> kClosed = o_and(kL, kU);
constexpr std::array<std::uint8_t, kClosedCount> kOpening = o_and(kB, kU);

// Four opening targets at a time (GCC/Clang vector extension).
using Floats = float __attribute__((vector_size(16)));
constexpr int kGroups = (kClosedCount + 3) / 4;

// The inside tags (I-x, L-x) of two types at a time: [I-x, L-x, I-y, L-y].
constexpr int kInsidePairs = kNumTypes / 2;
static_assert(kNumTypes % 2 == 0);

// For each closed predecessor k, the scores it gives every opening target;
// and for the inside targets, what B-x and I-x give them.
struct ClosedTransitions {
  Floats by_group[kClosedCount][kGroups];  // [predecessor][target group]
  Floats inside_from_b[kInsidePairs], inside_from_i[kInsidePairs];

  explicit ClosedTransitions(const float (*trans)[kNumTags]) {
    for (int k = 0; k < kClosedCount; ++k) {
      const float* from = trans[kClosed[k]];
      for (int g = 0; g < kGroups; ++g)
        for (int j = 0; j < 4; ++j) {
          const int t = 4 * g + j;
          by_group[k][g][j] = t < kClosedCount ? from[kOpening[t]] : kImpossible;
        }
    }
    for (int p = 0; p < kInsidePairs; ++p)
      for (int j = 0; j < 4; ++j) {
        const int x = 2 * p + j / 2, b = make_tag(x, kB), t = make_tag(x, j % 2 ? kL : kI);
        inside_from_b[p][j] = trans[b][t];
        inside_from_i[p][j] = trans[b + 1][t];
      }
  }
};

// Where a tag sits in kOpening, or -1 for the inside tags (I-x, L-x).
constexpr std::array<std::int8_t, kNumTags> opening_index() {
  std::array<std::int8_t, kNumTags> index{};
  for (int t = 0; t < kNumTags; ++t) index[t] = -1;
  for (int k = 0; k < kClosedCount; ++k) index[kOpening[k]] = static_cast<std::int8_t>(k);
  return index;
}
constexpr std::array<std::int8_t, kNumTags> kOpeningIndex = opening_index();

// One step of the recursion: the best score of each tag at a word (`cur`),
// from the scores at the word before. Only the scores: which predecessor won
// is worked out again for the one path trace_back follows (best_predecessor),
// with the same additions and comparisons, so it is the same predecessor.
inline void viterbi_step(const float* prev, const float* emit, const ClosedTransitions& closed,
                         float* cur) {
  // Unreachable states hold -inf, which loses every comparison by itself.
  Floats best[kGroups];
  for (int g = 0; g < kGroups; ++g) best[g] = prev[kClosed[0]] + closed.by_group[0][g];
#pragma GCC unroll 16
  for (int k = 1; k < kClosedCount; ++k) {
    const float from = prev[kClosed[k]];
#pragma GCC unroll 4
    for (int g = 0; g < kGroups; ++g) {
      Floats v = from + closed.by_group[k][g];
      best[g] = v > best[g] ? v : best[g];
    }
  }
  // Read back through memory: extracting lanes one by one costs more.
  float flat[kGroups * 4];
  std::memcpy(flat, best, sizeof flat);
  for (int t = 0; t < kClosedCount; ++t) cur[kOpening[t]] = flat[t] + emit[kOpening[t]];
  for (int p = 0; p < kInsidePairs; ++p) {
    const int bx = make_tag(2 * p, kB), by = make_tag(2 * p + 1, kB);  // I = B + 1, L = B + 2
    Floats from_b = Floats{prev[bx], prev[bx], prev[by], prev[by]} + closed.inside_from_b[p];
    Floats from_i = Floats{prev[bx + 1], prev[bx + 1], prev[by + 1], prev[by + 1]} +
                    closed.inside_from_i[p];
    Floats out = (from_i > from_b ? from_i : from_b) +
                 Floats{emit[bx + 1], emit[bx + 2], emit[by + 1], emit[by + 2]};
    cur[bx + 1] = out[0];
    cur[bx + 2] = out[1];
    cur[by + 1] = out[2];
    cur[by + 2] = out[3];
  }
}

// The predecessor viterbi_step chose for tag t, given the scores before it:
// the first of the highest (ties keep the earlier predecessor).
int best_predecessor(const float* prev, const float (*trans)[kNumTags], int t) {
  if (kOpeningIndex[t] < 0) {
    const int b = t - tag_pos(t), in = b + 1;  // B-x and I-x of t's type
    float from_b = prev[b] + trans[b][t], from_i = prev[in] + trans[in][t];
    return from_i > from_b ? in : b;
  }
  int arg = kClosed[0];
  float best = prev[arg] + trans[arg][t];
  for (int k = 1; k < kClosedCount; ++k) {
    float v = prev[kClosed[k]] + trans[kClosed[k]][t];
    if (v > best) {
      best = v;
      arg = kClosed[k];
    }
  }
  return arg;
}

// The best tag that may end the text at its last word, then each word's tag
// from the best predecessor of its successor's.
void trace_back(const float* scores, std::size_t n, const float (*trans)[kNumTags],
                std::uint8_t* tags) {
  constexpr int T = kNumTags;
  const float* last = scores + (n - 1) * T;
  float best = kImpossible;
  int arg = 0;
  for (int t = 0; t < T; ++t) {
    if (!transition_allowed(t, T) || last[t] == kImpossible) continue;
    if (last[t] > best) {
      best = last[t];
      arg = t;
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    tags[i] = static_cast<std::uint8_t>(arg);
    if (i > 0) arg = best_predecessor(scores + (i - 1) * T, trans, arg);
  }
}

// viterbi_decode with the closed block of trans already laid out.
void decode(const float* em, std::size_t n, const float (*trans)[kNumTags],
            const ClosedTransitions& closed, std::uint8_t* tags, ViterbiScratch& scratch) {
  if (n == 0) return;
  constexpr int T = kNumTags;
  scratch.scores.resize(n * T);
  float* sc = scratch.scores.data();
  for (int t = 0; t < T; ++t) sc[t] = transition_allowed(T, t) ? em[t] + trans[T][t] : kImpossible;
  for (std::size_t i = 1; i < n; ++i)
    viterbi_step(sc + (i - 1) * T, em + i * T, closed, sc + i * T);
  trace_back(sc, n, trans, tags);
}

}  // namespace

void viterbi_decode(const float* em, std::size_t n, const float (*trans)[kNumTags],
                    std::uint8_t* tags, ViterbiScratch& scratch) {
  decode(em, n, trans, ClosedTransitions(trans), tags, scratch);
}

void tag_document(const NerModel& model, const DocWords& doc, std::vector<std::uint8_t>& tags) {
  std::size_t n = doc.words.size();
  tags.assign(n, 0);
  if (n == 0 || model.num_stages == 0) return;
  // Buffers kept per thread: long texts would otherwise fault in fresh pages
  // on every call; and the words seen before, with their own features scored.
  struct Scratch {
    FeatureExtractor extractor;
    FeatureList features;
    ViterbiScratch viterbi;
    std::vector<std::uint8_t> first;
    WordCache words;
    std::vector<std::uint32_t> word_ids;
    std::vector<WordInfo> infos;
  };
  thread_local Scratch tl;
  FeatureExtractor& extractor = tl.extractor;
  extractor.set_lexicon(&model.lexicon);
  extractor.set_word_features(false);
  FeatureList& features = tl.features;
  ViterbiScratch& scratch = tl.viterbi;
  std::vector<std::uint8_t>& first = tl.first;
  WordCache& words = tl.words;
  words.begin_document(model);
  tl.word_ids.resize(n);
  tl.infos.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    tl.word_ids[i] = words.find_or_add(doc.words[i]);
    tl.infos[i] = words.info(tl.word_ids[i]);
  }
  for (int s = 0; s < model.num_stages; ++s) {
    const StageWeights& stage = model.stages[s];
    const ClosedTransitions closed(stage.trans);
    if (s == 0) extractor.prepare(doc, nullptr, &tl.infos);
    else extractor.prepare_stage2(doc, first.data());
    for (std::size_t k = 0; k + 1 < doc.sentence_starts.size(); ++k) {
      std::uint32_t b = doc.sentence_starts[k], e = doc.sentence_starts[k + 1];
      if (e <= b) continue;
      extractor.sentence_features(doc, b, e, features, false);
      // Each word's emission scores: its own features' sums, remembered,
      // plus those of the features of its context.
      scratch.emissions.assign(static_cast<std::size_t>(e - b) * kNumTags, 0.0f);
      for (std::uint32_t i = 0; i < e - b; ++i) {
        // The word's own features' sums and those of the words beside it
        // (or of the sentence's edges), all remembered.
        StageWeights::Sums sums = words.sums(tl.word_ids[b + i], s, 0);
        sums += i > 0 ? words.sums(tl.word_ids[b + i - 1], s, -1) : words.edge_sums(false, s, -1);
        sums += b + i + 1 < e ? words.sums(tl.word_ids[b + i + 1], s, 1) : words.edge_sums(true, s, 1);
        if (s == 0) {  // the first stage also looks two words away
          sums += i > 1 ? words.two_away_sums(tl.word_ids[b + i - 2], -2)
                        : words.edge_two_away_sums(false, -2);
          sums += b + i + 2 < e ? words.two_away_sums(tl.word_ids[b + i + 2], 2)
                                : words.edge_two_away_sums(true, 2);
        }
        std::uint32_t fb = features.offsets[i], fe = features.offsets[i + 1];
        stage.add_weights(features.feats.data() + fb, fe - fb, sums);
        stage.add_scores(sums, &scratch.emissions[static_cast<std::size_t>(i) * kNumTags]);
      }
      decode(scratch.emissions.data(), e - b, stage.trans, closed, tags.data() + b, scratch);
    }
    if (s + 1 < model.num_stages) first = tags;
  }
  // Do not pin a huge text's buffers to the thread for good.
  if (n > (1u << 20)) tl = Scratch();
}

}  // namespace dossier::entities
