#include "queries.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "corpus.h"

namespace dossier::bench {
namespace {

// English function words: never chosen as query words.
const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> words = {
      "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
      "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by",
      "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
      "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
      "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "more", "most", "my",
      "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out",
      "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
      "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
      "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
      "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "just",
      "now", "may", "might", "must", "shall", "been", "also", "made", "many", "much", "there"};
  return words;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Calls on_word(word, sentence_break_before) for each run of ASCII letters.
template <typename F>
void for_each_word(std::string_view text, F&& on_word) {
  std::size_t i = 0;
  bool gap_clean = true;  // only spaces since the previous word
  while (i < text.size()) {
    if (!is_letter(text[i])) {
      if (text[i] != ' ') gap_clean = false;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_letter(text[j])) ++j;
    // A word glued to an apostrophe or digit is skipped ("don't", "3bn").
    bool clean = (j == text.size() || !(text[j] == '\'' || (text[j] >= '0' && text[j] <= '9')));
    on_word(text.substr(i, j - i), gap_clean, clean);
    gap_clean = true;
    i = j;
  }
}

bool all_lower(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

struct Stats {
  std::vector<std::string> by_df;                          // candidate words, df descending
  std::unordered_map<std::string, std::vector<std::uint32_t>> docs;  // word -> doc numbers
};

Stats word_stats(const std::vector<Document>& sources) {
  Stats stats;
  for (std::uint32_t d = 0; d < sources.size(); ++d) {
    std::unordered_set<std::string> seen;
    for (const std::string* field : {&sources[d].title, &sources[d].body}) {
      for_each_word(*field, [&](std::string_view w, bool, bool clean) {
        if (clean && w.size() >= 4 && all_lower(w) && !stopwords().count(std::string(w))) {
          seen.emplace(w);
        }
      });
    }
    for (const std::string& w : seen) stats.docs[w].push_back(d);
  }
  for (const auto& [w, ds] : stats.docs) stats.by_df.push_back(w);
  std::sort(stats.by_df.begin(), stats.by_df.end(), [&](const std::string& a, const std::string& b) {
    std::size_t da = stats.docs[a].size(), db = stats.docs[b].size();
    return da != db ? da > db : a < b;
  });
  return stats;
}

std::size_t co_occurrences(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++n, ++i, ++j;
  }
  return n;
}

// Two adjacent words of the same clause ("Tony Blair", "last year") that
// `keep(word, clean)` takes, most articles first, then alphabetical: one
// ranking for guessed names and phrases alike.
template <typename Keep>
std::vector<std::string> adjacent_pairs_by_df(const std::vector<Document>& sources, Keep keep) {
  std::map<std::string, std::size_t> df;
  for (const Document& d : sources) {
    std::set<std::string> seen;
    std::string previous;
    for_each_word(d.body, [&](std::string_view w, bool gap_clean, bool clean) {
      const bool ok = keep(w, clean);
      if (ok && !previous.empty() && gap_clean) seen.insert(previous + " " + std::string(w));
      previous = ok ? std::string(w) : std::string();
    });
    for (const std::string& pair : seen) ++df[pair];
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& [pair, n] : df) ranked.emplace_back(n, pair);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (auto& [n, pair] : ranked) out.push_back(std::move(pair));
  return out;
}

}  // namespace

const char* kind_name(QueryKind kind) {
  switch (kind) {
    case QueryKind::kFrequent: return "frequent";
    case QueryKind::kRare: return "rare";
    case QueryKind::kAnd2: return "and2";
    case QueryKind::kOr3: return "or3";
    case QueryKind::kPhrase2: return "phrase2";
    case QueryKind::kEntity: return "entity";
    case QueryKind::kFacets: return "facets";
    case QueryKind::kPage: return "page";
  }
  return "?";
}

std::string BenchQuery::describe() const {
  auto join = [&](std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) out += sep;
      out += words[i];
    }
    return out;
  };
  switch (kind) {
    case QueryKind::kAnd2:
    case QueryKind::kPage: return join(" AND ");
    case QueryKind::kOr3: return join(" OR ");
    case QueryKind::kPhrase2: return "\"" + join(" ") + "\"";
    case QueryKind::kEntity:
      return join(" ") + " +" + to_string(entity.kind) + ":" + entity.name;
    default: return join(" ");
  }
}

