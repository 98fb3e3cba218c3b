// Features of the entity tagger: each token is described by a list of 64-bit
// hashes (template id mixed with hashed word forms), so extraction allocates no
// strings per feature. Shared by the runtime and the trainer, which must agree
// bit for bit.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entities/ner_words.h"

namespace dossier::entities {

// Entity types the model knows. MISC is learned (it helps separate, say,
// "German" from "Germany") but never reported.
enum NerType : int { kPer = 0, kLoc = 1, kOrg = 2, kMisc = 3 };
inline constexpr int kNumTypes = 4;

// BILOU tags: 0 is O; type t has B = 1 + 4t, I = 2 + 4t, L = 3 + 4t, U = 4 + 4t.
inline constexpr int kNumTags = 1 + 4 * kNumTypes;
enum TagPos : int { kB = 0, kI = 1, kL = 2, kU = 3 };
inline constexpr int make_tag(int type, int pos) { return 1 + 4 * type + pos; }
inline constexpr int tag_type(int tag) { return (tag - 1) / 4; }
inline constexpr int tag_pos(int tag) { return (tag - 1) % 4; }

// Whether tag b may follow tag a (a == kNumTags means "start of sentence";
// b == kNumTags means "end of sentence").
constexpr bool transition_allowed(int a, int b) {
  // From start or O (or after L/U), the next tag must begin something (B, U) or be O.
  bool a_open = a != kNumTags && a != 0 && (tag_pos(a) == kB || tag_pos(a) == kI);
  if (b == kNumTags || b == 0) return !a_open;
  int bp = tag_pos(b);
  if (a_open) return (bp == kI || bp == kL) && tag_type(a) == tag_type(b);
  return bp == kB || bp == kU;
}

// One document as words (already tokenised) split into sentences.
struct DocWords {
  std::vector<std::string_view> words;
  std::vector<std::uint32_t> sentence_starts;  // as TokenizedText::sentence_starts
};

// Per-token feature hashes: token i has feats[offsets[i] .. offsets[i + 1]).
struct FeatureList {
  std::vector<std::uint64_t> feats;
  std::vector<std::uint32_t> offsets;
};

// Computes features. Holds scratch buffers: one per thread.
class FeatureExtractor {
 public:
  FeatureExtractor() = default;
  explicit FeatureExtractor(const Lexicon& lexicon) : lexicon_(&lexicon) {}
  void set_lexicon(const Lexicon* lexicon) { lexicon_ = lexicon; }

  // Stage 1 when stage1_tags is null; stage 2 otherwise (adds features from the
  // first stage's tags over the whole document).
  void extract(const DocWords& doc, const std::uint8_t* stage1_tags, FeatureList& out);

  // The same in two steps, so a caller need not hold a whole document's
  // features: prepare() once, then sentence_features() per sentence, which
  // fills (append == false) or extends out with the tokens [b, e).
  // described: the WordInfo of each word, if the caller has them already;
  // taken without a copy (the caller gets a buffer to reuse in exchange).
  void prepare(const DocWords& doc, const std::uint8_t* stage1_tags,
               std::vector<WordInfo>* described = nullptr);
  // After prepare(doc, nullptr): switches to stage 2 for the same document
  // without analysing its words again.
  void prepare_stage2(const DocWords& doc, const std::uint8_t* stage1_tags);
  void sentence_features(const DocWords& doc, std::uint32_t b, std::uint32_t e, FeatureList& out,
                         bool append);

  // Word features: those that depend on one word only (and the stage), so
  // that a caller may score them once per distinct word. A token's own (its
  // WordInfo and byte length), and those of the word just before it (offset
  // -1) or after it (1), and in the first stage two before or after (-2, 2),
  // which is sentence_edge(false) or (true) where the sentence has no such
  // word. With set_word_features(false), sentence_features leaves exactly
  // these out (the trainer keeps them, in their usual order).
  static void own_features(const WordInfo& word, std::size_t bytes, bool stage2,
                           std::vector<std::uint64_t>& out);
  static void neighbour_features(const WordInfo& word, int offset, bool stage2,
                                 std::vector<std::uint64_t>& out);
  static WordInfo sentence_edge(bool end);
  void set_word_features(bool include) { word_features_ = include; }

 private:
  void analyze(const DocWords& doc, std::vector<WordInfo>* described);
  void mark_sentences(const DocWords& doc);
  void match_lexicon(const DocWords& doc);
  void add_doc_stats(const DocWords& doc);
  void add_stage2(const DocWords& doc, const std::uint8_t* tags);
  void fine_token_features(const DocWords& doc, std::uint32_t i, std::uint32_t b, std::uint32_t e,
                           bool own, std::vector<std::uint64_t>& f) const;
  void stage2_token_features(std::uint32_t i, std::uint32_t b, std::uint32_t e,
                             std::vector<std::uint64_t>& f) const;
  static int agg_slot(int tag) { return tag == 0 ? 4 * 4 : tag_type(tag) * 4 + tag_pos(tag); }

  const Lexicon* lexicon_ = nullptr;
  bool word_features_ = true;
  std::vector<WordInfo> info_;
  std::vector<std::uint8_t> sent_flags_;   // per token: sentence-level flags
  std::vector<std::uint32_t> lex_begin_;   // per token: lexicon feature range
  std::vector<std::uint64_t> lex_feats_;   // (category, position) codes
  std::vector<std::uint8_t> doc_flags_;    // per token: document-level evidence
  // Per token: its normalised word's number in the document (in order of
  // first occurrence), or UINT32_MAX for a token without a letter.
  std::vector<std::uint32_t> word_ids_;
  std::uint32_t distinct_words_ = 0;
  // Stage 2: first-stage tags, per-word tag counts, span evidence by token.
  const std::uint8_t* tags_ = nullptr;

  std::vector<std::array<std::uint16_t, 5 * 4>> agg_counts_;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> span_hits_;
  WordScratch scratch_;
};

}  // namespace dossier::entities
