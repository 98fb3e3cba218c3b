#include "entities/ner_features.h"

#include <algorithm>
#include <array>
#include <utility>

namespace dossier::entities {
namespace {

// Feature templates. The numbers are part of the model format: never reuse one.
enum Template : std::uint64_t {
  kBias = 1,
  kWord, kRaw, kWordM1, kWordP1, kWordM2, kWordP2, kBigramM1, kBigramP1,
  kPrefix, kSuffix,
  kShape, kCShape, kCShapeM1, kCShapeP1, kCShapeM1P0, kCShapeP0P1, kCShape3,
  kFirstShape, kCapsSentShape, kCapsSentWord,
  kWordM1Shape, kShapeWordP1,
  kLex, kLexM1, kLexP1, kLexShape,
  kDoc, kDocShape,
  kAggHas, kAggMajor, kAggRole, kAggSpan,
  kS1, kS1M1, kS1P1, kS1Pair,
  kLength, kRawM1, kRawP1, kWordM1Caps,
};

// Sentence flags.
enum : std::uint8_t { kSentFirst = 1, kSentCaps = 2, kSentLast = 4 };
// Document evidence about a capitalised word's other occurrences.
enum : std::uint8_t { kSeenLower = 1, kSeenMidCap = 2, kSeenAcronym = 4 };

const std::uint64_t kBos = hash_bytes("<s>");
const std::uint64_t kEos = hash_bytes("</s>");

inline std::uint64_t feat(std::uint64_t tmpl, std::uint64_t value) {
  return hash_combine(mix64(tmpl * 0x100000001b3ULL + 0x51ed27), value);
}

// The word's length in bytes (up to 12) with its case flags.
std::uint64_t length_feature(const WordInfo& t, std::size_t bytes) {
  std::uint64_t len = std::min<std::size_t>(bytes, 12);
  return feat(kLength, len * 8 + (t.flags & 7));
}

// A tiny open-addressing map from a 64-bit key to a dense index, rebuilt per
// document; avoids node allocations of std::unordered_map.
class KeyIndex {
 public:
  // Sized for a typical article; grows for long texts.
  void reset(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < std::min<std::size_t>(expected, 4096) * 2) cap <<= 1;
    keys_.assign(cap, 0);
    vals_.assign(cap, 0);
    size_ = 0;
  }
  // Returns the index for key, inserting the next free index if new.
  std::uint32_t get(std::uint64_t key) {
    if (key == 0) key = 1;
    if ((size_ + 1) * 2 > keys_.size()) grow();
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == 0) {
        keys_[i] = key;
        vals_[i] = static_cast<std::uint32_t>(size_++);
        return vals_[i];
      }
    }
  }
  // Index of key or UINT32_MAX.
  std::uint32_t find(std::uint64_t key) const {
    if (key == 0) key = 1;
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == 0) return UINT32_MAX;
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old_keys = std::move(keys_);
    std::vector<std::uint32_t> old_vals = std::move(vals_);
    keys_.assign(old_keys.size() * 2, 0);
    vals_.assign(old_keys.size() * 2, 0);
    std::size_t mask = keys_.size() - 1;
    for (std::size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == 0) continue;
      std::size_t i = old_keys[j] & mask;
      while (keys_[i] != 0) i = (i + 1) & mask;
      keys_[i] = old_keys[j];
      vals_[i] = old_vals[j];
    }
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> vals_;
  std::size_t size_ = 0;
};

thread_local KeyIndex tl_index;
thread_local KeyIndex tl_index2;

}  // namespace

void FeatureExtractor::analyze(const DocWords& doc, std::vector<WordInfo>* described) {
  if (described) {
    info_.swap(*described);
  } else {
    info_.resize(doc.words.size());
    for (std::size_t i = 0; i < doc.words.size(); ++i) describe_word(doc.words[i], scratch_, info_[i]);
  }
  mark_sentences(doc);
  match_lexicon(doc);
  add_doc_stats(doc);
}

// Sentence flags: headlines in capitals behave differently.
void FeatureExtractor::mark_sentences(const DocWords& doc) {
  std::size_t n = doc.words.size();
  sent_flags_.assign(n, 0);
  for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s) {
    std::uint32_t b = doc.sentence_starts[s], e = doc.sentence_starts[s + 1];
    int letters = 0, caps = 0;
    for (std::uint32_t i = b; i < e; ++i) {
      if (info_[i].flags & kHasLetter) {
        ++letters;
        if (info_[i].flags & kAllCaps) ++caps;
      }
    }
    bool caps_sent = letters >= 2 && caps * 10 >= letters * 8;
    for (std::uint32_t i = b; i < e; ++i) sent_flags_[i] = caps_sent ? kSentCaps : 0;
    if (b < e) {
      sent_flags_[b] |= kSentFirst;
      sent_flags_[e - 1] |= kSentLast;
    }
  }
}

