#include "search/snippet.h"

#include <algorithm>
#include <cstdint>

namespace dossier::search {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

using Word = SnippetWord;

// The window of at most max_bytes with the most distinct matched terms, then
// the most matches, earliest first, widened with context. `words` may leave
// out words far from every match; `starts_text` and `ends_text` say whether
// its first and last are the text's.
Snippet cut_snippet(std::string_view text, const std::vector<Word>& words,
                    std::size_t distinct_terms, std::size_t max_bytes, bool starts_text,
                    bool ends_text);

}  // namespace

bool HighlightSet::matches(std::string_view term) const {
  if (terms_.count(std::string(term))) return true;
  return std::any_of(prefixes_.begin(), prefixes_.end(),
                     [&](const std::string& prefix) { return term.starts_with(prefix); });
}

Snippet make_snippet(std::string_view text, analysis::Analyzer& analyzer,
                     const HighlightSet& highlights, std::size_t max_bytes) {
  Snippet snippet;
  if (text.empty() || max_bytes == 0) return snippet;
  std::string_view scanned = text.substr(0, std::min(text.size(), kSnippetScanBytes));
  // Cut the scan at a character boundary.
  while (scanned.size() < text.size() && !scanned.empty() &&
         (static_cast<unsigned char>(text[scanned.size()]) & 0xC0) == 0x80) {
    scanned.remove_suffix(1);
  }

  std::vector<Word> words;
  std::vector<std::string> matched_terms;
  analyzer.analyze(scanned, [&](const analysis::Token& token) {
    int match = -1;
    if (!highlights.empty() && highlights.matches(token.term)) {
      auto found = std::find(matched_terms.begin(), matched_terms.end(), token.term);
      match = static_cast<int>(found - matched_terms.begin());
      if (found == matched_terms.end()) matched_terms.emplace_back(token.term);
    }
    words.push_back({token.begin, token.end, match});
  });
  return cut_snippet(text, words, matched_terms.size(), max_bytes, /*starts_text=*/true,
                     /*ends_text=*/scanned.size() == text.size());
}

std::vector<std::vector<Xapian::termpos>> matched_positions(std::string_view body,
                                                            const index::WordMap& word_map,
                                                            const std::vector<std::string>& terms,
                                                            analysis::Analyzer& analyzer) {
  std::vector<std::vector<Xapian::termpos>> positions(terms.size());
  const auto& map = word_map.words;
  const std::uint16_t* checks = word_map.term_checks.data();
  const std::size_t words = std::min(map.size(), word_map.term_checks.size());
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const std::uint16_t check = index::word_term_check(terms[t]);
    for (std::size_t word = 0; word < words; ++word) {
      if (checks[word] != check) continue;
      const auto [begin, end] = map[word];
      if (begin == end || end > body.size()) continue;
      if (analyzer.term(body.substr(begin, end - begin)) == terms[t]) {
        positions[t].push_back(word_map.body_start + static_cast<Xapian::termpos>(word));
      }
    }
  }
  return positions;
}

