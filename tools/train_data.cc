#include "train_data.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "entities/ner_tokenizer.h"

namespace dossier::train {

namespace fs = std::filesystem;
using namespace dossier::entities;

DocWords Doc::view() const {
  DocWords d;
  for (auto& w : words) d.words.emplace_back(w);
  d.sentence_starts = sentence_starts;
  return d;
}

namespace {

int type_of(const std::string& label) {
  if (label == "PER") return kPer;
  if (label == "LOC") return kLoc;
  if (label == "ORG") return kOrg;
  if (label == "MISC") return kMisc;
  return -1;
}

// IOB1 or IOB2 tags of one sentence -> BILOU tag numbers.
std::vector<std::uint8_t> to_bilou(const std::vector<std::string>& tags) {
  std::size_t n = tags.size();
  std::vector<int> type(n, -1);
  std::vector<bool> starts(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (tags[i] == "O" || tags[i].size() < 3) continue;
    type[i] = type_of(tags[i].substr(2));
    if (type[i] < 0) continue;
    starts[i] = tags[i][0] == 'B' || i == 0 || type[i - 1] != type[i];
  }
  std::vector<std::uint8_t> out(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (type[i] < 0) continue;
    bool ends = i + 1 == n || type[i + 1] != type[i] || starts[i + 1];
    int pos = starts[i] ? (ends ? kU : kB) : (ends ? kL : kI);
    out[i] = static_cast<std::uint8_t>(make_tag(type[i], pos));
  }
  return out;
}

}  // namespace

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Parses a --train spec into src; on a mistake returns what is wrong with it.
std::string parse_source(const std::string& spec, TrainSource& src) {
  std::size_t colon = spec.find(':');
  src.path = spec.substr(0, colon);
  if (colon == std::string::npos) return "";
  std::istringstream opts(spec.substr(colon + 1));
  std::string kv;
  while (std::getline(opts, kv, ',')) {
    if (!src.sections.empty()) {
      if (auto section = parse_int(kv)) {  // sections=5,6
        src.sections.push_back(*section);
        continue;
      }
    }
    std::size_t eq = kv.find('=');
    if (eq == std::string::npos) return "option '" + kv + "' needs key=value";
    std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
    std::optional<int> number = parse_int(value);
    if ((key == "weight" || key == "sections") && !number)
      return "'" + kv + "': " + key + " takes a whole number";
    if (key == "weight") src.weight = std::max(1, *number);
    else if (key == "misc" && value == "drop") src.drop_misc = true;
    else if (key == "docs" && value == "sentence") src.sentence_docs = true;
    else if (key == "sections") src.sections.push_back(*number);
    else return "unknown option '" + kv + "'";
  }
  return "";
}

namespace {

std::vector<Doc> read_conll(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    fmt::print(stderr, "cannot read {}\n", path.string());
    std::exit(1);
  }
  std::vector<Doc> docs;
  std::vector<std::string> words, tags;
  auto end_sentence = [&]() {
    if (words.empty()) return;
    if (docs.empty()) docs.emplace_back();
    Doc& d = docs.back();
    auto bilou = to_bilou(tags);
    for (std::size_t i = 0; i < words.size(); ++i) {
      d.words.push_back(words[i]);
      d.gold.push_back(bilou[i]);
    }
    d.sentence_starts.push_back(static_cast<std::uint32_t>(d.words.size()));
    words.clear();
    tags.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first, col, last;
    if (!(ls >> first)) {
      end_sentence();
      continue;
    }
    last = first;
    while (ls >> col) last = col;
    if (first == "-DOCSTART-") {
      end_sentence();
      if (docs.empty() || !docs.back().words.empty()) docs.emplace_back();
      continue;
    }
    words.push_back(first);
    tags.push_back(last);
  }
  end_sentence();
  if (!docs.empty() && docs.back().words.empty()) docs.pop_back();
  return docs;
}

}  // namespace

std::vector<Doc> read_source(const TrainSource& src) {
  std::vector<Doc> read = read_conll(src.path);
  std::vector<Doc> docs;
  for (std::size_t d = 0; d < read.size(); ++d) {
    if (!src.sections.empty() &&
        std::find(src.sections.begin(), src.sections.end(), static_cast<int>(d + 1)) == src.sections.end())
      continue;
    Doc& doc = read[d];
    if (src.drop_misc)
      for (auto& tag : doc.gold)
        if (tag != 0 && tag_type(tag) == kMisc) tag = 0;
    if (!src.sentence_docs) {
      docs.push_back(std::move(doc));
      continue;
    }
    for (std::size_t s = 0; s + 1 < doc.sentence_starts.size(); ++s) {
      Doc& one = docs.emplace_back();
      for (std::uint32_t i = doc.sentence_starts[s]; i < doc.sentence_starts[s + 1]; ++i) {
        one.words.push_back(doc.words[i]);
        one.gold.push_back(doc.gold[i]);
      }
      one.sentence_starts.push_back(static_cast<std::uint32_t>(one.words.size()));
    }
  }
  for (auto& doc : docs) doc.weight = src.weight;
  std::size_t tokens = 0;
  for (auto& d : docs) tokens += d.words.size();
  fmt::print(stderr, "{}: {} documents, {} tokens, weight {}\n", src.path.string(), docs.size(),
             tokens, src.weight);
  return docs;
}

Lexicon load_lexicons(const fs::path& dir) {
  Lexicon lex;
  if (dir.empty()) return lex;
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() > 32) {
    fmt::print(stderr, "at most 32 lexicon files\n");
    std::exit(1);
  }
  std::string norm;
  TokenizedText tok;
  for (std::size_t c = 0; c < files.size(); ++c) {
    std::ifstream in(files[c]);
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      tokenize(line, tok);
      if (tok.tokens.empty()) continue;
      std::uint64_t h = kSeqSeed;
      for (auto& t : tok.tokens) {
        normalize_word(std::string_view(line).substr(t.begin, t.end - t.begin), norm);
        h = seq_hash(h, hash_bytes(norm));
      }
      lex.add(h, 1u << c, static_cast<int>(tok.tokens.size()));
      ++count;
    }
    fmt::print(stderr, "lexicon {} = {} ({} entries)\n", c, files[c].filename().string(), count);
  }
  return lex;
}

}  // namespace dossier::train