// Lexicon matches: per token, the (category, BILU position) codes of every
// gazetteer entry that covers it.
void FeatureExtractor::match_lexicon(const DocWords& doc) {
  std::size_t n = doc.words.size();
  lex_begin_.assign(n + 1, 0);
  lex_feats_.clear();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;
  int max_len = lexicon_ ? lexicon_->max_length() : 0;
  if (lexicon_ && lexicon_->size() > 0) {
    for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s) {
      std::uint32_t b = doc.sentence_starts[s], e = doc.sentence_starts[s + 1];
      for (std::uint32_t i = b; i < e; ++i) {
        if (info_[i].flags & kNoAlnum) continue;
        std::uint64_t h = kSeqSeed;
        for (int len = 1; len <= max_len && i + len <= e; ++len) {
          h = seq_hash(h, info_[i + len - 1].lower);
          std::uint32_t mask = lexicon_->find(h);
          for (std::uint32_t c = 0; mask != 0; ++c, mask >>= 1) {
            if (!(mask & 1)) continue;
            for (int k = 0; k < len; ++k) {
              int pos = len == 1 ? kU : k == 0 ? kB : k == len - 1 ? kL : kI;
              hits.emplace_back(i + k, c * 4 + pos);
            }
          }
        }
      }
    }
  }
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  for (auto& [tok, code] : hits) {
    lex_begin_[tok + 1]++;
    lex_feats_.push_back(code);
  }
  for (std::size_t i = 0; i < n; ++i) lex_begin_[i + 1] += lex_begin_[i];
}

void FeatureExtractor::add_doc_stats(const DocWords& doc) {
  std::size_t n = doc.words.size();
  doc_flags_.assign(n, 0);
  KeyIndex& index = tl_index;
  index.reset(n);
  struct Counts {
    std::uint32_t lower = 0, midcap = 0, acronym = 0;
  };
  std::vector<Counts> counts;
  std::vector<std::uint32_t>& ids = word_ids_;
  ids.assign(n, UINT32_MAX);
  auto kind = [&](std::size_t i, bool& lower, bool& midcap, bool& acronym) {
    std::uint8_t f = info_[i].flags;
    bool normal = !(sent_flags_[i] & kSentCaps);
    lower = normal && (f & kHasLetter) && !(f & kInitCap) && !(f & kAllCaps);
    midcap = normal && (f & kInitCap) && !(f & kAllCaps) && !(sent_flags_[i] & kSentFirst);
    acronym = normal && (f & kAllCaps) && doc.words[i].size() > 1;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!(info_[i].flags & kHasLetter)) continue;
    std::uint32_t id = index.get(info_[i].lower);
    if (id >= counts.size()) counts.resize(id + 1);
    ids[i] = id;
    bool lo, mc, ac;
    kind(i, lo, mc, ac);
    counts[id].lower += lo;
    counts[id].midcap += mc;
    counts[id].acronym += ac;
  }
  distinct_words_ = static_cast<std::uint32_t>(counts.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (ids[i] == UINT32_MAX) continue;
    if (!(info_[i].flags & (kInitCap | kAllCaps))) continue;
    bool lo, mc, ac;
    kind(i, lo, mc, ac);
    const Counts& c = counts[ids[i]];
    std::uint8_t f = 0;
    if (c.lower > static_cast<std::uint32_t>(lo)) f |= kSeenLower;
    if (c.midcap > static_cast<std::uint32_t>(mc)) f |= kSeenMidCap;
    if (c.acronym > static_cast<std::uint32_t>(ac)) f |= kSeenAcronym;
    doc_flags_[i] = static_cast<std::uint8_t>(f | 0x80);  // 0x80: capitalised word
  }
}

