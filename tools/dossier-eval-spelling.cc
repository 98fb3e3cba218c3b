// Measures "did you mean" (search/spelling.h) on an index:
//  - of the misspelled queries in a file ("misspelled<TAB>intended" lines),
//    the share whose corrected query finds the intended query's articles (the
//    same first page of hits), or that finds them as typed without a
//    suggestion (stemming makes some misspellings the word);
//  - of correctly spelled words sampled from the index's own dictionary, the
//    share that get a suggestion anyway (a wrong one): once sampling every
//    word alike, once weighting words by how many articles use them (closer
//    to what people search for).
//
//   dossier-eval-spelling INDEX MISSPELLINGS.tsv [SAMPLE_SIZE [SEED [SHARD]]]
//
// The words are sampled from INDEX; the searches run on SHARD when given (a
// tcp://host:port server of the same index: remote shards have no spelling
// table, so this measures the single-edit fallback), else on INDEX.
//
// scripts/eval-spelling.sh builds the index and runs it.
#include <fmt/core.h>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/dossier.h"
#include "search/spelling.h"

namespace {

using dossier::SearchRequest;
using dossier::Searcher;

struct Searched {
  std::vector<std::string> ids;  // the first page, in rank order
  std::optional<std::string> corrected;
};

Searched search(Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.facet_values = 0;
  request.snippet_bytes = 0;
  auto results = searcher.search(request);
  if (!results) {
    std::cerr << query << ": " << results.error().to_string() << "\n";
    return {};
  }
  Searched searched{{}, results->corrected_query};
  for (const dossier::Hit& hit : results->hits) searched.ids.push_back(hit.id);
  return searched;
}

// Misspelled queries whose correction finds what the intended query finds.
int score_misspellings(Searcher& searcher, const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "cannot read " << path << "\n";
    return -1;
  }
  int queries = 0, corrected = 0, unchanged = 0;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cerr << path << ": no tab in \"" << line << "\"\n";
      return -1;
    }
    const std::string misspelled = line.substr(0, tab), intended = line.substr(tab + 1);
    const Searched wanted = search(searcher, intended);
    if (wanted.ids.empty()) {
      std::cerr << path << ": \"" << intended << "\" finds nothing in this index\n";
      return -1;
    }
    ++queries;
    const Searched typed = search(searcher, misspelled);
    if (typed.corrected ? search(searcher, *typed.corrected).ids == wanted.ids
                        : typed.ids == wanted.ids) {
      ++(typed.corrected ? corrected : unchanged);
    } else {
      std::cout << fmt::format("  missed: {} -> {} (wanted {})\n", misspelled,
                               typed.corrected.value_or("no suggestion"), intended);
    }
  }
  // A misspelling that stems like the word ("Arsenall") finds its articles
  // with no suggestion: counted, and shown apart.
  std::cout << fmt::format("misspelled queries: {}; find the intended articles: {} ({:.3f}): "
                           "{} through the suggestion, {} as typed (no suggestion needed)\n",
                           queries, corrected + unchanged,
                           queries ? double(corrected + unchanged) / queries : 0.0, corrected,
                           unchanged);
  return 0;
}

// Words the correction step would consider: what it leaves alone for other
// reasons (short words, numbers) would pass trivially and is not sampled.
std::vector<std::pair<std::string, Xapian::doccount>> dictionary_words(const std::string& index) {
  Xapian::Database database(index);
  dossier::analysis::Analyzer analyzer(dossier::AnalysisOptions{});
  std::vector<std::pair<std::string, Xapian::doccount>> words;
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    const std::string& folded = *word;
    if (folded.size() < dossier::search::kMinCorrectedBytes || analyzer.is_stopword(folded)) {
      continue;
    }
    if (database.get_termfreq(analyzer.stem(folded)) == 0) continue;  // no article has it now
    words.emplace_back(folded, word.get_termfreq());
  }
  return words;
}

void score_correct_words(Searcher& searcher, const std::string& index, std::size_t sample_size,
                         unsigned seed) {
  const auto words = dictionary_words(index);
  if (words.empty()) {
    std::cout << "the index has no spelling dictionary\n";
    return;
  }
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::size_t> any_word(0, words.size() - 1);
  std::vector<double> frequencies;
  for (const auto& word : words) frequencies.push_back(word.second);
  std::discrete_distribution<std::size_t> by_frequency(frequencies.begin(), frequencies.end());
  for (bool weighted : {false, true}) {
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < sample_size; ++i) {
      const std::string& word = words[weighted ? by_frequency(random) : any_word(random)].first;
      if (auto corrected = search(searcher, word).corrected) {
        ++wrong;
        std::cout << fmt::format("  wrong: {} -> {}\n", word, *corrected);
      }
    }
    std::cout << fmt::format("correct words ({} of {} in the dictionary, {}): {} wrong suggestions "
                             "({:.3f})\n",
                             sample_size, words.size(),
                             weighted ? "weighted by articles using them" : "every word alike",
                             wrong, double(wrong) / sample_size);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) {
    std::cerr
        << "usage: dossier-eval-spelling INDEX MISSPELLINGS.tsv [SAMPLE_SIZE [SEED [SHARD]]]\n";
    return 2;
  }
  const std::string index = argv[1];
  const std::size_t sample_size = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
  const unsigned seed = argc > 4 ? static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10)) : 2;
  auto searcher = Searcher::Open(std::vector<std::string>{argc > 5 ? argv[5] : index});
  if (!searcher) {
    std::cerr << searcher.error().to_string() << "\n";
    return 1;
  }
  try {
    if (score_misspellings(*searcher, argv[2]) != 0) return 1;
    score_correct_words(*searcher, index, sample_size, seed);
  } catch (const Xapian::Error& error) {
    std::cerr << index << ": " << error.get_description() << "\n";
    return 1;
  }
  return 0;
}
