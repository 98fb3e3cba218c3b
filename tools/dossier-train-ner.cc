// Trains the entity model: a two-stage averaged structured perceptron over
// BILOU tags with first-order Viterbi decoding. Stage 2 sees stage 1's tags
// for the whole document (how the same words were tagged elsewhere); on
// training data those come from jackknifed stage-1 models so that stage 2
// learns from realistic, not memorised, first-stage output.
//
//   dossier-train-ner --train train.conll --lexicons data/lexicons --out model.bin
//
// Deterministic: fixed sentence shuffling seed, no threads.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli.h"
#include "entities/ner_features.h"
#include "entities/ner_model.h"
#include "entities/ner_tokenizer.h"
#include "train_data.h"

namespace fs = std::filesystem;
using namespace dossier::entities;
using namespace dossier::train;

namespace {

// Pseudo-random numbers with a fixed algorithm, so runs are reproducible everywhere.
struct SplitMix {
  std::uint64_t s;
  std::uint64_t next() { return mix64(s += 0x9e3779b97f4a7c15ULL); }
};

// Features of every document, as dense indices into the weight matrix.
struct IndexedDoc {
  std::vector<std::uint32_t> feats;
  std::vector<std::uint32_t> offsets;
};

struct FeatureSpace {
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<std::uint64_t> hashes;
};

// Builds the feature index from the training documents' features (those seen
// at least min_count times), and converts every document.
std::vector<IndexedDoc> index_features(const std::vector<FeatureList>& lists,
                                       const std::vector<bool>& is_train, int min_count,
                                       FeatureSpace& space) {
  std::unordered_map<std::uint64_t, std::uint32_t> counts;
  for (std::size_t d = 0; d < lists.size(); ++d)
    if (is_train[d])
      for (auto h : lists[d].feats) ++counts[h];
  std::vector<std::uint64_t> kept;
  for (auto& [h, c] : counts)
    if (static_cast<int>(c) >= min_count) kept.push_back(h);
  std::sort(kept.begin(), kept.end());  // deterministic numbering
  space.index.clear();
  space.index.reserve(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) space.index.emplace(kept[i], static_cast<std::uint32_t>(i));
  space.hashes = std::move(kept);
  std::vector<IndexedDoc> out(lists.size());
  for (std::size_t d = 0; d < lists.size(); ++d) {
    const FeatureList& fl = lists[d];
    IndexedDoc& id = out[d];
    id.offsets.push_back(0);
    for (std::size_t i = 0; i + 1 < fl.offsets.size(); ++i) {
      for (std::uint32_t k = fl.offsets[i]; k < fl.offsets[i + 1]; ++k) {
        auto it = space.index.find(fl.feats[k]);
        if (it != space.index.end()) id.feats.push_back(it->second);
      }
      id.offsets.push_back(static_cast<std::uint32_t>(id.feats.size()));
    }
  }
  return out;
}

constexpr int T = kNumTags;

struct Perceptron {
  std::size_t F = 0;
  std::vector<float> w;
  std::vector<double> u;  // sum of step * update, for averaging
  float trans[T + 1][T] = {};
  double utrans[T + 1][T] = {};
  double step = 1;

  explicit Perceptron(std::size_t features) : F(features), w(features * T, 0.f), u(features * T, 0.0) {}

  void emissions(const IndexedDoc& d, std::uint32_t b, std::uint32_t e, std::vector<float>& em) const {
    em.assign(static_cast<std::size_t>(e - b) * T, 0.f);
    for (std::uint32_t i = b; i < e; ++i) {
      float* row = &em[static_cast<std::size_t>(i - b) * T];
      for (std::uint32_t k = d.offsets[i]; k < d.offsets[i + 1]; ++k) {
        const float* wr = &w[static_cast<std::size_t>(d.feats[k]) * T];
        for (int t = 0; t < T; ++t) row[t] += wr[t];
      }
    }
  }