void FeatureExtractor::add_stage2(const DocWords& doc, const std::uint8_t* tags) {
  std::size_t n = doc.words.size();
  tags_ = tags;
  span_hits_.clear();

  // Word-level: how the first stage tagged each word; per-token features are
  // derived from these counts in sentence_features(). The words are those
  // add_doc_stats numbered.
  agg_counts_.assign(distinct_words_, {});
  for (std::size_t i = 0; i < n; ++i) {
    if (word_ids_[i] == UINT32_MAX) continue;
    auto& c = agg_counts_[word_ids_[i]][agg_slot(tags[i])];
    if (c < 65535) ++c;
  }

  // Span-level: a word sequence the first stage tagged as an entity elsewhere.
  KeyIndex& spans = tl_index2;
  spans.reset(n / 2 + 1);
  std::vector<std::array<std::uint16_t, kNumTypes>> span_counts;
  std::uint32_t len_mask = 0;  // lengths (1..31) of predicted spans
  for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s) {
    std::uint32_t b = doc.sentence_starts[s], e = doc.sentence_starts[s + 1];
    for (std::uint32_t i = b; i < e; ++i) {
      int tag = tags[i];
      if (tag == 0 || (tag_pos(tag) != kB && tag_pos(tag) != kU)) continue;
      std::uint32_t j = i;
      while (j + 1 < e && tag_pos(tags[j]) != kU && tag_pos(tags[j]) != kL) ++j;
      std::uint32_t len = j - i + 1;
      if (len > 31) continue;
      std::uint64_t h = kSeqSeed;
      for (std::uint32_t k = i; k <= j; ++k) h = seq_hash(h, info_[k].lower);
      std::uint32_t id = spans.get(h);
      if (id >= span_counts.size()) span_counts.resize(id + 1, {});
      auto& c = span_counts[id][tag_type(tag)];
      if (c < 65535) ++c;
      len_mask |= 1u << len;
    }
  }
  if (len_mask == 0) return;
  for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s) {
    std::uint32_t b = doc.sentence_starts[s], e = doc.sentence_starts[s + 1];
    for (std::uint32_t i = b; i < e; ++i) {
      if (!(info_[i].flags & (kInitCap | kAllCaps))) continue;
      std::uint64_t h = kSeqSeed;
      for (std::uint32_t len = 1; len <= 31 && i + len <= e; ++len) {
        h = seq_hash(h, info_[i + len - 1].lower);
        if (!(len_mask & (1u << len))) continue;
        std::uint32_t id = spans.find(h);
        if (id == UINT32_MAX) continue;
        // Is this very span one of the predictions counted?
        int self_type = -1;
        int t0 = tags[i];
        int t1 = tags[i + len - 1];
        if (t0 != 0 && t1 != 0 && tag_type(t0) == tag_type(t1) &&
            (len == 1 ? tag_pos(t0) == kU : tag_pos(t0) == kB && tag_pos(t1) == kL))
          self_type = tag_type(t0);
        for (int t = 0; t < kNumTypes; ++t) {
          int others = span_counts[id][t] - (self_type == t ? 1 : 0);
          if (others <= 0) continue;
          for (std::uint32_t k = 0; k < len; ++k) {
            int pos = len == 1 ? kU : k == 0 ? kB : k == len - 1 ? kL : kI;
            span_hits_.emplace_back(i + k,
                                    feat(kAggSpan, static_cast<std::uint64_t>(t * 4 + pos)));
          }
        }
      }
    }
  }
  std::stable_sort(span_hits_.begin(), span_hits_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

void FeatureExtractor::prepare(const DocWords& doc, const std::uint8_t* stage1_tags,
                               std::vector<WordInfo>* described) {
  tags_ = nullptr;
  if (doc.words.empty()) return;
  analyze(doc, described);
  if (stage1_tags) add_stage2(doc, stage1_tags);
}

void FeatureExtractor::prepare_stage2(const DocWords& doc, const std::uint8_t* stage1_tags) {
  tags_ = nullptr;
  if (doc.words.empty() || info_.size() != doc.words.size()) return;
  add_stage2(doc, stage1_tags);
}

void FeatureExtractor::extract(const DocWords& doc, const std::uint8_t* stage1_tags,
                               FeatureList& out) {
  prepare(doc, stage1_tags);
  out.feats.clear();
  out.offsets.assign(1, 0);
  for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s)
    sentence_features(doc, doc.sentence_starts[s], doc.sentence_starts[s + 1], out, true);
}

