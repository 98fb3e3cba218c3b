#include "entities/word_cache.h"

namespace dossier::entities {

void WordCache::clear() {
  entries_.clear();
  // Room for the words kept and a long document's new ones, so that the
  // entries are not copied as the cache fills (pages are touched as used).
  entries_.reserve(kMaxKept + kMaxKept / 2);
  chars_.clear();
  word_begin_.assign(1, 0);
  slots_.assign(1024, Slot{});
}

void WordCache::begin_document(const NerModel& model) {
  // The serial, not the address, tells models apart: a new model may be
  // allocated where a freed one was.
  if (model.serial == 0 || model.serial != model_serial_ || &model != model_ ||
      entries_.size() > kMaxKept || slots_.empty()) {
    clear();
    model_ = &model;
    model_serial_ = model.serial;
    for (bool end : {false, true}) {
      edges_[end] = Entry{};
      edges_[end].info = FeatureExtractor::sentence_edge(end);
      score(edges_[end], 0, true);
    }
  }
}

void WordCache::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id_plus_1 == 0) continue;
    std::uint64_t h = hash_bytes(word(s.id_plus_1 - 1));
    std::size_t i = h & mask;
    while (slots_[i].id_plus_1 != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void WordCache::score(Entry& e, std::size_t bytes, bool edge) {
  for (int s = 0; s < model_->num_stages; ++s) {
    for (int offset = -1; offset <= 1; ++offset) {
      if (offset == 0 && edge) continue;  // an edge is only ever a neighbour
      feats_.clear();
      if (offset == 0) FeatureExtractor::own_features(e.info, bytes, s > 0, feats_);
      else FeatureExtractor::neighbour_features(e.info, offset, s > 0, feats_);
      model_->stages[s].add_weights(feats_.data(), feats_.size(), e.sums[s][offset + 1]);
    }
  }
  for (int offset : {-2, 2}) {
    feats_.clear();
    FeatureExtractor::neighbour_features(e.info, offset, false, feats_);
    model_->stages[0].add_weights(feats_.data(), feats_.size(), e.two_away[offset > 0]);
  }
}

std::uint32_t WordCache::find_or_add(std::string_view w) {
  std::uint64_t h = hash_bytes(w);
  auto check = static_cast<std::uint32_t>(h >> 32);
  std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i].id_plus_1 != 0; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.check == check && word(s.id_plus_1 - 1) == w) return s.id_plus_1 - 1;
  }
  auto id = static_cast<std::uint32_t>(entries_.size());
  Entry& e = entries_.emplace_back();
  describe_word(w, scratch_, e.info);
  score(e, w.size(), false);
  chars_.append(w);
  word_begin_.push_back(static_cast<std::uint32_t>(chars_.size()));
  slots_[i] = Slot{check, id + 1};
  if (entries_.size() * 2 > slots_.size()) grow();
  return id;
}

}  // namespace dossier::entities