  void update_feat(const IndexedDoc& d, std::uint32_t i, int tag, float delta) {
    for (std::uint32_t k = d.offsets[i]; k < d.offsets[i + 1]; ++k) {
      std::size_t at = static_cast<std::size_t>(d.feats[k]) * T + tag;
      w[at] += delta;
      u[at] += step * delta;
    }
  }
  void update_trans(int a, int b, float delta) {
    trans[a][b] += delta;
    utrans[a][b] += step * delta;
  }

  // Replaces the weights by their average over all steps.
  void average() {
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(w[i] - u[i] / step);
    for (int a = 0; a <= T; ++a)
      for (int b = 0; b < T; ++b) trans[a][b] = static_cast<float>(trans[a][b] - utrans[a][b] / step);
  }
};

struct SentenceRef {
  std::uint32_t doc, begin, end;
};

Perceptron train_stage(const std::vector<IndexedDoc>& docs, const std::vector<Doc>& gold,
                       const std::vector<bool>& use, std::size_t features, int epochs,
                       std::uint64_t seed) {
  Perceptron p(features);
  std::vector<SentenceRef> sents;
  for (std::uint32_t d = 0; d < docs.size(); ++d) {
    if (!use[d]) continue;
    const auto& ss = gold[d].sentence_starts;
    for (std::size_t s = 0; s + 1 < ss.size(); ++s)
      for (int copy = 0; copy < gold[d].weight; ++copy) sents.push_back({d, ss[s], ss[s + 1]});
  }
  SplitMix rng{seed};
  std::vector<float> em;
  std::vector<std::uint8_t> pred;
  ViterbiScratch scratch;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (std::size_t i = sents.size(); i > 1; --i) std::swap(sents[i - 1], sents[rng.next() % i]);
    std::size_t errors = 0;
    for (const auto& s : sents) {
      const IndexedDoc& d = docs[s.doc];
      const auto& g = gold[s.doc].gold;
      std::size_t n = s.end - s.begin;
      p.emissions(d, s.begin, s.end, em);
      pred.resize(n);
      viterbi_decode(em.data(), n, p.trans, pred.data(), scratch);
      bool wrong = false;
      for (std::size_t i = 0; i < n; ++i) {
        int gt = g[s.begin + i], pt = pred[i];
        if (gt != pt) {
          wrong = true;
          p.update_feat(d, static_cast<std::uint32_t>(s.begin + i), gt, 1.f);
          p.update_feat(d, static_cast<std::uint32_t>(s.begin + i), pt, -1.f);
        }
        int gprev = i == 0 ? T : g[s.begin + i - 1];
        int pprev = i == 0 ? T : pred[i - 1];
        if (gprev != pprev || gt != pt) {
          p.update_trans(gprev, gt, 1.f);
          p.update_trans(pprev, pt, -1.f);
        }
      }
      errors += wrong;
      p.step += 1;
    }
    fmt::print(stderr, "  epoch {:2}: {} of {} sentences wrong\n", epoch + 1, errors, sents.size());
  }
  p.average();
  return p;
}

void predict(const Perceptron& p, const IndexedDoc& d, const std::vector<std::uint32_t>& ss,
             std::vector<std::uint8_t>& tags) {
  tags.assign(d.offsets.size() - 1, 0);
  std::vector<float> em;
  ViterbiScratch scratch;
  for (std::size_t s = 0; s + 1 < ss.size(); ++s) {
    p.emissions(d, ss[s], ss[s + 1], em);
    viterbi_decode(em.data(), ss[s + 1] - ss[s], p.trans, tags.data() + ss[s], scratch);
  }
}

// Entity spans (begin, end, type) of reported types from BILOU tags.
std::vector<std::tuple<std::uint32_t, std::uint32_t, int>> spans_of(const std::vector<std::uint8_t>& tags) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, int>> out;
  for (std::uint32_t i = 0; i < tags.size(); ++i) {
    int t = tags[i];
    if (t == 0 || (tag_pos(t) != kB && tag_pos(t) != kU)) continue;
    std::uint32_t j = i;
    while (tag_pos(t) == kB && j + 1 < tags.size() && tags[j + 1] != 0 &&
           (tag_pos(tags[j + 1]) == kI || tag_pos(tags[j + 1]) == kL)) {
      ++j;
      if (tag_pos(tags[j]) == kL) break;
    }
    if (tag_type(t) != kMisc) out.emplace_back(i, j + 1, tag_type(t));
    i = j;
  }
  return out;
}

