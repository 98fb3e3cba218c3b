#include "search/snippet.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace dossier::search {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// A matched word: its index in the words a snippet is cut from, and which
// distinct term it matched.
struct Match {
  std::size_t word;
  int term;
};

// The words of the analysed text, all of them words.
struct AnalysedWords {
  const std::vector<SnippetWord>& words;
  std::size_t first() const { return 0; }
  std::size_t end() const { return words.size(); }
  bool is_word(std::size_t) const { return true; }
  std::size_t begin_of(std::size_t i) const { return words[i].begin; }
  std::size_t end_of(std::size_t i) const { return words[i].end; }
};

// The stored word map, whose empty ranges are positions that index nothing.
struct MappedWords {
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& map;
  std::size_t first_word, last_word;  // [first, end): from the first word to the last
  std::size_t first() const { return first_word; }
  std::size_t end() const { return last_word; }
  bool is_word(std::size_t i) const { return map[i].first != map[i].second; }
  std::size_t begin_of(std::size_t i) const { return map[i].first; }
  std::size_t end_of(std::size_t i) const { return map[i].second; }
};

// The window of at most max_bytes with the most distinct matched terms, then
// the most matches, earliest first, widened with context. `matches` are in
// text order; `ends_text` says whether the last of `words` ends the text.
template <typename Words>
Snippet cut_snippet(std::string_view text, const Words& words, const std::vector<Match>& matches,
                    std::size_t distinct_terms, std::size_t max_bytes, bool ends_text);

}  // namespace

HighlightSet::HighlightSet(const std::vector<std::string>& terms, std::vector<std::string> prefixes,
                           std::vector<HighlightPhrase> phrases)
    : terms_(terms.begin(), terms.end()),
      prefixes_(std::move(prefixes)),
      phrases_(std::move(phrases)) {
  std::unordered_map<std::string_view, int> alone;  // times named outside phrases
  for (const std::string& term : terms) ++alone[term];
  for (const HighlightPhrase& phrase : phrases_) {
    for (const std::string& term : phrase.terms) --alone[term];
  }
  for (const HighlightPhrase& phrase : phrases_) {
    for (const std::string& term : phrase.terms) {
      if (alone[term] <= 0) only_in_phrases_.insert(term);
    }
  }
}

void HighlightSet::keep_phrase_occurrences(
    const std::vector<std::string>& terms,
    std::vector<std::vector<Xapian::termpos>>& positions) const {
  if (only_in_phrases_.empty()) return;
  auto index_of = [&](const std::string& term) {
    return static_cast<std::size_t>(std::find(terms.begin(), terms.end(), term) - terms.begin());
  };
  std::vector<std::vector<Xapian::termpos>> kept(terms.size());
  for (const HighlightPhrase& phrase : phrases_) {
    std::vector<std::size_t> indexes;
    for (const std::string& term : phrase.terms) indexes.push_back(index_of(term));
    if (std::find(indexes.begin(), indexes.end(), terms.size()) != indexes.end()) continue;
    for (Xapian::termpos start : positions[indexes[0]]) {
      bool whole = true;
      for (std::size_t k = 1; k < indexes.size() && whole; ++k) {
        const auto& list = positions[indexes[k]];
        whole = std::binary_search(list.begin(), list.end(), start + phrase.offsets[k]);
      }
      if (!whole) continue;
      for (std::size_t k = 0; k < indexes.size(); ++k) {
        kept[indexes[k]].push_back(start + phrase.offsets[k]);
      }
    }
  }
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (!only_in_phrases_.contains(terms[i])) continue;
    std::sort(kept[i].begin(), kept[i].end());
    kept[i].erase(std::unique(kept[i].begin(), kept[i].end()), kept[i].end());
    positions[i] = std::move(kept[i]);
  }
}

bool HighlightSet::matches(std::string_view term) const {
  return terms_.count(std::string(term)) || matches_a_prefix(term);
}

bool HighlightSet::matches_a_prefix(std::string_view term) const {
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

  std::vector<SnippetWord> words;
  std::vector<Match> matches;
  std::vector<Xapian::termpos> match_positions;  // parallel to matches
  std::vector<std::string> matched_terms;
  std::vector<std::vector<Xapian::termpos>> term_positions;  // parallel to matched_terms
  analyzer.analyze(scanned, [&](const analysis::Token& token) {
    int match = -1;
    if (!highlights.empty() && highlights.matches(token.term)) {
      auto found = std::find(matched_terms.begin(), matched_terms.end(), token.term);
      match = static_cast<int>(found - matched_terms.begin());
      if (found == matched_terms.end()) {
        matched_terms.emplace_back(token.term);
        term_positions.emplace_back();
      }
      matches.push_back({words.size(), match});
      match_positions.push_back(token.position);
      term_positions[match].push_back(token.position);
    }
    words.push_back({token.begin, token.end, match});
  });
  if (words.empty()) return snippet;
  highlights.keep_phrase_occurrences(matched_terms, term_positions);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    // A `word*` of the query marks its words wherever they stand.
    const auto& still = term_positions[matches[i].term];
    if (std::binary_search(still.begin(), still.end(), match_positions[i]) ||
        highlights.matches_a_prefix(matched_terms[matches[i].term])) {
      matches[kept++] = matches[i];
    }
  }
  matches.resize(kept);
  return cut_snippet(text, AnalysedWords{words}, matches, matched_terms.size(), max_bytes,
                     /*ends_text=*/scanned.size() == text.size());
}

