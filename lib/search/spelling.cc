#include "search/spelling.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "index/spelling_words.h"

namespace dossier::search {
namespace {

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

// The suggestion written the way the word was: "Madurro" -> "Maduro",
// "MADURRO" -> "MADURO", "madurro" -> "maduro". Suggestions are folded, so an
// accent is not restored; folding makes the corrected query find it anyway.
std::string in_the_case_of(std::string_view typed, std::string suggestion) {
  const bool capitalised = !typed.empty() && is_ascii_upper(typed.front());
  const bool all_capitals = capitalised && std::none_of(typed.begin(), typed.end(), is_ascii_lower);
  if (all_capitals && typed.size() > 1) {
    for (char& c : suggestion) {
      if (is_ascii_lower(c)) c = static_cast<char>(c - 'a' + 'A');
    }
  } else if (capitalised && !suggestion.empty() && is_ascii_lower(suggestion.front())) {
    suggestion.front() = static_cast<char>(suggestion.front() - 'a' + 'A');
  }
  return suggestion;
}

bool is_ascii_word(std::string_view folded) {
  return std::all_of(folded.begin(), folded.end(), is_ascii_lower);
}

// Without a dictionary: of the words one edit away from `folded` (letters
// a-z) that keep its first letter, the one whose term the most articles have;
// "" for none. Without a dictionary a candidate is only known by its stem, and
// the first letter guards against stems of other words ("goverment" without
// its g stems as "over"); people seldom get a first letter wrong. One query
// fetches every candidate term's frequency: a single round trip per remote
// shard.
std::string most_common_single_edit(const Xapian::Database& database,
                                    analysis::Analyzer& analyzer, std::string_view folded,
                                    std::string_view own_term) {
  if (!is_ascii_word(folded)) return {};
  std::vector<std::string> candidates;
  const std::string word(folded);
  for (std::size_t i = 1; i < word.size(); ++i) {
    candidates.push_back(word.substr(0, i) + word.substr(i + 1));
  }
  for (std::size_t i = 1; i + 1 < word.size(); ++i) {
    std::string swapped = word;
    std::swap(swapped[i], swapped[i + 1]);
    candidates.push_back(std::move(swapped));
  }
  for (char letter = 'a'; letter <= 'z'; ++letter) {
    for (std::size_t i = 1; i <= word.size(); ++i) {
      if (i < word.size()) {
        std::string replaced = word;
        replaced[i] = letter;
        candidates.push_back(std::move(replaced));
      }
      candidates.push_back(word.substr(0, i) + letter + word.substr(i));
    }
  }
  std::vector<std::pair<std::string, std::string>> terms;  // (term, first word to give it)
  for (const std::string& candidate : candidates) {
    if (candidate.size() < index::kMinSpellingWordBytes) continue;
    const std::string& term = analyzer.stem(candidate);
    if (term != own_term) terms.emplace_back(term, candidate);
  }
  std::stable_sort(terms.begin(), terms.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  terms.erase(std::unique(terms.begin(), terms.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              terms.end());
  if (terms.empty()) return {};
  std::vector<Xapian::Query> alternatives;
  for (const auto& term : terms) alternatives.emplace_back(term.first);
  Xapian::Enquire enquire(database);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
  const Xapian::MSet counts = enquire.get_mset(0, 0);
  std::string best;
  Xapian::doccount best_documents = 0;
  for (const auto& [term, candidate] : terms) {
    const Xapian::doccount documents = counts.get_termfreq(term);
    if (documents > best_documents) {
      best_documents = documents;
      best = candidate;
    }
  }
  return best;
}

// The folded word to put in place of `word`, if it looks misspelled.
std::optional<std::string> correction_of(const Xapian::Database& database,
                                         const Xapian::MSet& matched,
                                         analysis::Analyzer& analyzer,
                                         const ParsedQuery::Word& word, bool any_remote,
                                         std::optional<bool>& dictionary) {
  if (word.folded.size() < kMinCorrectedBytes || !index::is_spelling_word(word.folded) ||
      analyzer.is_stopword(word.folded)) {
    return std::nullopt;
  }
  // The search already knows it: no block of the index is read again.
  const Xapian::doccount documents = matched.get_termfreq(word.term);
  if (documents >= kMinKnownDocuments) return std::nullopt;
  const bool known = documents > 0;
  if (known && word.folded.size() < kMinCorrectedKnownBytes) return std::nullopt;
  // Looked up once per query, and only for a query with a rare word. Xapian's
  // remote protocol does not carry the spelling table.
  if (!dictionary) {
    dictionary = !any_remote && database.spellings_begin() != database.spellings_end();
  }
  const unsigned edits = !known && word.folded.size() >= kTwoEditBytes ? 2 : 1;
  std::string suggestion =
      *dictionary ? database.get_spelling_suggestion(word.folded, edits)
                  : most_common_single_edit(database, analyzer, word.folded, word.term);
  if (suggestion.empty() || suggestion == word.folded) return std::nullopt;
  const std::string& suggested_term = analyzer.stem(suggestion);
  // Another form of the same word ("elections" for "election") finds the
  // same articles: nothing to correct.
  if (suggested_term == word.term) return std::nullopt;
  // The dictionary is never decremented: its word may no longer be in any
  // article, and only a neighbour far more common than the word is a likelier
  // reading of it.
  const Xapian::doccount suggested_documents = database.get_termfreq(suggested_term);
  if (suggested_documents == 0 || suggested_documents < kRarerFactor * documents) {
    return std::nullopt;
  }
  return suggestion;
}

}  // namespace

void suggest_spelling(const Xapian::Database& database, const Xapian::MSet& matched,
                      analysis::Analyzer& analyzer, std::string_view query,
                      const std::vector<ParsedQuery::Word>& words, bool any_remote,
                      SearchResults& results) {
  std::optional<bool> dictionary;
  std::string corrected;
  std::size_t copied = 0;  // bytes of `query` already in `corrected`
  for (const ParsedQuery::Word& word : words) {
    if (word.begin < copied) continue;  // words come in text order: never true
    std::optional<std::string> suggestion =
        correction_of(database, matched, analyzer, word, any_remote, dictionary);
    if (!suggestion) continue;
    const std::string_view typed = query.substr(word.begin, word.end - word.begin);
    std::string written = in_the_case_of(typed, std::move(*suggestion));
    corrected.append(query.substr(copied, word.begin - copied));
    corrected += written;
    copied = word.end;
    results.corrections.push_back({std::string(typed), std::move(written)});
  }
  if (results.corrections.empty()) return;
  corrected.append(query.substr(copied));
  results.corrected_query = std::move(corrected);
}

}  // namespace dossier::search
