#include "dossier/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <system_error>

#include "analysis/analyzer.h"
#include "analysis/folding.h"
#include "entities/collection.h"
#include "entities/resolver.h"
#include "index/schema.h"
#include "search/copies.h"
#include "search/facets.h"
#include "search/field_facets.h"
#include "search/query_parser.h"
#include "search/related.h"
#include "search/request_filters.h"
#include "search/shards.h"
#include "search/snippet.h"
#include "search/spelling.h"
#include "search/timeline.h"
#include "util/engine_errors.h"

namespace dossier {
namespace {

// A commit by a writer can invalidate what a reader is in the middle of
// reading; the search then starts again on the new commit.
constexpr int kAttempts = 4;

// BM25 term-frequency saturation and length normalisation, chosen on the
// Cranfield collection (scripts/eval-ir.sh; README.md "Ranking quality"):
// k1 from 1.0 to 2.0 moved nDCG@10 from 0.373 to 0.386; 1.5 sits mid-way.
constexpr double kBm25K1 = 1.5;
constexpr double kBm25B = 0.75;

}  // namespace

struct Searcher::Impl {
  std::vector<std::string> shards;
  Xapian::Database database;
  analysis::Analyzer analyzer;
  entities::Resolver resolver;
  search::QueryParser parser;
  search::EntityCatalog entities;  // facet counting, entity names and totals (facets.h)
  bool reconnect_needed = false;   // a remote shard failed: open the shards again
  bool any_remote = false;         // some shard is a tcp:// server
  // One local index: a stat() tells whether to reopen. Otherwise every search
  // reopens (remote servers answer for their own shards).
  std::optional<search::CommitWatch> watch;
  // Kept between searches, as Xapian intends; made again with the database.
  std::optional<Xapian::Enquire> enquire;
  std::optional<Xapian::Enquire> related_enquire;  // Searcher::related's
  const Xapian::BM25Weight weighting{kBm25K1, /*k2=*/0, /*k3=*/1, kBm25B, /*min_normlen=*/0.5};

  Impl(std::vector<std::string> shard_list, Xapian::Database db, const AnalysisOptions& options,
       entities::Resolver entity_resolver)
      : shards(std::move(shard_list)),
        database(std::move(db)),
        analyzer(options),
        resolver(std::move(entity_resolver)),
        parser(
            analyzer,
            [this](EntityKind kind, std::string_view text) {
              return entity_filter_terms(kind, text);
            },
            [this]() -> const std::vector<std::string>& { return entities.field_names(); }) {}

  // One name, one entity: a filter matches every key that stands for the
  // entity the user's spelling names (search/entity_representatives.h), so
  // that it finds what the entity's facet value counts. None for no name.
  std::vector<std::string> entity_filter_terms(EntityKind kind, std::string_view text) {
    const std::string key = resolver.filter_key(kind, text);
    if (key.empty()) return {};
    return entities.representatives().filter_terms(kind, key);
  }