std::vector<std::vector<Xapian::termpos>> matched_positions(std::string_view body,
                                                            const index::WordMap& word_map,
                                                            const std::vector<std::string>& terms,
                                                            analysis::Analyzer& analyzer) {
  std::vector<std::vector<Xapian::termpos>> positions(terms.size());
  const auto& map = word_map.words;
  const std::uint8_t* checks = word_map.term_checks.data();
  const std::size_t words = std::min(map.size(), word_map.term_checks.size());
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const std::uint8_t check = index::word_term_check(terms[t]);
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
  MappedWords words{map, 0, map.size()};
  while (words.first_word < map.size() && !words.is_word(words.first_word)) ++words.first_word;
  while (words.last_word > words.first_word && !words.is_word(words.last_word - 1)) {
    --words.last_word;
  }
  if (words.first_word == words.last_word) return {};

  std::vector<Match> matches;
  for (std::size_t term = 0; term < matched_positions.size(); ++term) {
    for (Xapian::termpos position : matched_positions[term]) {
      // Title positions come before the body's.
      if (position < word_map.body_start) continue;
      const std::size_t word = position - word_map.body_start;
      if (word < map.size() && words.is_word(word)) matches.push_back({word, static_cast<int>(term)});
    }
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.word < b.word || (a.word == b.word && a.term < b.term);
  });
  return cut_snippet(text, words, matches, matched_positions.size(), max_bytes,
                     /*ends_text=*/text.size() <= kSnippetScanBytes);
}

namespace {

template <typename Words>
Snippet cut_snippet(std::string_view text, const Words& words, const std::vector<Match>& matches,
                    std::size_t distinct_terms, std::size_t max_bytes, bool ends_text) {
  Snippet snippet;
  auto previous = [&](std::size_t i) {  // words.first() when there is none
    while (i > words.first() && !words.is_word(--i)) {
    }
    return i;
  };
  auto next = [&](std::size_t i) {  // words.end() when there is none
    while (++i < words.end() && !words.is_word(i)) {
    }
    return i;
  };

  // The window of at most max_bytes with the most distinct matched terms,
  // then the most matches, earliest first. Ends grow with the words, so only
  // matched words need looking at.
  std::size_t first = words.first(), last = words.first();
  int best_distinct = 0, best_count = 0;
  std::vector<int> seen(distinct_terms);
  for (std::size_t i = 0; i < matches.size(); ++i) {
    std::fill(seen.begin(), seen.end(), 0);
    int distinct = 0, count = 0;
    std::size_t window_last = matches[i].word;
    const std::size_t window_begin = words.begin_of(matches[i].word);
    for (std::size_t j = i;
         j < matches.size() && words.end_of(matches[j].word) - window_begin <= max_bytes; ++j) {
      if (seen[matches[j].term]++ == 0) ++distinct;
      ++count;
      window_last = matches[j].word;
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      first = matches[i].word, last = window_last, best_distinct = distinct, best_count = count;
    }
  }

  // Spend the spare bytes on context: a third before the matches, the rest after.
  if (best_distinct > 0) {
    const std::size_t best_first = first;
    const std::size_t spare = max_bytes - (words.end_of(last) - words.begin_of(first));
    const std::size_t lead_budget = spare / 3;
    for (std::size_t before = previous(first);
         before < first && words.begin_of(best_first) - words.begin_of(before) <= lead_budget;
         before = previous(before)) {
      first = before;
    }
  }
  for (std::size_t after = next(last);
       after < words.end() && words.end_of(after) - words.begin_of(first) <= max_bytes;
       after = next(after)) {
    last = after;
  }

  std::size_t begin = first == words.first() ? 0 : words.begin_of(first);
  std::size_t end = next(last) == words.end() && ends_text ? text.size() : words.end_of(last);
  // Keep closing punctuation after the last word ("Chile." not "Chile").
  while (end < text.size() && end < words.end_of(last) + 2 &&
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
  for (const Match& match : matches) {
    if (match.word < first || match.word > last) continue;
    snippet.highlights.emplace_back(words.begin_of(match.word) - begin + shift,
                                    words.end_of(match.word) - begin + shift);
  }
  return snippet;
}

}  // namespace
}  // namespace dossier::search