struct Prf {
  std::size_t tp = 0, pred = 0, gold = 0;
  void add(const std::vector<std::uint8_t>& g, const std::vector<std::uint8_t>& p) {
    auto gs = spans_of(g), ps = spans_of(p);
    std::sort(gs.begin(), gs.end());
    std::sort(ps.begin(), ps.end());
    std::vector<std::tuple<std::uint32_t, std::uint32_t, int>> both;
    std::set_intersection(gs.begin(), gs.end(), ps.begin(), ps.end(), std::back_inserter(both));
    tp += both.size();
    pred += ps.size();
    gold += gs.size();
  }
  double f1() const {
    double pr = pred ? double(tp) / pred : 0, rc = gold ? double(tp) / gold : 0;
    return pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
  }
};

// Mention F1 of a trained stage on the held-out documents (--heldout).
void print_heldout(const char* stage, const Perceptron& p, const std::vector<IndexedDoc>& indexed,
                   const std::vector<Doc>& docs, const std::vector<bool>& is_train) {
  Prf prf;
  std::vector<std::uint8_t> tags;
  for (std::size_t d = 0; d < docs.size(); ++d) {
    if (is_train[d]) continue;
    predict(p, indexed[d], docs[d].sentence_starts, tags);
    prf.add(docs[d].gold, tags);
  }
  fmt::print(stderr, "held-out {} mention F1 (PER/LOC/ORG): {:.4f} (tp {} pred {} gold {})\n", stage,
             prf.f1(), prf.tp, prf.pred, prf.gold);
}

// Turns averaged dense weights into the model's sparse, pruned form.
void to_stage(const Perceptron& p, const FeatureSpace& space, float prune, StageWeights& out,
              std::size_t& entries) {
  out = StageWeights();
  for (int a = 0; a <= T; ++a)
    for (int b = 0; b < T; ++b) out.trans[a][b] = p.trans[a][b];
  std::uint8_t tags[T];
  float ws[T];
  for (std::size_t f = 0; f < space.hashes.size(); ++f) {
    std::size_t n = 0;
    for (int t = 0; t < T; ++t) {
      float v = p.w[f * T + t];
      if (std::fabs(v) >= prune) {
        tags[n] = static_cast<std::uint8_t>(t);
        ws[n++] = v;
      }
    }
    if (n) out.add_feature(space.hashes[f], tags, ws, n);
    entries += n;
  }
  out.finish(out.quantum());
}

int check_tokenizer(const std::vector<Doc>& docs, const fs::path& dir) {
  std::size_t same = 0, total = 0, shown = 0, sent_same = 0, sent_total = 0;
  TokenizedText tok;
  for (std::size_t d = 0; d < docs.size(); ++d) {
    fs::path file = dir / fmt::format("{:04}.txt", d + 1);
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    tokenize(text, tok);
    std::vector<std::string> mine;
    for (auto& t : tok.tokens) mine.push_back(text.substr(t.begin, t.end - t.begin));
    total += docs[d].words.size();
    sent_total += docs[d].sentence_starts.size();
    if (mine == docs[d].words) same += mine.size();
    else {
      // Count by greedy alignment; show the first differences.
      std::size_t i = 0, j = 0;
      while (i < mine.size() && j < docs[d].words.size()) {
        if (mine[i] == docs[d].words[j]) {
          ++same, ++i, ++j;
          continue;
        }
        if (shown < 40) {
          fmt::print("doc {} mine '{}' gold '{}' (next gold '{}')\n", d + 1, mine[i], docs[d].words[j],
                     j + 1 < docs[d].words.size() ? docs[d].words[j + 1] : "");
          ++shown;
        }
        // Resynchronise on the next equal token within a few positions.
        bool found = false;
        for (std::size_t a = 0; a < 4 && !found; ++a)
          for (std::size_t b = 0; b < 4 && !found; ++b)
            if ((a || b) && i + a < mine.size() && j + b < docs[d].words.size() &&
                mine[i + a] == docs[d].words[j + b]) {
              i += a, j += b, found = true;
            }
        if (!found) ++i, ++j;
      }
    }
    if (tok.sentence_starts == docs[d].sentence_starts) {
      sent_same += tok.sentence_starts.size();
    } else if (mine == docs[d].words && shown < 60) {
      for (auto s : tok.sentence_starts)
        if (!std::binary_search(docs[d].sentence_starts.begin(), docs[d].sentence_starts.end(), s) &&
            shown++ < 60)
          fmt::print("doc {} extra sentence break before '{}' after '{}'\n", d + 1, mine[s],
                     s > 0 ? mine[s - 1] : "");
    }
  }
  fmt::print("tokens matching: {} of {} ({:.3f}%); docs with identical sentences: {} of {} boundaries\n",
             same, total, 100.0 * same / total, sent_same, sent_total);
  return 0;
}

