// Related articles: the articles most like a given one (Searcher::related).
//
// Candidates come from the article's most significant words: Xapian's query
// expansion (Enquire::get_eset, with the article as the relevant set) picks
// kExpansionTerms unprefixed terms, and their OR is ranked by BM25 together
// with the article's canonical entity terms. The best kCandidatesPerHit * limit candidates are then
// re-ranked by score share plus kSharedEntityWeight times the share of the
// article's entities they name (boolean entity terms add nothing to BM25, so
// entities count here). The article and its copy group are excluded; copies
// among the candidates are collapsed to one.
#pragma once

#include <xapian.h>

#include <string_view>
#include <vector>

#include "dossier/searcher.h"
#include "dossier/status.h"

namespace dossier::search {

// Chosen on the dev half of BBC News (tools/dossier-eval-copies.cc): the
// share of the top 5 in the article's category was 0.833 with 15 terms,
// 0.885 with 30, 0.918 with 50 and 0.923 with 80, where the median latency
// grew fivefold. Weighting each term by its expansion weight did no better
// (0.913 with 50).
inline constexpr Xapian::termcount kExpansionTerms = 50;
inline constexpr std::size_t kCandidatesPerHit = 4;
inline constexpr double kSharedEntityWeight = 0.5;

// `enquire` is over `database`, with the searcher's weighting; its query,
// sort and collapse settings are changed. `outlet_terms`: as describe_copies'.
Result<std::vector<Hit>> related_articles(const Xapian::Database& database,
                                          Xapian::Enquire& enquire, std::string_view id,
                                          std::size_t limit, bool outlet_terms);

}  // namespace dossier::search
