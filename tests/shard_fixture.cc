#include "shard_fixture.h"

#include <xapian.h>

#include <chrono>
#include <map>
#include <optional>

#include "entities/display_name.h"
#include "entities/extractor.h"
#include "entities/resolver.h"
#include "index/document_builder.h"
#include "index/schema.h"

namespace dossier::testing {
namespace {

// ---------------------------------------------------------------------------
// A synthetic corpus whose entities are known, independent of the entity
// recognizer's model: articles are built by the real DocumentBuilder with
// given entities, and display names are stored the way IndexWriter does.

struct SyntheticEntity {
  EntityKind kind;
  std::string key;
  std::vector<std::string> names;  // spellings used by different articles
  std::vector<std::string> alias_keys;
};

const std::vector<SyntheticEntity>& entity_pool() {
  static const std::vector<SyntheticEntity> pool = {
      {EntityKind::kPerson, "nicolas maduro", {"Nicolas Maduro", "Nicolás Maduro"}, {"maduro"}},
      {EntityKind::kPerson, "mike pompeo", {"MIKE POMPEO", "Mike Pompeo"}, {"pompeo"}},
      {EntityKind::kPerson, "juan guaido", {"Juan Guaidó"}, {"guaido"}},
      {EntityKind::kPerson, "ivan duque", {"Ivan Duque", "Iván Duque"}, {"duque"}},
      {EntityKind::kPlace, "venezuela", {"Venezuela"}, {}},
      {EntityKind::kPlace, "colombia", {"Colombia"}, {}},
      {EntityKind::kPlace, "caracas", {"Caracas"}, {}},
      {EntityKind::kOrganization, "opec", {"OPEC"}, {}},
      {EntityKind::kOrganization, "united nations", {"United Nations"}, {"un"}},
      {EntityKind::kOrganization, "lima group", {"Lima Group"}, {}},
  };
  return pool;
}

std::vector<Document> synthetic_articles(std::vector<std::vector<entities::ExtractedEntity>>& found) {
  static const char* const kWords[] = {
      "election", "oil",    "sanctions", "talks",  "border", "protest", "economy", "summit",
      "minister", "vote",   "court",     "strike", "market", "crisis",  "aid",     "exports",
      "refugees", "troops", "inflation", "bank",   "power",  "deal",    "accord",  "report"};
  constexpr std::size_t kWordCount = std::size(kWords);
  std::uint32_t state = 12345;
  auto next = [&](std::uint32_t bound) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % bound;
  };
  std::vector<Document> articles;
  const auto first_day = std::chrono::sys_days(std::chrono::year{2019} / 1 / 1);
  for (int i = 0; i < 60; ++i) {
    Document article;
    char id[16];
    std::snprintf(id, sizeof id, "syn-%03d", i);
    article.id = id;
    article.published = first_day + std::chrono::days(i);  // distinct: no order ties
    article.source = i % 2 ? "Wire One" : "Daily Two";
    static const char* const kCategories[] = {"politics", "business", "world"};
    article.fields.push_back({"category", kCategories[i % 3]});
    if (i % 4 == 0) article.fields.insert(article.fields.end(), {{"tag", "energy"}, {"tag", "latam"}});
    // A few combinations repeat, so that the remote spy sees counts above 1.
    std::vector<std::size_t> chosen;
    const std::size_t pattern = next(8);
    if (pattern < 3) {
      chosen = {0, 4, 7};
    } else if (pattern < 5) {
      chosen = {1, 0, 4, 8};
    } else if (pattern == 5) {
      chosen = {};
    } else {
      for (std::size_t e = 0; e < entity_pool().size(); ++e) {
        if (next(3) == 0) chosen.push_back(e);
      }
    }
    std::vector<entities::ExtractedEntity> extracted;
    std::string mentions;
    for (std::size_t e : chosen) {
      const SyntheticEntity& entity = entity_pool()[e];
      const std::string& name = entity.names[next(static_cast<std::uint32_t>(entity.names.size()))];
      std::vector<std::string> alias_keys{entity.key};
      alias_keys.insert(alias_keys.end(), entity.alias_keys.begin(), entity.alias_keys.end());
      extracted.push_back({Entity{entity.kind, entity.key, name, 1 + next(3)}, alias_keys});
      mentions += " " + name + " said.";
    }
    article.title = std::string(kWords[next(kWordCount)]) + " " + kWords[next(kWordCount)] +
                    " news " + std::to_string(i);
    for (int sentence = 0; sentence < 4 + static_cast<int>(next(6)); ++sentence) {
      for (int word = 0; word < 6 + static_cast<int>(next(10)); ++word) {
        article.body += kWords[next(kWordCount)];
        article.body += ' ';
      }
      article.body += "went on. ";
      if (sentence == 1) article.body += mentions;
    }
    articles.push_back(std::move(article));
    found.push_back(std::move(extracted));
  }
  return articles;
}

// Hits in rank order, with runs of exactly equal scores (which docids break,
// and docids differ between one index and shards) ordered by id.
std::vector<Hit> canonical(std::vector<Hit> hits) {
  for (std::size_t begin = 0; begin < hits.size();) {
    std::size_t end = begin + 1;
    while (end < hits.size() && hits[end].score == hits[begin].score) ++end;
    std::sort(hits.begin() + static_cast<std::ptrdiff_t>(begin),
              hits.begin() + static_cast<std::ptrdiff_t>(end),
              [](const Hit& a, const Hit& b) { return a.id < b.id; });
    begin = end;
  }
  return hits;
}

}  // namespace