  Result<SearchResults> run(const SearchRequest& request, search::DefaultOperator op) {
    auto parsed = parser.parse(request.query, op);
    if (!parsed) return std::unexpected(parsed.error());
    auto filter = search::request_filter(
        request,
        [this](EntityKind kind, std::string_view text) { return entity_filter_terms(kind, text); },
        entities.field_names());
    if (!filter) return std::unexpected(filter.error());
    const Xapian::Query query =
        *filter ? Xapian::Query(Xapian::Query::OP_FILTER, parsed->query, **filter)
                : parsed->query;
    // Facets over remote shards count on connections of their own: started
    // first, the count overlaps the page, its documents and spelling here.
    std::unique_ptr<search::FacetCounting> counter;
    if (request.facet_values > 0) {
      counter = entities.counting(request.facet_values);
      counter->start(query);
    }
    const Xapian::MSet mset = ranked_page(query, request);
    if (mset.get_matches_upper_bound() == 0 && op == search::DefaultOperator::kAnd &&
        parsed->default_joined >= 2) {
      counter.reset();  // its connections serve the relaxed search
      auto relaxed = run(request, search::DefaultOperator::kOr);
      // Only a fallback that finds something is reported as one.
      if (relaxed && relaxed->total > 0) {
        relaxed->relaxed = true;
        return relaxed;
      }
    }
    SearchResults results;
    std::optional<search::HighlightSet> highlights;
    if (request.snippet_bytes > 0 && !request.ids_only) {
      highlights.emplace(parsed->highlight_terms, std::move(parsed->highlight_prefixes),
                         std::move(parsed->highlight_phrases));
    }
    if (auto added = add_hits(mset, highlights, request, results); !added) {
      return std::unexpected(added.error());
    }
    if (request.suggest_spelling) {
      search::suggest_spelling(database, mset, analyzer, request.query, parsed->words, any_remote,
                               results);
    }
    counter = count_matches(query, mset, request, results, std::move(counter));
    if (counter && request.facet_values > 0) {
      results.facets = counter->facets(entities, request.facet_values);
      const search::AttributeCounts counted = counter->attribute_counts();
      results.field_facets =
          search::field_facets(counted, entities.field_names(), request.facet_values);
      results.timeline = search::make_timeline(counted.days, counted.undated, request.timeline_bucket);
    }
    return results;
  }

  // The requested page of `query`'s matches, ranked and collapsed as asked.
  Xapian::MSet ranked_page(const Xapian::Query& query, const SearchRequest& request) {
    if (!enquire) {
      enquire.emplace(database);
      enquire->set_weighting_scheme(weighting);
    }
    enquire->set_query(query);
    switch (request.sort) {
      case SortOrder::kRelevance:
        // Exact ties are rare; breaking them by date cost 17 us a search.
        enquire->set_sort_by_relevance();
        break;
      case SortOrder::kNewest:
        enquire->set_sort_by_value_then_relevance(index::kPublishedSlot, true);
        break;
      case SortOrder::kOldest:
        enquire->set_sort_by_value_then_relevance(index::kPublishedSlot, false);
        break;
    }
    enquire->set_collapse_key(request.collapse_copies ? index::kCopyGroupSlot
                                                      : Xapian::BAD_VALUENO);
    // Xapian counts in 32 bits; no page reaches past the last document anyway.
    const std::size_t documents = database.get_doccount();
    // Checking at least one match makes "no match at all" certain even for a
    // count-only request (limit 0), so that the AND-to-OR fallback does not
    // depend on the page size.
    return enquire->get_mset(
        static_cast<Xapian::doccount>(std::min(request.offset, documents)),
        static_cast<Xapian::doccount>(std::min(request.limit, documents)), /*check_at_least=*/1);
  }

  // The totals of `results`: Xapian's estimates from the page, or exact counts
  // from a pass over every match when facets or an exact total are asked for,
  // whose counter is returned (null without that pass). `counter`: one
  // already started for `query`, or null.
  std::unique_ptr<search::FacetCounting> count_matches(
      const Xapian::Query& query, const Xapian::MSet& mset, const SearchRequest& request,
      SearchResults& results, std::unique_ptr<search::FacetCounting> counter) {
    // Articles, every copy: with collapsing, Xapian's plain counts are stories.
    results.total = mset.get_uncollapsed_matches_estimated();
    results.exact =
        mset.get_uncollapsed_matches_lower_bound() == mset.get_uncollapsed_matches_upper_bound();
    results.stories = mset.get_matches_estimated();
    results.stories_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    // A page the matches did not fill saw every one of them: it counts them
    // exactly where Xapian's bounds (a phrase's, collapsing's) stay apart.
    if (request.limit > 0 && mset.size() < request.limit && (!mset.empty() || request.offset == 0)) {
      results.stories = request.offset + mset.size();
      results.stories_exact = true;
      if (request.offset == 0) {
        std::size_t articles = 0;
        for (auto hit = mset.begin(); hit != mset.end(); ++hit) {
          articles += 1 + hit.get_collapse_count();
        }
        results.total = articles;
        results.exact = true;
      }
    }
    // A count-only request (limit 0) is asked for its count: an estimate from
    // a match that ranked nothing would be a guess, and differ from the total
    // of the same query with a page.
    const bool count_only = request.limit == 0;
    if (request.facet_values > 0 || ((request.exact_total || count_only) && !results.exact)) {
      // Counts every match, not only the ranked page, in an unweighted pass of
      // its own (facets.h), so the total is exact too.
      if (!counter) counter = entities.counting(request.facet_values);
      counter->finish(database, query);
      results.total = counter->matches();
      results.exact = true;
    }
    if (!request.collapse_copies) {
      results.stories = results.total;
      results.stories_exact = results.exact;
    } else if (results.stories > results.total) {
      // Xapian estimates the two apart; a story is one article or more.
      results.stories = results.total;
      results.stories_exact = false;
    }
    return counter;
  }

