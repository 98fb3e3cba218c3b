// Searching an index: ranked hits with snippets, entity facets and filters.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dossier/document.h"
#include "dossier/status.h"

namespace dossier {

// Restricts a search to articles that name an entity. Filters of one kind OR
// together; filters of different kinds AND together. `name` may be any alias
// or spelling of the entity ("Pompeo", "mike pompeo", "Mike Pompeo").
struct EntityFilter {
  EntityKind kind = EntityKind::kPerson;
  std::string name;
};

// Restricts a search to articles whose keyword field `field` has exactly
// `value` (Document::fields). The field "source" is the exact outlet name
// ("BBC News"), unlike the `source:` query syntax, which matches its words.
// Filters on one field OR together; filters on different fields AND together.
// A field the index has never seen is kInvalidArgument, as `topic:x` is a
// query syntax error.
struct FieldFilter {
  std::string field;
  std::string value;
};

// The bucket size of SearchResults::timeline.
enum class TimeBucket : std::uint8_t {
  kAuto,  // from the matches' date range: day up to 62 days, week up to 1
          // year, month up to 10 years, else year
  kDay,
  kWeek,  // ISO weeks, starting on Monday
  kMonth,
  kYear,
};
// "auto", "day", "week", "month", "year".
const char* to_string(TimeBucket bucket);

enum class SortOrder : std::uint8_t {
  kRelevance,  // BM25 score, best first (ties: in indexing order)
  kNewest,     // publication date, newest first (ties: by score)
  kOldest,
};

struct SearchRequest {
  // Query text; see README.md "Query syntax". Empty text matches every article
  // (useful with filters, or to browse facets).
  std::string query;
  std::vector<EntityFilter> filters;
  std::vector<FieldFilter> field_filters;
  // Inclusive publication-date range; articles without a date are excluded
  // when either bound is set.
  std::optional<std::chrono::sys_days> published_from;
  std::optional<std::chrono::sys_days> published_to;
  SortOrder sort = SortOrder::kRelevance;
  std::size_t offset = 0;  // hits to skip, for paging
  std::size_t limit = 10;  // hits to return
  // Snippet length in bytes of original text (about); 0 turns snippets off.
  std::size_t snippet_bytes = 240;
  // Facet values returned per kind; 0 turns facet counting off. Counting
  // facets visits every match, so it also makes the total exact.
  // Also sizes the source and keyword-field facets; the timeline has every
  // bucket.
  std::size_t facet_values = 10;
  TimeBucket timeline_bucket = TimeBucket::kAuto;
  // Count every match for an exact SearchResults::total even without facets
  // (costs a pass over all matches, as facets do). Off: the total may be
  // Xapian's estimate for large result sets (SearchResults::exact says),
  // except with limit = 0: a count-only request always counts exactly.
  bool exact_total = false;
  // One hit per story: of the articles of one copy group (wire copy printed
  // by several outlets, updated versions; README.md "One story, many
  // copies") only the best ranked is listed; Hit::other_copies says how many
  // it stands for. Paging (offset, limit) counts stories. `total`, facets and
  // the timeline still count articles, every copy; SearchResults::stories
  // counts the stories. Off by default: a caller that pages, evaluates or
  // exports gets every article unless it asks (dossier-search turns it on).
  bool collapse_copies = false;
  // Suggest corrections of misspelled words (SearchResults::corrected_query).
  // Costs a term-frequency lookup per word, and a dictionary search per rare
  // one.
  bool suggest_spelling = true;
  // Hits carry only id, score and rank (no title, date or snippet: the
  // cheapest page, for callers that look articles up themselves).
  bool ids_only = false;
};

// Part of an article's text around the query words.
struct Snippet {
  // The original text as written (accents and case kept), cut at word
  // boundaries. Starts with "…" when the cut is not at the start of the field,
  // ends with "…" when not at its end.
  std::string text;
  // Byte ranges [first, second) into `text` of each word that matched the
  // query, through folding and stemming ("pinera" marks "Piñera").
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

struct Hit {
  std::string id;
  std::string title;
  std::optional<std::chrono::sys_days> published;
  double score = 0;
  std::size_t rank = 0;  // 0-based, counting from the first hit of the whole result
  Snippet snippet;
  // Other articles of the index (all shards) in this article's copy group,
  // matching the query or not, and their outlets (distinct, sorted; in an
  // index created before format 4 kept copy outlets, read from at most the
  // first 100 copies). 0 for an article indexed before copy groups. Not
  // filled with SearchRequest::ids_only.
  std::size_t other_copies = 0;
  std::vector<std::string> copy_sources;
};

struct FacetValue {
  std::string key;    // canonical key, usable in an EntityFilter
  std::string name;   // display name
  std::size_t count = 0;  // matching articles that name it
};

// Counts of one kind of entity over every matching article.
struct Facet {
  EntityKind kind = EntityKind::kPerson;
  std::vector<FacetValue> top;  // most frequent first, at most facet_values
  std::size_t distinct = 0;     // how many different values there were
  // False when `distinct` is a lower bound: over remote shards, facets count
  // a sample's values and the top candidates, not every value (README.md
  // "Shards"). The counts in `top` are exact either way.
  bool distinct_exact = true;
};

// Counts of one keyword field (or "source", the outlet) over every matching
// article. FacetValue::key and name are both the value as stored.
struct FieldFacet {
  std::string field;
  std::vector<FacetValue> top;  // most frequent first (ties by value)
  std::size_t distinct = 0;
  bool distinct_exact = true;  // as Facet::distinct_exact
};

// Matching articles per period of publication.
struct TimelineBucket {
  std::chrono::sys_days start;  // first day of the period
  std::size_t count = 0;
};
struct Timeline {
  TimeBucket bucket = TimeBucket::kDay;  // never kAuto: the size used
  // From the period of the earliest dated match to that of the latest, every
  // period present (zero counts included); empty when no match has a date.
  std::vector<TimelineBucket> buckets;
  std::size_t undated = 0;  // matches without a publication date
};

// One query word "did you mean" would change.
struct SpellingCorrection {
  std::string word;        // as typed in the query
  std::string suggestion;  // folded (no accents), in the typed word's case
};

struct SearchResults {
  // Matching articles. Exact when `exact` is true, else Xapian's estimate.
  // Every copy counts, with collapse_copies too (so do facets and timeline).
  std::size_t total = 0;
  bool exact = false;
  // True when no article contained every query word, so the search fell back
  // to ranking articles that contain any of them (see README.md).
  bool relaxed = false;
  // With SearchRequest::collapse_copies: matching stories (copy groups, an
  // article without copies being one), Xapian's estimate unless
  // `stories_exact`, never more than `total`. Without it: equal to `total`.
  std::size_t stories = 0;
  bool stories_exact = false;
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // one per kind, when facet_values > 0
  // When facet_values > 0: "source" first (articles with a source), then
  // each keyword field of the index by name, even when no match has it.
  std::vector<FieldFacet> field_facets;
  Timeline timeline;  // filled when facet_values > 0
  // "Did you mean": the query with its misspelled-looking words corrected,
  // everything else as typed; unset when no word looks misspelled (README.md
  // "Did you mean" has the rules). The hits are for the query as typed.
  std::optional<std::string> corrected_query;
  std::vector<SpellingCorrection> corrections;  // the words it changed, in order
};

// A reader of one index, or of several shards searched as one (paths, or
// "tcp://host:port" addresses of xapian-tcpsrv servers).
//
// Each search sees the latest commit at the time it starts; if a writer commits
// during a search, the search is retried on the new commit.
//
// Thread-safety: not thread-safe. Open one Searcher per thread; opening is
// cheap (it reads no documents).
class Searcher {
 public:
  [[nodiscard]] static Result<Searcher> Open(const std::filesystem::path& directory);
  [[nodiscard]] static Result<Searcher> Open(const std::vector<std::string>& shards);

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  [[nodiscard]] Result<SearchResults> search(const SearchRequest& request);

  // The stored fields and entities of one article; kNotFound if absent.
  [[nodiscard]] Result<Document> get(std::string_view id);

  // Entities whose name or alias starts with `prefix` (accent- and
  // case-insensitive), most frequently named first: "Pomp" -> Mike Pompeo.
  [[nodiscard]] Result<std::vector<FacetValue>> suggest_entities(
      std::string_view prefix, std::optional<EntityKind> kind = {}, std::size_t limit = 10);

  // The keyword field names of the index (all shards), sorted.
  [[nodiscard]] Result<std::vector<std::string>> field_names();

  // The `limit` articles most like article `id` (kNotFound if absent), best
  // first: ranked by the article's most significant words (Xapian's query
  // expansion over it), re-ranked by the entities they share with it. Never
  // the article itself nor its copies, and one article per copy group. Hits
  // have no snippet. Costs about two searches (bench/related_bench.cc).
  Result<std::vector<Hit>> related(std::string_view id, std::size_t limit = 5);

  // Articles in the index (all shards).
  [[nodiscard]] Result<std::size_t> document_count();

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