std::vector<const BenchQuery*> QueryPlan::of(QueryKind kind) const {
  std::vector<const BenchQuery*> out;
  for (const BenchQuery& q : queries) {
    if (q.kind == kind) out.push_back(&q);
  }
  return out;
}

std::vector<EntityFilter> top_entities(const std::filesystem::path& dossier_index,
                                       std::size_t count) {
  std::vector<EntityFilter> out;
  auto searcher = Searcher::Open(dossier_index);
  if (!searcher) return out;
  SearchRequest all;
  all.limit = 0;
  all.snippet_bytes = 0;
  all.facet_values = count;
  auto results = searcher->search(all);
  if (!results) return out;
  for (EntityKind kind : {EntityKind::kPerson, EntityKind::kOrganization, EntityKind::kPlace}) {
    for (const Facet& facet : results->facets) {
      if (facet.kind != kind) continue;
      for (const FacetValue& value : facet.top) {
        if (out.size() < count) out.push_back({kind, value.name});
      }
    }
  }
  return out;
}

std::vector<EntityFilter> guess_entities(const std::vector<Document>& sources,
                                         std::size_t count) {
  const std::vector<std::string> names =
      adjacent_pairs_by_df(sources, [](std::string_view w, bool) {
        return w.size() >= 3 && w[0] >= 'A' && w[0] <= 'Z' && all_lower(w.substr(1));
      });
  std::vector<EntityFilter> out;
  for (std::size_t i = 0; i < count && i < names.size(); ++i) {
    out.push_back({EntityKind::kPerson, names[i]});
  }
  return out;
}

namespace {

// Builds a QueryPlan one kind of query at a time, from the source's word
// statistics.
class PlanMaker {
 public:
  PlanMaker(const std::vector<Document>& sources, std::size_t per_kind)
      : sources_(sources), stats_(word_stats(sources)), per_kind_(per_kind) {
    const std::vector<std::string>& ranked = stats_.by_df;
    frequent_.assign(ranked.begin(), ranked.begin() + std::min(per_kind, ranked.size()));
    // Mid-frequency words.
    const std::size_t mid_begin = std::min<std::size_t>(20, ranked.size() / 4);
    const std::size_t mid_end = std::min<std::size_t>(mid_begin + 200, ranked.size());
    mid_.assign(ranked.begin() + mid_begin, ranked.begin() + mid_end);
  }

  void add_frequent() {
    for (const std::string& w : frequent_) add(QueryKind::kFrequent, {w});
    for (const std::string& w : frequent_) add(QueryKind::kFacets, {w});
  }

  // Rare: df 2 (else 1), longest words first for variety, then alphabetical.
  void add_rare() {
    for (std::size_t target : {std::size_t{2}, std::size_t{1}}) {
      std::vector<std::string> rare;
      for (const std::string& w : stats_.by_df) {
        if (stats_.docs[w].size() == target && w.size() >= 7) rare.push_back(w);
      }
      // Spread the picks over the alphabet.
      for (std::size_t i = 0; i < per_kind_ && i < rare.size(); ++i) {
        add(QueryKind::kRare, {rare[i * rare.size() / per_kind_]});
      }
      if (!plan_.of(QueryKind::kRare).empty()) break;
    }
  }