void FeatureExtractor::sentence_features(const DocWords& doc, std::uint32_t b, std::uint32_t e,
                                         FeatureList& out, bool append) {
  if (!append) {
    out.feats.clear();
    out.offsets.assign(1, 0);
  }
  auto& f = out.feats;
  f.reserve(f.size() + static_cast<std::size_t>(e - b) * 48);  // about 40 features a token
  out.offsets.reserve(out.offsets.size() + (e - b));
  auto span_it = std::lower_bound(
      span_hits_.begin(), span_hits_.end(), b,
      [](const std::pair<std::uint32_t, std::uint64_t>& h, std::uint32_t tok) { return h.first < tok; });
  for (std::uint32_t i = b; i < e; ++i) {
    const WordInfo& t = info_[i];
    std::uint64_t wm1 = i > b ? info_[i - 1].lower : kBos;
    std::uint64_t wp1 = i + 1 < e ? info_[i + 1].lower : kEos;
    std::uint64_t sm1 = i > b ? info_[i - 1].cshape : kBos;
    std::uint64_t sp1 = i + 1 < e ? info_[i + 1].cshape : kEos;
    std::uint8_t sf = sent_flags_[i];

    const bool own = word_features_;
    if (own) {
      f.push_back(feat(kBias, 0));
      f.push_back(feat(kWord, t.lower));
      f.push_back(feat(kRaw, t.raw));
    }
    if (own) {
      f.push_back(feat(kWordM1, wm1));
      f.push_back(feat(kWordP1, wp1));
    }
    f.push_back(feat(kBigramM1, hash_combine(wm1, t.lower)));
    f.push_back(feat(kBigramP1, hash_combine(t.lower, wp1)));
    if (own) {
      f.push_back(feat(kCShape, t.cshape));
      f.push_back(feat(kCShapeM1, sm1));
      f.push_back(feat(kCShapeP1, sp1));
    }
    f.push_back(feat(kWordM1Shape, hash_combine(wm1, t.cshape)));
    f.push_back(feat(kShapeWordP1, hash_combine(t.cshape, wp1)));
    if (own)
      for (int k = 2; k < 4; ++k)
        if (t.suffix[k]) f.push_back(feat(kSuffix, t.suffix[k]));
    // The second stage sees the first stage's tags, which already sum up the
    // finer evidence of fine_token_features; leaving it out halves that stage's lookups.
    if (!tags_) fine_token_features(doc, i, b, e, own, f);
    if (sf & kSentFirst) f.push_back(feat(kFirstShape, t.cshape));
    if (sf & kSentCaps) {
      f.push_back(feat(kCapsSentShape, t.cshape));
      f.push_back(feat(kCapsSentWord, t.lower));
    } else if (i > b && (info_[i - 1].flags & kHasLetter)) {
      // "of" before a capitalised word reads differently from "Of" in a title.
      f.push_back(feat(kWordM1Caps, hash_combine(wm1, info_[i - 1].flags & 3)));
    }
    for (std::uint32_t k = lex_begin_[i]; k < lex_begin_[i + 1]; ++k) {
      f.push_back(feat(kLex, lex_feats_[k]));
      f.push_back(feat(kLexShape, hash_combine(lex_feats_[k], t.cshape)));
    }
    if (i > b)
      for (std::uint32_t k = lex_begin_[i - 1]; k < lex_begin_[i]; ++k)
        f.push_back(feat(kLexM1, lex_feats_[k]));
    if (i + 1 < e)
      for (std::uint32_t k = lex_begin_[i + 1]; k < lex_begin_[i + 2]; ++k)
        f.push_back(feat(kLexP1, lex_feats_[k]));
    if (doc_flags_[i]) {
      std::uint64_t ctx = (sf & kSentCaps) ? 2 : (sf & kSentFirst) ? 1 : 0;
      std::uint64_t code = (doc_flags_[i] & 7) * 4 + ctx;
      f.push_back(feat(kDoc, code));
      f.push_back(feat(kDocShape, hash_combine(code, t.cshape)));
    }
    if (tags_) {
      stage2_token_features(i, b, e, f);
      for (; span_it != span_hits_.end() && span_it->first == i; ++span_it) f.push_back(span_it->second);
    }
    out.offsets.push_back(static_cast<std::uint32_t>(f.size()));
  }
}

// The first stage's finer evidence (see sentence_features).
void FeatureExtractor::fine_token_features(const DocWords& doc, std::uint32_t i, std::uint32_t b,
                                           std::uint32_t e, bool own,
                                           std::vector<std::uint64_t>& f) const {
  const WordInfo& t = info_[i];
  std::uint64_t wm2 = i > b + 1 ? info_[i - 2].lower : kBos;
  std::uint64_t wp2 = i + 2 < e ? info_[i + 2].lower : kEos;
  std::uint64_t sm1 = i > b ? info_[i - 1].cshape : kBos;
  std::uint64_t sp1 = i + 1 < e ? info_[i + 1].cshape : kEos;
  std::uint64_t rm1 = i > b ? info_[i - 1].raw : kBos;
  std::uint64_t rp1 = i + 1 < e ? info_[i + 1].raw : kEos;
  if (own) {
    f.push_back(feat(kWordM2, wm2));
    f.push_back(feat(kWordP2, wp2));
    f.push_back(feat(kRawM1, rm1));
    f.push_back(feat(kRawP1, rp1));
    for (int k = 0; k < 4; ++k) {
      if (t.prefix[k]) f.push_back(feat(kPrefix, t.prefix[k]));
      if (k < 2 && t.suffix[k]) f.push_back(feat(kSuffix, t.suffix[k]));
    }
    f.push_back(feat(kShape, t.shape));
  }
  f.push_back(feat(kCShapeM1P0, hash_combine(sm1, t.cshape)));
  f.push_back(feat(kCShapeP0P1, hash_combine(t.cshape, sp1)));
  f.push_back(feat(kCShape3, hash_combine(hash_combine(sm1, t.cshape), sp1)));
  if (own) f.push_back(length_feature(t, doc.words[i].size()));
}