  // One Hit per match of the page: ids only, with a snippet, or from the
  // summary value.
  Status add_hits(const Xapian::MSet& mset, const std::optional<search::HighlightSet>& highlights,
                  const SearchRequest& request, SearchResults& results) {
    const bool outlet_terms =
        !mset.empty() && entities.every_shard_flagged(index::kCopyOutletTermsKey);
    results.hits.reserve(mset.size());
    for (auto item = mset.begin(); item != mset.end(); ++item) {
      Hit& hit = results.hits.emplace_back();  // on an error the results are dropped
      const Xapian::Document document = item.get_document();
      std::optional<index::Summary> summary;  // decoded here only without a snippet
      std::optional<index::SummaryCopyGroup> group;  // from the word map, with a snippet
      if (request.ids_only) {
        auto id = index::decode_summary_id(document.get_value(index::kSummarySlot));
        if (!id) return std::unexpected(id.error());
        hit.id = std::move(*id);
      } else if (highlights) {
        auto made = hit_with_snippet(*item, document, *highlights, request, group);
        if (!made) return std::unexpected(made.error());
        hit = std::move(*made);
      } else {
        // Without a snippet, the summary value spares decompressing the article.
        auto decoded = index::decode_summary(document.get_value(index::kSummarySlot));
        if (!decoded) return std::unexpected(decoded.error());
        summary = std::move(*decoded);
        hit.id = std::move(summary->id);
        hit.title = std::move(summary->title);
        hit.published = summary->published;
        if (summary->copy_group) group = std::move(summary->copy_group);
      }
      hit.score = item.get_weight();
      hit.rank = item.get_rank();
      if (!request.ids_only) {
        if (!group) group = search::copy_group_of(document, summary ? &*summary : nullptr);
        search::describe_copies(database, *item, *group, outlet_terms, hit);
      }
    }
    return {};
  }

  Result<Hit> hit_with_snippet(Xapian::docid docid, const Xapian::Document& document,
                               const search::HighlightSet& highlights,
                               const SearchRequest& request,
                               std::optional<index::SummaryCopyGroup>& group) {
    auto stored = index::decode_stored(document.get_data(), /*with_entities=*/false);
    if (!stored) return std::unexpected(stored.error());
    index::WordMap word_map;
    if (!index::decode_word_map(document.get_value(index::kWordMapSlot), stored->body.size(),
                                word_map)) {
      word_map.words.clear();  // an article indexed before word maps: analyse it
      word_map.copy_group.reset();
    }
    group = std::move(word_map.copy_group);
    if (group) group->outlet = stored->source;  // a word map leaves it to the article
    Hit hit;
    // The stored word map and where the query's terms are make the snippet
    // without analysing the body. Where they are: from the map's term checks,
    // or, in a map written before checks, from Xapian's position lists (two
    // block reads per term, and a round trip on a remote shard, where the
    // body is analysed instead). Prefix queries analyse it too: their terms
    // are not known without expanding them.
    const bool checks = !word_map.term_checks.empty();
    if (!word_map.words.empty() && !highlights.has_prefixes() && (checks || !any_remote)) {
      const std::vector<std::string> terms(highlights.terms().begin(), highlights.terms().end());
      std::vector<std::vector<Xapian::termpos>> positions;
      if (checks) {
        positions = search::matched_positions(stored->body, word_map, terms, analyzer);
      } else {
        for (const std::string& term : terms) {
          positions.emplace_back(database.positionlist_begin(docid, term),
                                 database.positionlist_end(docid, term));
        }
      }
      highlights.keep_phrase_occurrences(terms, positions);
      hit.snippet = search::make_snippet(stored->body, word_map, positions, request.snippet_bytes);
    } else {
      hit.snippet =
          search::make_snippet(stored->body, analyzer, highlights, request.snippet_bytes);
    }
    hit.id = std::move(stored->id);
    hit.title = std::move(stored->title);
    hit.published = stored->published;
    return hit;
  }

