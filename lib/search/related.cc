#include "search/related.h"

#include <algorithm>
#include <set>
#include <string>

#include "index/schema.h"
#include "search/copies.h"

namespace dossier::search {
namespace {

// Words only: prefixed terms (ids, entities, fields, copy bands) start with a
// capital; numbers say little about a topic.
class WordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    return !std::all_of(term.begin(), term.end(),
                        [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  }
};

std::set<std::string> entity_terms(const Xapian::Document& document) {
  std::set<std::string> terms;
  index::for_each_entity_key(document.get_value(index::kEntitiesSlot),
                             [&](EntityKind kind, std::string_view key) {
                               terms.insert(index::entity_term(kind, key));
                             });
  return terms;
}

struct Candidate {
  Hit hit;
  double score = 0;
  Xapian::docid docid = 0;
  index::SummaryCopyGroup copy_group;
};

}  // namespace

Result<std::vector<Hit>> related_articles(const Xapian::Database& database,
                                          Xapian::Enquire& enquire, std::string_view id,
                                          std::size_t limit, bool outlet_terms) {
  const std::string id_term = index::id_term(id);
  Xapian::PostingIterator posting = database.postlist_begin(id_term);
  if (posting == database.postlist_end(id_term)) {
    return make_error(ErrorCode::kNotFound, "no document with id \"" + std::string(id) + "\"");
  }
  const Xapian::docid article = *posting;
  const Xapian::Document document = database.get_document(article);
  std::vector<Hit> hits;
  if (limit == 0) return hits;

  Xapian::RSet relevant;
  relevant.add_document(article);
  const WordsOnly words_only;
  enquire.set_query(Xapian::Query(id_term));
  const Xapian::ESet expansion = enquire.get_eset(kExpansionTerms, relevant, &words_only);
  std::vector<Xapian::Query> alternatives;
  for (const std::string& term : expansion) alternatives.emplace_back(term);
  const std::set<std::string> entities = entity_terms(document);
  for (const std::string& term : entities) alternatives.emplace_back(term);
  if (alternatives.empty()) return hits;

  std::vector<Xapian::Query> excluded{Xapian::Query(id_term)};
  const std::string group = document.get_value(index::kCopyGroupSlot);
  if (!group.empty()) excluded.emplace_back(std::string(index::kCopyGroupPrefix) + group);
  enquire.set_query(Xapian::Query(
      Xapian::Query::OP_AND_NOT,
      Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()),
      Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end())));
  enquire.set_sort_by_relevance();
  enquire.set_collapse_key(index::kCopyGroupSlot);
  const Xapian::MSet mset = enquire.get_mset(
      0, static_cast<Xapian::doccount>(std::min<std::size_t>(limit * kCandidatesPerHit,
                                                             database.get_doccount())));
  enquire.set_collapse_key(Xapian::BAD_VALUENO);

  const double best = mset.empty() ? 1 : std::max(mset.begin().get_weight(), 1e-9);
  std::vector<Candidate> candidates;
  for (auto item = mset.begin(); item != mset.end(); ++item) {
    const Xapian::Document found = item.get_document();
    auto summary = index::decode_summary(found.get_value(index::kSummarySlot));
    if (!summary) return std::unexpected(summary.error());
    std::size_t shared = 0;
    for (const std::string& term : entity_terms(found)) shared += entities.contains(term);
    Candidate candidate;
    candidate.score = item.get_weight() / best +
                      (entities.empty() ? 0.0
                                        : kSharedEntityWeight * static_cast<double>(shared) /
                                              static_cast<double>(entities.size()));
    candidate.hit.id = std::move(summary->id);
    candidate.hit.title = std::move(summary->title);
    candidate.hit.published = summary->published;
    candidate.docid = *item;
    candidate.copy_group = copy_group_of(found, &*summary);
    candidates.push_back(std::move(candidate));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (candidates.size() > limit) candidates.resize(limit);
  for (Candidate& candidate : candidates) {
    candidate.hit.score = candidate.score;
    candidate.hit.rank = hits.size();
    describe_copies(database, candidate.docid, candidate.copy_group, outlet_terms,
                    candidate.hit);
    hits.push_back(std::move(candidate.hit));
  }
  return hits;
}

}  // namespace dossier::search
