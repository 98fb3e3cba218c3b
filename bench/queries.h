// The benchmark queries, by kind, chosen from the source corpus's statistics so
// that they mean the same on BBC News and on any other corpus:
//   frequent  one of the 5 words in most articles ("said", "year", ...)
//   rare      a word found in exactly 2 source articles
//   and2      two mid-frequency words (document-frequency rank 20..220) that
//             occur together in several articles: w1 AND w2
//   or3       three mid-frequency words: w1 OR w2 OR w3
//   phrase2   one of the most frequent two-word phrases ("last year")
//   entity    a frequent word, filtered to articles naming a top entity
//   facets    a frequent word, with entity facet counts over every match
//   page      w1 AND w2, top 10 with snippets (a results page)
// Each kind has up to 5 queries, run round-robin.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dossier/document.h"
#include "dossier/searcher.h"

namespace dossier::bench {

enum class QueryKind { kFrequent, kRare, kAnd2, kOr3, kPhrase2, kEntity, kFacets, kPage };
inline constexpr QueryKind kAllKinds[] = {QueryKind::kFrequent, QueryKind::kRare,
                                          QueryKind::kAnd2,     QueryKind::kOr3,
                                          QueryKind::kPhrase2,  QueryKind::kEntity,
                                          QueryKind::kFacets,   QueryKind::kPage};
const char* kind_name(QueryKind kind);

struct BenchQuery {
  QueryKind kind = QueryKind::kFrequent;
  std::vector<std::string> words;  // lower-case words
  EntityFilter entity;             // kEntity: the filter (name as written)
  std::string describe() const;    // "said", "\"last year\"", "said +person:Tony Blair"
};

struct QueryPlan {
  std::vector<BenchQuery> queries;
  std::vector<const BenchQuery*> of(QueryKind kind) const;
};

// Top entities of a Dossier index (from facet counts over every article):
// persons first, then organisations and places. Empty when the index has no
// entities (no recognizer model).
std::vector<EntityFilter> top_entities(const std::filesystem::path& dossier_index,
                                       std::size_t count);

// Frequent capitalised two-word names of the source ("Tony Blair"), guessed
// as persons: the fallback when the index has no entities.
std::vector<EntityFilter> guess_entities(const std::vector<Document>& sources,
                                         std::size_t count);

QueryPlan make_query_plan(const std::vector<Document>& sources,
                          const std::vector<EntityFilter>& entities, std::size_t per_kind = 5);

// The Dossier request for a query.
SearchRequest dossier_request(const BenchQuery& query);

}  // namespace dossier::bench
