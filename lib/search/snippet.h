// Snippets: the stretch of an article's text where the query words are
// densest, with the byte ranges of the words that matched.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/searcher.h"
#include "index/schema.h"

namespace dossier::search {

// A quoted phrase of a query: its terms, and each one's position after the
// first's (a stopword between two words counts).
struct HighlightPhrase {
  std::vector<std::string> terms;
  std::vector<Xapian::termpos> offsets;
};

// Which index terms a snippet marks: the query's terms, and prefixes of its
// `word*` parts. A term the query has only inside quoted phrases is marked
// only where its whole phrase occurs: `"the trip"` marks no lone "the".
class HighlightSet {
 public:
  // `terms`: once for each time the query names it, phrases included.
  HighlightSet(const std::vector<std::string>& terms, std::vector<std::string> prefixes,
               std::vector<HighlightPhrase> phrases = {});
  bool matches(std::string_view term) const;
  bool matches_a_prefix(std::string_view term) const;
  bool empty() const { return terms_.empty() && prefixes_.empty(); }
  const std::unordered_set<std::string>& terms() const { return terms_; }
  bool has_prefixes() const { return !prefixes_.empty(); }

  // Of each of `terms` that the query has only inside phrases, keeps the
  // positions where one of its phrases occurs whole. positions[i]: where
  // terms[i] occurs, ascending.
  void keep_phrase_occurrences(const std::vector<std::string>& terms,
                               std::vector<std::vector<Xapian::termpos>>& positions) const;

 private:
  std::unordered_set<std::string> terms_;
  std::vector<std::string> prefixes_;
  std::vector<HighlightPhrase> phrases_;
  std::unordered_set<std::string> only_in_phrases_;
};

// Only this much of a very long text is searched for the best window.
inline constexpr std::size_t kSnippetScanBytes = index::kWordMapBytes;

// The words of a text a snippet may cut at, and which of them matched.
struct SnippetWord {
  std::size_t begin, end;  // byte range in the text
  int match;               // which distinct matched term, or -1
};

// Finds the words by analysing the text (up to kSnippetScanBytes) again.
Snippet make_snippet(std::string_view text, analysis::Analyzer& analyzer,
                     const HighlightSet& highlights, std::size_t max_bytes);

// Where each of `terms` occurs in the article, as Xapian positions, from the
// word map's term checks (word_map.term_checks must be there): only the words
// whose check equals a term's are analysed, each alone (a word's term does not
// depend on its neighbours), so no position list is read.
std::vector<std::vector<Xapian::termpos>> matched_positions(std::string_view body,
                                                            const index::WordMap& word_map,
                                                            const std::vector<std::string>& terms,
                                                            analysis::Analyzer& analyzer);

// The same snippet from the word map stored at index time and the positions
// of the matched terms (`matched_positions[i]`: Xapian positions of distinct
// term i in this article), with no analysis: the cost follows the matches,
// not the length of the article.
Snippet make_snippet(std::string_view text, const index::WordMap& word_map,
                     const std::vector<std::vector<Xapian::termpos>>& matched_positions,
                     std::size_t max_bytes);

}  // namespace dossier::search