  // Pairs that co-occur in at least 1% of the articles (at least 2), each word
  // used once: the AND queries and the results pages.
  void add_pairs() {
    const std::size_t min_co = std::max<std::size_t>(2, sources_.size() / 100);
    std::set<std::string> used;
    std::vector<std::vector<std::string>> pairs;
    for (std::size_t i = 0; i < mid_.size() && pairs.size() < per_kind_; ++i) {
      if (used.count(mid_[i])) continue;
      for (std::size_t j = i + 1; j < mid_.size(); ++j) {
        if (used.count(mid_[j])) continue;
        if (co_occurrences(stats_.docs[mid_[i]], stats_.docs[mid_[j]]) >= min_co) {
          pairs.push_back({mid_[i], mid_[j]});
          used.insert(mid_[i]);
          used.insert(mid_[j]);
          break;
        }
      }
    }
    if (pairs.empty() && mid_.size() >= 2) pairs.push_back({mid_[0], mid_[1]});
    for (const auto& p : pairs) add(QueryKind::kAnd2, p);
    for (const auto& p : pairs) add(QueryKind::kPage, p);
  }

  void add_or3() {
    for (std::size_t t = 0; t < per_kind_ && 40 + 3 * t + 2 < mid_.size(); ++t) {
      add(QueryKind::kOr3, {mid_[40 + 3 * t], mid_[41 + 3 * t], mid_[42 + 3 * t]});
    }
    if (plan_.of(QueryKind::kOr3).empty() && mid_.size() >= 3) {
      add(QueryKind::kOr3, {mid_[0], mid_[1], mid_[2]});
    }
  }

  // Phrases: adjacent lower-case content words in the same clause, by df.
  void add_phrases() {
    const std::vector<std::string> bigrams =
        adjacent_pairs_by_df(sources_, [](std::string_view w, bool clean) {
          return clean && w.size() >= 3 && all_lower(w) && !stopwords().count(std::string(w));
        });
    for (std::size_t i = 0; i < per_kind_ && i < bigrams.size(); ++i) {
      const std::string& b = bigrams[i];
      const std::size_t space = b.find(' ');
      add(QueryKind::kPhrase2, {b.substr(0, space), b.substr(space + 1)});
    }
  }

  void add_entities(const std::vector<EntityFilter>& entities) {
    for (std::size_t i = 0; i < entities.size() && i < per_kind_; ++i) {
      add(QueryKind::kEntity,
          {frequent_.empty() ? std::string() : frequent_[i % frequent_.size()]}, entities[i]);
    }
  }

  QueryPlan take() { return std::move(plan_); }

 private:
  void add(QueryKind kind, std::vector<std::string> words, EntityFilter entity = {}) {
    plan_.queries.push_back({kind, std::move(words), std::move(entity)});
  }

  const std::vector<Document>& sources_;
  Stats stats_;
  std::size_t per_kind_;
  std::vector<std::string> frequent_, mid_;
  QueryPlan plan_;
};

}  // namespace

QueryPlan make_query_plan(const std::vector<Document>& sources,
                          const std::vector<EntityFilter>& entities, std::size_t per_kind) {
  PlanMaker maker(sources, per_kind);
  maker.add_frequent();
  maker.add_rare();
  maker.add_pairs();
  maker.add_or3();
  maker.add_phrases();
  maker.add_entities(entities);
  return maker.take();
}

SearchRequest dossier_request(const BenchQuery& query) {
  SearchRequest request;
  request.limit = 10;
  request.snippet_bytes = 0;
  request.facet_values = 0;
  const auto& w = query.words;
  switch (query.kind) {
    case QueryKind::kFrequent:
    case QueryKind::kRare: request.query = w[0]; break;
    case QueryKind::kAnd2: request.query = w[0] + " " + w[1]; break;
    case QueryKind::kOr3: request.query = w[0] + " OR " + w[1] + " OR " + w[2]; break;
    case QueryKind::kPhrase2: request.query = "\"" + w[0] + " " + w[1] + "\""; break;
    case QueryKind::kEntity:
      request.query = w[0];
      request.filters.push_back(query.entity);
      break;
    case QueryKind::kFacets:
      request.query = w[0];
      request.facet_values = 10;
      break;
    case QueryKind::kPage:
      request.query = w[0] + " " + w[1];
      request.snippet_bytes = 240;
      break;
  }
  return request;
}

}  // namespace dossier::bench