void write_synthetic(const std::filesystem::path& directory,
                     const std::function<bool(const std::string&)>& keep,
                     const AnalysisOptions& analysis) {
  IndexOptions options;
  options.analysis = analysis;
  options.recognize_entities = false;
  {
    auto created = IndexWriter::Open(directory, options);  // settings, as IndexWriter stores them
    ASSERT_TRUE(created) << created.error().to_string();
    ASSERT_TRUE(created->commit());
  }
  std::vector<std::vector<entities::ExtractedEntity>> found;
  std::vector<Document> articles = synthetic_articles(found);
  Xapian::WritableDatabase database(directory.string(), Xapian::DB_OPEN);
  index::DocumentBuilder builder(analysis);
  std::map<std::string, std::string> names;  // metadata key -> best display name
  std::vector<std::string> field_names;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (!keep(articles[i].id)) continue;
    index::BuiltDocument built = builder.build(articles[i], found[i]);
    index::add_to_copy_group(database, built);  // and its summary, as the writer does
    database.replace_document(built.id_term, built.document);
    field_names.insert(field_names.end(), built.field_names.begin(), built.field_names.end());
    for (const Entity& entity : built.entities) {
      auto [slot, added] = names.try_emplace(index::entity_name_key(entity.kind, entity.key),
                                             entity.name);
      if (!added && entities::better_display_name(entity.name, slot->second)) {
        slot->second = entity.name;
      }
    }
  }
  for (const auto& [key, name] : names) database.set_metadata(key, name);
  database.set_metadata(std::string(index::kFieldSchemaKey),
                        index::merged_field_schema(database, field_names));
  database.commit();
}

// ---------------------------------------------------------------------------
// Comparing results.

