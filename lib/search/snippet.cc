#include "search/snippet.h"

#include <algorithm>

namespace dossier::search {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

using Word = SnippetWord;

// The window of at most max_bytes with the most distinct matched terms, then
// the most matches, earliest first, widened with context; `scanned` is how
// much of the text the words cover.
Snippet cut_snippet(std::string_view text, std::size_t scanned, const std::vector<Word>& words,
                    std::size_t distinct_terms, std::size_t max_bytes);

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
  return cut_snippet(text, scanned.size(), words, matched_terms.size(), max_bytes);
}

Snippet make_snippet(std::string_view text, const index::WordMap& word_map,
                     const std::vector<std::vector<Xapian::termpos>>& matched_positions,
                     std::size_t max_bytes) {
  if (text.empty() || max_bytes == 0) return {};
  std::vector<Word> words;
  words.reserve(word_map.words.size());
  std::vector<int> match_at(word_map.words.size(), -1);
  for (std::size_t term = 0; term < matched_positions.size(); ++term) {
    for (Xapian::termpos position : matched_positions[term]) {
      // Title positions come before the body's.
      if (position < word_map.body_start) continue;
      const std::size_t word = position - word_map.body_start;
      if (word < match_at.size()) match_at[word] = static_cast<int>(term);
    }
  }
  for (std::size_t i = 0; i < word_map.words.size(); ++i) {
    auto [begin, end] = word_map.words[i];
    if (begin != end) words.push_back({begin, end, match_at[i]});
  }
  const std::size_t scanned = std::min(text.size(), kSnippetScanBytes);
  return cut_snippet(text, scanned, words, matched_positions.size(), max_bytes);
}

namespace {

Snippet cut_snippet(std::string_view text, std::size_t scanned, const std::vector<Word>& words,
                    std::size_t distinct_terms, std::size_t max_bytes) {
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

  std::size_t begin = first == 0 ? 0 : words[first].begin;
  std::size_t end = last + 1 == words.size() && scanned == text.size()
                        ? text.size()
                        : words[last].end;
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
