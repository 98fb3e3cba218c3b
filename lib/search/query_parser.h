// Parses the query language (README.md "Query syntax") into a Xapian query.
// Words go through the same Analyzer as documents, so a query word matches the
// term its indexed spelling became.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/document.h"
#include "dossier/status.h"
#include "search/snippet.h"

namespace dossier::search {

enum class DefaultOperator { kAnd, kOr };

// With DefaultOperator::kAnd, queries of up to this many words (stopwords
// aside) require all of them; longer ones rank articles matching any.
inline constexpr std::size_t kMaxAllRequiredWords = 3;
inline constexpr std::size_t kMaxQueryTerms = 1000;
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;

// A query matching every document, new for each call. Xapian::Query::MatchAll
// is one static object whose reference count is not atomic: copying it on
// several threads at once (one Searcher per thread) corrupts it.
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }

struct ParsedQuery {
  Xapian::Query query;   // match_all() when the text names no words
  bool matches_all = true;
  // Plain words that had to match all together at the top level; with two or
  // more of them a search with no hits relaxes to kOr (SearchResults::relaxed).
  std::size_t default_joined = 0;
  // Unprefixed terms, and prefixes of `word*`, that a snippet should mark;
  // the quoted phrases among the terms (HighlightSet marks their words where
  // the phrase occurs).
  std::vector<std::string> highlight_terms;
  std::vector<std::string> highlight_prefixes;
  std::vector<HighlightPhrase> highlight_phrases;
  // Each analysed word of free text and title: (phrases too, not filters,
  // source: or wildcards), where spelling suggestions may swap it
  // (search/spelling.h).
  struct Word {
    std::size_t begin = 0, end = 0;  // byte range in the query text
    std::string folded;              // Analyzer::normalize()
    std::string term;                // unprefixed, as indexed
  };
  std::vector<Word> words;
};

// Maps a user's spelling of an entity to the filter terms of every key that
// stands for the entity it names (EntityRepresentatives::filter_terms over
// Resolver::filter_key), its own term first; none when it names nothing.
using EntityKeyFunction = std::function<std::vector<std::string>(EntityKind, std::string_view)>;

// The keyword field names of the index, sorted (EntityCatalog::field_names).
using FieldNamesFunction = std::function<const std::vector<std::string>&()>;

// Not thread-safe: uses the caller's Analyzer.
class QueryParser {
 public:
  QueryParser(analysis::Analyzer& analyzer, EntityKeyFunction entity_key,
              FieldNamesFunction field_names = {})
      : analyzer_(analyzer),
        entity_key_(std::move(entity_key)),
        field_names_(std::move(field_names)) {}

  // Fails with kQuerySyntax and Error::position at the problem.
  Result<ParsedQuery> parse(std::string_view text, DefaultOperator default_operator);

 private:
  analysis::Analyzer& analyzer_;
  EntityKeyFunction entity_key_;
  FieldNamesFunction field_names_;
};

}  // namespace dossier::search