Snippet make_snippet(std::string_view text, const index::WordMap& word_map,
                     const std::vector<std::vector<Xapian::termpos>>& matched_positions,
                     std::size_t max_bytes) {
  if (text.empty() || max_bytes == 0) return {};
  const auto& map = word_map.words;
  auto is_word = [&](std::size_t i) { return map[i].first != map[i].second; };
  std::size_t first_word = 0, last_word = map.size();
  while (first_word < map.size() && !is_word(first_word)) ++first_word;
  while (last_word > first_word && !is_word(last_word - 1)) --last_word;
  if (first_word == last_word) return {};

  std::vector<std::pair<std::size_t, int>> matches;  // map word, distinct term
  for (std::size_t term = 0; term < matched_positions.size(); ++term) {
    for (Xapian::termpos position : matched_positions[term]) {
      // Title positions come before the body's.
      if (position < word_map.body_start) continue;
      const std::size_t word = position - word_map.body_start;
      if (word < map.size() && is_word(word)) matches.emplace_back(word, static_cast<int>(term));
    }
  }
  std::sort(matches.begin(), matches.end());

  // cut_snippet reads the matched words and the words within max_bytes of
  // each (its context); words further away cannot change the snippet, so
  // they are left out. One word past each stretch shows where it ends.
  std::vector<std::pair<std::size_t, std::size_t>> stretches;  // [from, to) of the map
  auto add_stretch = [&](std::size_t word) {
    // Matches come in order: walk only what the previous stretch left out.
    const std::size_t covered = stretches.empty() ? first_word : stretches.back().second;
    std::size_t from = word, to = std::max(word, covered > 0 ? covered - 1 : 0);
    while (from > covered && map[word].first - map[from - 1].first <= max_bytes) --from;
    while (to + 1 < last_word && map[to + 1].second - map[word].first <= max_bytes) ++to;
    to = std::min(to + 2, last_word);
    if (!stretches.empty() && from <= stretches.back().second) {
      stretches.back().second = std::max(stretches.back().second, to);
    } else {
      stretches.emplace_back(from, to);
    }
  };
  if (matches.empty()) add_stretch(first_word);
  for (auto [word, term] : matches) add_stretch(word);

  std::vector<Word> words;
  std::size_t taken = 0;
  for (auto [from, to] : stretches) taken += to - from;
  words.reserve(taken);
  for (auto [from, to] : stretches) {
    for (std::size_t i = from; i < to; ++i) {
      if (is_word(i)) words.push_back({map[i].first, map[i].second, -1});
    }
  }
  for (auto [word, term] : matches) {
    auto at = std::lower_bound(words.begin(), words.end(), map[word].first,
                               [](const Word& w, std::size_t begin) { return w.begin < begin; });
    at->match = term;  // present: every match has a stretch
  }
  return cut_snippet(text, words, matched_positions.size(), max_bytes,
                     /*starts_text=*/stretches.front().first == first_word,
                     /*ends_text=*/stretches.back().second == last_word &&
                         text.size() <= kSnippetScanBytes);
}

namespace {

Snippet cut_snippet(std::string_view text, const std::vector<Word>& words,
                    std::size_t distinct_terms, std::size_t max_bytes, bool starts_text,
                    bool ends_text) {
  Snippet snippet;
  if (words.empty()) return snippet;

  // The window of at most max_bytes with the most distinct matched terms,
  // then the most matches, earliest first.
  std::size_t best_first = 0, best_last = 0;
  int best_distinct = 0, best_count = 0;
  std::vector<int> seen(distinct_terms);
  for (std::size_t first = 0; first < words.size(); ++first) {
    if (words[first].match < 0) continue;
    std::fill(seen.begin(), seen.end(), 0);
    int distinct = 0, count = 0;
    std::size_t last = first;
    for (std::size_t j = first; j < words.size() && words[j].end - words[first].begin <= max_bytes;
         ++j) {
      if (words[j].match < 0) continue;
      if (seen[words[j].match]++ == 0) ++distinct;
      ++count;
      last = j;
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_first = first, best_last = last, best_distinct = distinct, best_count = count;
    }
  }

  // Spend the spare bytes on context: a third before the matches, the rest after.
  std::size_t first = best_first, last = best_last;
  if (best_distinct > 0) {
    std::size_t spare = max_bytes - (words[last].end - words[first].begin);
    std::size_t lead_budget = spare / 3;
    while (first > 0 && words[best_first].begin - words[first - 1].begin <= lead_budget) --first;
  }
  while (last + 1 < words.size() && words[last + 1].end - words[first].begin <= max_bytes) ++last;

  std::size_t begin = first == 0 && starts_text ? 0 : words[first].begin;
  std::size_t end = last + 1 == words.size() && ends_text ? text.size() : words[last].end;
  // Keep closing punctuation after the last word ("Chile." not "Chile").
  while (end < text.size() && end < words[last].end + 2 &&
         std::string_view(".,;:!?\"')").find(text[end]) != std::string_view::npos) {
    ++end;
  }

  std::size_t shift = 0;
  if (begin > 0) {
    snippet.text += kEllipsis;
    shift = kEllipsis.size();
  }
  snippet.text.append(text.substr(begin, end - begin));
  // Line breaks read as spaces in one line of snippet; same length, same offsets.
  for (std::size_t i = shift; i < snippet.text.size(); ++i) {
    char& c = snippet.text[i];
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (end < text.size()) snippet.text += kEllipsis;
  for (std::size_t i = first; i <= last; ++i) {
    if (words[i].match >= 0) {
      snippet.highlights.emplace_back(words[i].begin - begin + shift, words[i].end - begin + shift);
    }
  }
  return snippet;
}

}  // namespace
}  // namespace dossier::search