void expect_same_results(const SearchResults& expected, const SearchResults& actual,
                         const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(actual.total, expected.total);
  EXPECT_EQ(actual.exact, expected.exact);
  EXPECT_EQ(actual.relaxed, expected.relaxed);
  ASSERT_EQ(actual.hits.size(), expected.hits.size());
  std::vector<Hit> want = canonical(expected.hits), got = canonical(actual.hits);
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("hit " + std::to_string(i));
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].title, want[i].title);
    EXPECT_EQ(got[i].published, want[i].published);
    EXPECT_NEAR(got[i].score, want[i].score, 1e-9 * std::max(1.0, want[i].score));
    EXPECT_EQ(actual.hits[i].rank, expected.hits[i].rank);
    EXPECT_EQ(got[i].snippet.text, want[i].snippet.text);
    EXPECT_EQ(got[i].snippet.highlights, want[i].snippet.highlights);
  }
  ASSERT_EQ(actual.facets.size(), expected.facets.size());
  for (std::size_t f = 0; f < expected.facets.size(); ++f) {
    const Facet& want_facet = expected.facets[f];
    const Facet& got_facet = actual.facets[f];
    SCOPED_TRACE(std::string("facet ") + to_string(want_facet.kind));
    EXPECT_EQ(got_facet.kind, want_facet.kind);
    EXPECT_EQ(got_facet.distinct, want_facet.distinct);
    EXPECT_EQ(got_facet.distinct_exact, want_facet.distinct_exact);
    ASSERT_EQ(got_facet.top.size(), want_facet.top.size());
    for (std::size_t v = 0; v < want_facet.top.size(); ++v) {
      EXPECT_EQ(got_facet.top[v].key, want_facet.top[v].key);
      EXPECT_EQ(got_facet.top[v].name, want_facet.top[v].name);
      EXPECT_EQ(got_facet.top[v].count, want_facet.top[v].count);
    }
  }
  ASSERT_EQ(actual.field_facets.size(), expected.field_facets.size());
  for (std::size_t f = 0; f < expected.field_facets.size(); ++f) {
    const FieldFacet& want_facet = expected.field_facets[f];
    const FieldFacet& got_facet = actual.field_facets[f];
    SCOPED_TRACE("field facet " + want_facet.field);
    EXPECT_EQ(got_facet.field, want_facet.field);
    EXPECT_EQ(got_facet.distinct, want_facet.distinct);
    EXPECT_EQ(got_facet.distinct_exact, want_facet.distinct_exact);
    ASSERT_EQ(got_facet.top.size(), want_facet.top.size());
    for (std::size_t v = 0; v < want_facet.top.size(); ++v) {
      EXPECT_EQ(got_facet.top[v].key, want_facet.top[v].key);
      EXPECT_EQ(got_facet.top[v].count, want_facet.top[v].count);
    }
  }
  EXPECT_EQ(actual.timeline.bucket, expected.timeline.bucket);
  EXPECT_EQ(actual.timeline.undated, expected.timeline.undated);
  ASSERT_EQ(actual.timeline.buckets.size(), expected.timeline.buckets.size());
  for (std::size_t b = 0; b < expected.timeline.buckets.size(); ++b) {
    EXPECT_EQ(actual.timeline.buckets[b].start, expected.timeline.buckets[b].start);
    EXPECT_EQ(actual.timeline.buckets[b].count, expected.timeline.buckets[b].count);
  }
}

std::size_t facet_values(const SearchResults& results) {
  std::size_t values = 0;
  for (const Facet& facet : results.facets) values += facet.top.size();
  return values;
}

