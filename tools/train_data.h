// The trainer's input (tools/dossier-train-ner.cc): CoNLL-format files as
// documents of BILOU-tagged words, the --train options that shape them, and
// the lexicon folder as the model's gazetteer features.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entities/ner_features.h"
#include "entities/ner_model.h"

namespace dossier::train {

struct Doc {
  int weight = 1;  // how many times each sentence is shown per epoch
  std::vector<std::string> words;
  std::vector<std::uint8_t> gold;
  std::vector<std::uint32_t> sentence_starts{0};
  entities::DocWords view() const;
};

// One --train argument: FILE[:key=value,...]. Keys:
//   weight=N      show each sentence N times per epoch (default 1)
//   misc=drop     MISC tags become O (a set whose MISC means something else)
//   docs=sentence each sentence is its own document (tweets: no shared context)
//   sections=I,J  keep only these -DOCSTART- documents (1-based)
struct TrainSource {
  std::filesystem::path path;
  int weight = 1;
  bool drop_misc = false;
  bool sentence_docs = false;
  std::vector<int> sections;
};

// A whole decimal number, or nullopt (std::stoi throws on "x" and accepts "3x").
std::optional<int> parse_int(std::string_view text);

// Parses a --train spec into src; on a mistake returns what is wrong with it.
std::string parse_source(const std::string& spec, TrainSource& src);

// Reads one source and applies its options; exits with a message when the
// file cannot be read.
std::vector<Doc> read_source(const TrainSource& src);

// The lexicon files (*.txt, at most 32, in name order) of `dir`; none when
// `dir` is empty. Exits with a message on more than 32 files.
entities::Lexicon load_lexicons(const std::filesystem::path& dir);

}  // namespace dossier::train