// The command line. Defaults are the ones scripts/train-ner.sh relies on.
struct Options {
  std::vector<std::string> train_specs;
  fs::path out_path, lex_dir, check_dir;
  int epochs1 = 12, epochs2 = 12, stages = 2, folds = 5, min_count = 2, heldout = 0;
  float prune = 0.05f;
};

void add_options(CLI::App& app, Options& o) {
  app.add_option("--train", o.train_specs,
                 "training data, repeatable: FILE.conll[:weight=N,misc=drop,docs=sentence,"
                 "sections=I,J] (see TrainSource in the source)")
      ->required()
      ->check([](const std::string& spec) {
        TrainSource ignored;
        return parse_source(spec, ignored);
      });
  app.add_option("--out", o.out_path, "model file to write");
  app.add_option("--lexicons", o.lex_dir, "folder of gazetteer .txt files (one category each)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--check-tokenizer", o.check_dir,
                 "compare the runtime tokenizer with the training tokens of DOCS_DIR instead")
      ->check(CLI::ExistingDirectory);
  app.add_option("--epochs1", o.epochs1, "epochs of stage 1")->check(CLI::Range(1, 1000));
  app.add_option("--epochs2", o.epochs2, "epochs of stage 2")->check(CLI::Range(1, 1000));
  app.add_option("--stages", o.stages, "1 or 2")->check(CLI::Range(1, 2));
  app.add_option("--folds", o.folds, "jackknife folds for stage 2's input")
      ->check(CLI::Range(2, 100));
  app.add_option("--min-count", o.min_count, "features seen fewer times are left out")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--prune", o.prune, "weights of smaller magnitude are left out")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--heldout", o.heldout, "N > 0: every Nth document is held out and scored")
      ->check(CLI::Range(0, 1000000));
}

// Trains stage 2 on jackknifed stage-1 tags (s1, filled here for training
// documents) and prints its held-out score when asked.
void train_stage2(const Options& o, const std::vector<Doc>& docs, const std::vector<bool>& is_train,
                  const std::vector<IndexedDoc>& indexed1, std::size_t features1,
                  const std::vector<DocWords>& views, FeatureExtractor& extractor,
                  std::vector<std::vector<std::uint8_t>>& s1, NerModel& model, double seconds) {
  for (int k = 0; k < o.folds; ++k) {
    std::vector<bool> use(docs.size());
    for (std::size_t d = 0; d < docs.size(); ++d)
      use[d] = is_train[d] && d % o.folds != static_cast<std::size_t>(k);
    fmt::print(stderr, "fold {} of {}\n", k + 1, o.folds);
    Perceptron p = train_stage(indexed1, docs, use, features1, o.epochs1, 100 + k);
    for (std::size_t d = 0; d < docs.size(); ++d)
      if (is_train[d] && d % o.folds == static_cast<std::size_t>(k))
        predict(p, indexed1[d], docs[d].sentence_starts, s1[d]);
  }
  std::vector<FeatureList> lists(docs.size());
  for (std::size_t d = 0; d < docs.size(); ++d) extractor.extract(views[d], s1[d].data(), lists[d]);
  FeatureSpace space2;
  auto indexed2 = index_features(lists, is_train, o.min_count, space2);
  fmt::print(stderr, "stage 2: {} features (after {:.1f}s)\n", space2.hashes.size(), seconds);
  Perceptron full2 = train_stage(indexed2, docs, is_train, space2.hashes.size(), o.epochs2, 2);
  std::size_t entries = 0;
  to_stage(full2, space2, o.prune, model.stages[1], entries);
  fmt::print(stderr, "stage 2 trained: {} features kept, {} weights\n",
             model.stages[1].feature_count(), entries);
  if (o.heldout > 0) print_heldout("stage 2", full2, indexed2, docs, is_train);
}