std::vector<std::pair<std::string, SearchRequest>> synthetic_requests() {
  std::vector<std::pair<std::string, SearchRequest>> requests;
  auto add = [&](std::string name, SearchRequest request) {
    requests.emplace_back(std::move(name), std::move(request));
  };
  SearchRequest all;
  all.limit = 100;
  all.facet_values = 20;
  add("everything", all);
  SearchRequest oil;
  oil.query = "oil";
  add("oil", oil);
  SearchRequest two;
  two.query = "sanctions talks";
  two.limit = 30;
  add("sanctions talks", two);
  SearchRequest either;
  either.query = "summit OR election";
  either.offset = 3;
  either.limit = 7;
  add("summit OR election, page 2", either);
  SearchRequest maduro;
  maduro.query = "maduro";
  maduro.limit = 50;
  add("maduro", maduro);
  SearchRequest filtered;
  filtered.filters = {{EntityKind::kPerson, "Nicolás Maduro"}};
  filtered.limit = 50;
  add("filter person", filtered);
  SearchRequest kinds;
  kinds.query = "economy";
  kinds.filters = {{EntityKind::kPlace, "Venezuela"}, {EntityKind::kOrganization, "OPEC"},
                   {EntityKind::kOrganization, "United Nations"}};
  add("filters of two kinds", kinds);
  SearchRequest newest;
  newest.query = "market";
  newest.sort = SortOrder::kNewest;
  newest.limit = 5;
  newest.facet_values = 2;
  add("newest", newest);
  SearchRequest dated;
  dated.published_from = std::chrono::sys_days(std::chrono::year{2019} / 1 / 20);
  dated.published_to = std::chrono::sys_days(std::chrono::year{2019} / 2 / 10);
  dated.sort = SortOrder::kOldest;
  add("date range", dated);
  SearchRequest relaxed;
  relaxed.query = "oil zzzunknownword";
  add("relaxed", relaxed);
  SearchRequest none;
  none.query = "nosuchwordanywhere";
  add("no match", none);
  SearchRequest fields;
  fields.query = "oil category:business";
  fields.field_filters = {{"tag", "energy"}, {"source", "Daily Two"}, {"source", "Wire One"}};
  fields.timeline_bucket = TimeBucket::kWeek;
  add("field filters", fields);
  SearchRequest weekly;
  weekly.query = "market OR oil";
  weekly.timeline_bucket = TimeBucket::kWeek;
  add("weekly timeline", weekly);
  return requests;
}

void expect_same_searcher(Searcher& single, Searcher& sharded) {
  EXPECT_EQ(*sharded.document_count(), *single.document_count());
  for (const auto& [name, request] : synthetic_requests()) {
    auto want = single.search(request);
    auto got = sharded.search(request);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << name << ": " << got.error().to_string();
    expect_same_results(*want, *got, name);
  }
  for (auto [prefix, kind] : std::vector<std::pair<std::string, std::optional<EntityKind>>>{
           {"ma", std::nullopt}, {"c", EntityKind::kPlace}, {"u", std::nullopt}, {"zz", {}}}) {
    SCOPED_TRACE("suggest " + prefix);
    auto want = single.suggest_entities(prefix, kind);
    auto got = sharded.suggest_entities(prefix, kind);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    ASSERT_EQ(got->size(), want->size());
    for (std::size_t i = 0; i < want->size(); ++i) {
      EXPECT_EQ((*got)[i].key, (*want)[i].key);
      EXPECT_EQ((*got)[i].name, (*want)[i].name);
      EXPECT_EQ((*got)[i].count, (*want)[i].count);
    }
  }
  for (const char* id : {"syn-000", "syn-007", "syn-042"}) {
    auto want = single.get(id);
    auto got = sharded.get(id);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    EXPECT_EQ(got->title, want->title);
    EXPECT_EQ(got->body, want->body);
    EXPECT_EQ(got->fields, want->fields);
    EXPECT_FALSE(want->fields.empty());
    ASSERT_EQ(got->entities.size(), want->entities.size());
    for (std::size_t i = 0; i < want->entities.size(); ++i) {
      EXPECT_EQ(got->entities[i].key, want->entities[i].key);
      EXPECT_EQ(got->entities[i].name, want->entities[i].name);
    }
  }
  auto missing = sharded.get("syn-999");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

void SyntheticShards::SetUp() {
  write_synthetic(single_path(), [](const std::string&) { return true; });
  for (std::size_t k = 0; k < kShards; ++k) {
    write_synthetic(shard_path(k), [k](const std::string& id) { return shard_of(id, kShards) == k; });
  }
}

std::vector<std::string> SyntheticShards::local_shards() const {
  std::vector<std::string> shards;
  for (std::size_t k = 0; k < kShards; ++k) shards.push_back(shard_path(k).string());
  return shards;
}

}  // namespace dossier::testing