// The features sentence_features guards with `own` that depend on the token
// alone, in no particular order.
void FeatureExtractor::own_features(const WordInfo& t, std::size_t bytes, bool stage2,
                                    std::vector<std::uint64_t>& f) {
  f.push_back(feat(kBias, 0));
  f.push_back(feat(kWord, t.lower));
  f.push_back(feat(kRaw, t.raw));
  f.push_back(feat(kCShape, t.cshape));
  for (int k = 2; k < 4; ++k)
    if (t.suffix[k]) f.push_back(feat(kSuffix, t.suffix[k]));
  if (stage2) return;
  for (int k = 0; k < 4; ++k) {
    if (t.prefix[k]) f.push_back(feat(kPrefix, t.prefix[k]));
    if (k < 2 && t.suffix[k]) f.push_back(feat(kSuffix, t.suffix[k]));
  }
  f.push_back(feat(kShape, t.shape));
  f.push_back(length_feature(t, bytes));
}

// The rest of them: each depends on the word just before or after the token,
// or (offset -2 or 2) two before or after.
void FeatureExtractor::neighbour_features(const WordInfo& w, int offset, bool stage2,
                                          std::vector<std::uint64_t>& f) {
  const bool before = offset < 0;
  if (offset == -2 || offset == 2) {  // only the first stage looks this far
    if (!stage2) f.push_back(feat(before ? kWordM2 : kWordP2, w.lower));
    return;
  }
  f.push_back(feat(before ? kWordM1 : kWordP1, w.lower));
  f.push_back(feat(before ? kCShapeM1 : kCShapeP1, w.cshape));
  if (!stage2) f.push_back(feat(before ? kRawM1 : kRawP1, w.raw));
}

WordInfo FeatureExtractor::sentence_edge(bool end) {
  WordInfo edge;
  edge.lower = edge.raw = edge.cshape = end ? kEos : kBos;
  return edge;
}

void FeatureExtractor::stage2_token_features(std::uint32_t i, std::uint32_t b, std::uint32_t e,
                                             std::vector<std::uint64_t>& f) const {
  const std::uint8_t* tags = tags_;
  // Stacking: the first stage's own tags around the token.
  std::uint64_t prev = i > b ? tags[i - 1] : 99;
  std::uint64_t next = i + 1 < e ? tags[i + 1] : 99;
  f.push_back(feat(kS1, tags[i]));
  f.push_back(feat(kS1M1, prev));
  f.push_back(feat(kS1P1, next));
  f.push_back(feat(kS1Pair, prev * 128 + tags[i]));

  // How the same word was tagged elsewhere in the document.
  if (word_ids_[i] == UINT32_MAX || !(info_[i].flags & (kInitCap | kAllCaps))) return;
  auto c = agg_counts_[word_ids_[i]];
  --c[agg_slot(tags[i])];
  int type_total[5] = {};
  int total = 0;
  for (int t = 0; t < 5; ++t) {
    for (int p = 0; p < 4; ++p) type_total[t] += c[t * 4 + p];
    total += type_total[t];
  }
  if (total == 0) return;
  int best = -1;
  for (int t = 0; t < 4; ++t) {
    if (type_total[t] > 0) f.push_back(feat(kAggHas, static_cast<std::uint64_t>(t)));
    if (type_total[t] > 0 && (best < 0 || type_total[t] > type_total[best])) best = t;
  }
  if (best < 0) {
    f.push_back(feat(kAggMajor, 99));
    return;
  }
  int frac = type_total[best] * 3 / total;  // 0, 1, 2 or 3 (= all)
  f.push_back(feat(kAggMajor, static_cast<std::uint64_t>(best * 4 + frac)));
  int best_pos = 0;
  for (int p = 1; p < 4; ++p)
    if (c[best * 4 + p] > c[best * 4 + best_pos]) best_pos = p;
  f.push_back(feat(kAggRole, static_cast<std::uint64_t>(best * 4 + best_pos)));
}

}  // namespace dossier::entities
