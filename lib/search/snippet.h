// Snippets: the stretch of an article's text where the query words are
// densest, with the byte ranges of the words that matched.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/searcher.h"

namespace dossier::search {

// Which index terms a snippet marks: the query's terms, and prefixes of its
// `word*` parts.
class HighlightSet {
 public:
  HighlightSet(const std::vector<std::string>& terms, std::vector<std::string> prefixes)
      : terms_(terms.begin(), terms.end()), prefixes_(std::move(prefixes)) {}
  bool matches(std::string_view term) const;
  bool empty() const { return terms_.empty() && prefixes_.empty(); }

 private:
  std::unordered_set<std::string> terms_;
  std::vector<std::string> prefixes_;
};

// Only this much of a very long text is searched for the best window.
inline constexpr std::size_t kSnippetScanBytes = 1 << 20;

Snippet make_snippet(std::string_view text, analysis::Analyzer& analyzer,
                     const HighlightSet& highlights, std::size_t max_bytes);

}  // namespace dossier::search