  // Sees the latest commit; drops what was derived from an older one.
  void refresh() {
    if (watch && !watch->changed()) return;
    if (database.reopen()) entities.reset();
  }

  // Opens every shard again after a remote one failed; kUnavailable while it
  // is still down.
  Status reconnect() {
    auto opened = search::open_shards(shards);
    if (!opened) return std::unexpected(opened.error());
    if (!(opened->analysis == analyzer.options())) {
      return make_error(ErrorCode::kIncompatible,
                        "the shards now have other analysis settings; open a new Searcher");
    }
    database = std::move(opened->database);
    enquire.reset();
    related_enquire.reset();
    entities = search::EntityCatalog(database, std::move(opened->parts), opened->any_remote, shards);
    reconnect_needed = false;
    return {};
  }

  template <typename Body>
  auto with_retry(std::string_view context, Body&& body) -> decltype(body()) {
    return util::guarded(context, [&]() -> decltype(body()) {
      if (reconnect_needed) {
        if (auto reconnected = reconnect(); !reconnected) return std::unexpected(reconnected.error());
      }
      for (int attempt = 1;; ++attempt) {
        try {
          refresh();
          return body();
        } catch (const Xapian::DatabaseModifiedError&) {
          if (watch) watch->invalidate();
          if (attempt == kAttempts) throw;
        } catch (const Xapian::DatabaseCorruptError&) {
          // A block of the revision being read that two later commits reused
          // can read as damage before Xapian sees its revision (seen under
          // load: "Expected block 2 to be level 1, not 0"). Damage that stays
          // on the newest revision is reported.
          if (attempt == kAttempts || !database.reopen()) throw;
          entities.reset();
          if (watch) watch->invalidate();
        } catch (const Xapian::NetworkError& error) {  // a remote shard is down or too slow
          reconnect_needed = true;
          return std::unexpected(search::shard_unavailable(shards, error, context));
        }
      }
    });
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::Open(const std::filesystem::path& directory) {
  return Open(std::vector<std::string>{directory.string()});
}

Result<Searcher> Searcher::Open(const std::vector<std::string>& shards) {
  if (shards.empty()) return make_error(ErrorCode::kInvalidArgument, "no index to open");
  std::optional<search::CommitWatch> watch;
  if (shards.size() == 1 && !search::is_remote_shard(shards.front())) watch.emplace(shards.front());
  auto opened = search::open_shards(shards);
  if (!opened) return std::unexpected(opened.error());
  return util::guarded("opening " + shards.front(), [&]() -> Result<Searcher> {
    entities::Resolver resolver;
    std::string aliases = opened->database.get_metadata(std::string(index::kAliasesKey));
    if (!aliases.empty()) {
      if (auto added = resolver.add_aliases(aliases, "aliases stored in the index"); !added) {
        return std::unexpected(added.error());
      }
    }
    auto impl = std::make_unique<Impl>(shards, std::move(opened->database), opened->analysis,
                                       std::move(resolver));
    impl->watch = std::move(watch);
    impl->any_remote = opened->any_remote;
    impl->entities =
        search::EntityCatalog(impl->database, std::move(opened->parts), opened->any_remote, shards);
    return Searcher(std::move(impl));
  });
}

Result<SearchResults> Searcher::search(const SearchRequest& request) {
  return impl_->with_retry("searching for \"" + request.query + "\"", [&] {
    return impl_->run(request, search::DefaultOperator::kAnd);
  });
}

Result<Document> Searcher::get(std::string_view id) {
  return impl_->with_retry("reading document " + std::string(id), [&]() -> Result<Document> {
    Xapian::Database& database = impl_->database;
    std::string term = index::id_term(id);
    Xapian::PostingIterator posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) {
      return make_error(ErrorCode::kNotFound, "no document with id \"" + std::string(id) + "\"");
    }
    auto document = index::decode_stored(database.get_document(*posting).get_data());
    if (!document) return document;
    for (Entity& entity : document->entities) {
      entity.name = impl_->entities.name(entity.kind, entity.key);
    }
    return document;
  });
}

Result<std::vector<FacetValue>> Searcher::suggest_entities(std::string_view prefix,
                                                           std::optional<EntityKind> kind,
                                                           std::size_t limit) {
  return impl_->with_retry("suggesting entities", [&]() -> Result<std::vector<FacetValue>> {
    std::string folded = analysis::fold(prefix);
    std::vector<FacetValue> suggestions;
    if (folded.empty()) return suggestions;
    const std::vector<search::EntityCount>& totals = impl_->entities.totals();
    // One name, one entity: a minority kind or a bare surname is suggested as
    // the entity it stands for across the index (entities/collection.h), with
    // the articles of every form (search/entity_representatives.h).
    const search::EntityCatalog::Representatives& representatives =
        impl_->entities.counted_representatives();
    const std::vector<std::uint32_t>& rep = representatives.of;
    const std::vector<std::uint32_t>& documents = representatives.documents;
    std::vector<std::uint32_t> found;
    for (std::uint32_t ordinal = 0; ordinal < totals.size(); ++ordinal) {
      const auto& key = totals[ordinal];
      // No longer named by any article (a column extended past deletions).
      if (key.documents == 0 || (kind && totals[rep[ordinal]].kind != *kind)) continue;
      // A word of the name starts with the prefix: "pomp" finds "mike pompeo".
      for (std::size_t at = key.key.find(folded); at != std::string::npos;
           at = key.key.find(folded, at + 1)) {
        if (at == 0 || key.key[at - 1] == ' ') {
          found.push_back(rep[ordinal]);
          break;
        }
      }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    std::sort(found.begin(), found.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (documents[a] != documents[b]) return documents[a] > documents[b];
      return totals[a].key < totals[b].key;
    });
    if (found.size() > limit) found.resize(limit);
    for (std::uint32_t ordinal : found) {
      const auto& key = totals[ordinal];
      suggestions.push_back({key.key, impl_->entities.name(key.kind, key.key), documents[ordinal]});
    }
    return suggestions;
  });
}

Result<std::vector<std::string>> Searcher::field_names() {
  return impl_->with_retry("listing fields", [&]() -> Result<std::vector<std::string>> {
    return impl_->entities.field_names();
  });
}

Result<std::vector<Hit>> Searcher::related(std::string_view id, std::size_t limit) {
  return impl_->with_retry("finding articles related to " + std::string(id),
                           [&]() -> Result<std::vector<Hit>> {
                             // Its own Enquire: the search one keeps its settings.
                             if (!impl_->related_enquire) {
                               impl_->related_enquire.emplace(impl_->database);
                               impl_->related_enquire->set_weighting_scheme(impl_->weighting);
                             }
                             return search::related_articles(
                                 impl_->database, *impl_->related_enquire, id, limit,
                                 impl_->entities.every_shard_flagged(
                                     index::kCopyOutletTermsKey));
                           });
}

Result<std::size_t> Searcher::document_count() {
  return impl_->with_retry("counting documents", [&]() -> Result<std::size_t> {
    return impl_->database.get_doccount();
  });
}

}  // namespace dossier