// Trains both stages into model.
void train_model(const Options& o, const std::vector<Doc>& docs, NerModel& model) {
  auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&]() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::vector<bool> is_train(docs.size(), true);
  if (o.heldout > 0)
    for (std::size_t d = 0; d < docs.size(); d += static_cast<std::size_t>(o.heldout))
      is_train[d] = false;
  std::vector<DocWords> views;
  for (auto& d : docs) views.push_back(d.view());
  FeatureExtractor extractor(model.lexicon);

  std::vector<FeatureList> lists(docs.size());
  for (std::size_t d = 0; d < docs.size(); ++d) extractor.extract(views[d], nullptr, lists[d]);
  FeatureSpace space1;
  auto indexed1 = index_features(lists, is_train, o.min_count, space1);
  lists.clear();
  fmt::print(stderr, "stage 1: {} features ({:.1f}s)\n", space1.hashes.size(), elapsed());
  Perceptron full1 = train_stage(indexed1, docs, is_train, space1.hashes.size(), o.epochs1, 1);
  std::size_t entries = 0;
  to_stage(full1, space1, o.prune, model.stages[0], entries);
  fmt::print(stderr, "stage 1 trained: {} features kept, {} weights ({:.1f}s)\n",
             model.stages[0].feature_count(), entries, elapsed());
  if (o.heldout > 0) print_heldout("stage 1", full1, indexed1, docs, is_train);
  if (o.stages == 2) {
    std::vector<std::vector<std::uint8_t>> s1(docs.size());
    if (o.heldout > 0)  // held-out documents get the full stage 1's tags
      for (std::size_t d = 0; d < docs.size(); ++d)
        if (!is_train[d]) predict(full1, indexed1[d], docs[d].sentence_starts, s1[d]);
    train_stage2(o, docs, is_train, indexed1, space1.hashes.size(), views, extractor, s1, model,
                 elapsed());
  }
}

// Writes the model and reads it back: the file must parse as the runtime will.
int write_model(const NerModel& model, const fs::path& path) {
  std::string bytes = serialize_model(model);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      fmt::print(stderr, "cannot write {}\n", path.string());
      return 1;
    }
  }
  NerModel check;
  std::string error;
  if (!parse_model(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), check, error)) {
    fmt::print(stderr, "written model does not parse: {}\n", error);
    return 1;
  }
  fmt::print(stderr, "wrote {} ({} bytes)\n", path.string(), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Trains the entity model (see scripts/train-ner.sh).", "dossier-train-ner");
  Options o;
  add_options(app, o);
  cli::parse(app, argc, argv);
  if (o.out_path.empty() && o.check_dir.empty())
    cli::usage_error("give --out MODEL.bin (or --check-tokenizer DOCS_DIR)");
  std::vector<Doc> docs;
  for (const auto& spec : o.train_specs) {
    TrainSource src;
    parse_source(spec, src);  // already checked by the parser
    auto more = read_source(src);
    docs.insert(docs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::size_t tokens = 0;
  for (auto& d : docs) tokens += d.words.size();
  fmt::print(stderr, "{} documents, {} tokens\n", docs.size(), tokens);
  if (!o.check_dir.empty()) return check_tokenizer(docs, o.check_dir);

  NerModel model;
  model.lexicon = load_lexicons(o.lex_dir);
  model.num_stages = o.stages;
  train_model(o, docs, model);
  return write_model(model, o.out_path);
}
