// Outlets, dates and keyword fields of the user's own: stored, filtered,
// counted (source and field facets, the timeline) exactly, on corpus/ given
// sources and dates through a JSON Lines copy, and on a small BBC-like set of
// articles filed in category folders.
#include <gtest/gtest.h>

#include <xapian.h>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "dossier/sharding.h"
#include "index/schema.h"
#include "search/timeline.h"
#include "test_support.h"

namespace dossier {
namespace {

using std::chrono::sys_days;
using namespace std::chrono;
using testing::ScratchDir;

sys_days day(int y, unsigned m, unsigned d) { return sys_days(year(y) / month(m) / d); }

// corpus/ as JSON Lines with an outlet and a date for each article (the .txt
// files name an outlet for two of them only).
const std::map<std::string, std::pair<std::string, std::string>> kCorpusMeta = {
    {testing::k000, {"ShareAmerica", "2019-04-12"}},
    {testing::k001, {"Rappler", "2019-04-13"}},
    {testing::k002, {"The Dialogue", "2019-04-18"}},
    {testing::k003, {"Andina", "2019-04-09"}},
    {testing::k004, {"Sputnik International", "2019-04-13"}},
};

void write_corpus_jsonl(const std::filesystem::path& file) {
  std::ofstream out(file);
  auto read = read_text_folder(testing::kCorpusDir, [&](Document&& document) {
    const auto& [source, published] = kCorpusMeta.at(document.id);
    nlohmann::json line = {{"id", document.id},  {"title", document.title},
                           {"body", document.body}, {"source", source},
                           {"published", published}};
    out << line.dump() << "\n";
    return Status{};
  });
  ASSERT_TRUE(read) << read.error().to_string();
}

void index_file(const std::filesystem::path& index, const std::filesystem::path& input,
                const FolderOptions& options = {}) {
  auto writer = IndexWriter::Open(index);
  ASSERT_TRUE(writer) << writer.error().to_string();
  auto report = read_documents(
      input, [&](Document&& document) { return writer->add_or_replace(std::move(document)); },
      options);
  ASSERT_TRUE(report) << report.error().to_string();
  ASSERT_TRUE(report->skipped.empty());
  ASSERT_TRUE(writer->commit());
}

const FieldFacet* field_facet(const SearchResults& results, std::string_view field) {
  for (const FieldFacet& facet : results.field_facets) {
    if (facet.field == field) return &facet;
  }
  return nullptr;
}

std::map<std::string, std::size_t> counts_of(const FieldFacet* facet) {
  std::map<std::string, std::size_t> counts;
  if (!facet) return counts;
  for (const FacetValue& value : facet->top) counts[value.key] = value.count;
  return counts;
}

class CorpusFieldsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir("fields-corpus");
    write_corpus_jsonl(scratch_->path() / "corpus.jsonl");
    index_file(scratch_->path() / "index", scratch_->path() / "corpus.jsonl");
  }
  static void TearDownTestSuite() { delete scratch_; }
  void SetUp() override {
    auto opened = Searcher::Open(scratch_->path() / "index");
    ASSERT_TRUE(opened) << opened.error().to_string();
    searcher_.emplace(std::move(*opened));
  }
  SearchResults search(const SearchRequest& request) {
    auto results = searcher_->search(request);
    EXPECT_TRUE(results) << results.error().to_string();
    return results ? std::move(*results) : SearchResults{};
  }

  static ScratchDir* scratch_;
  std::optional<Searcher> searcher_;
};
ScratchDir* CorpusFieldsTest::scratch_ = nullptr;

TEST_F(CorpusFieldsTest, OutletFacetCountsEveryMatchAndEachCountIsItsFilteredSearch) {
  SearchRequest request{.query = "pompeo"};
  SearchResults all = search(request);
  ASSERT_EQ(all.total, 5u);
  const FieldFacet* sources = field_facet(all, "source");
  ASSERT_NE(sources, nullptr);
  EXPECT_EQ(all.field_facets.front().field, "source");
  EXPECT_EQ(sources->distinct, 5u);
  EXPECT_EQ(counts_of(sources),
            (std::map<std::string, std::size_t>{{"Andina", 1},
                                                {"Rappler", 1},
                                                {"ShareAmerica", 1},
                                                {"Sputnik International", 1},
                                                {"The Dialogue", 1}}));
  for (const FacetValue& value : sources->top) {
    SearchRequest filtered = request;
    filtered.field_filters.push_back({"source", value.key});
    SearchResults narrowed = search(filtered);
    EXPECT_EQ(narrowed.total, value.count) << value.key;
    ASSERT_EQ(narrowed.hits.size(), 1u);
    auto stored = searcher_->get(narrowed.hits[0].id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->source, value.key);
  }
}

TEST_F(CorpusFieldsTest, ExactOutletInQuerySyntaxAndSourceWordsStillMatch) {
  // outlet: is the exact name; source: matches its words, as before.
  EXPECT_EQ(testing::hit_ids(search({.query = "outlet:\"Sputnik International\""})),
            std::set<std::string>{testing::k004});
  EXPECT_EQ(search({.query = "outlet:Sputnik"}).total, 0u);
  EXPECT_EQ(testing::hit_ids(search({.query = "source:sputnik"})),
            std::set<std::string>{testing::k004});
  // Two outlets OR in the request; an outlet and a query word AND.
  SearchRequest two{.query = "vizcarra"};
  two.field_filters = {{"source", "Andina"}, {"source", "Rappler"}};
  EXPECT_EQ(testing::hit_ids(search(two)),
            (std::set<std::string>{testing::k001, testing::k003}));
}

TEST_F(CorpusFieldsTest, TimelineUnderAFilterCountsEachDayOfItsMatches) {
  SearchRequest request{.query = "pompeo", .timeline_bucket = TimeBucket::kDay};
  request.filters.push_back({EntityKind::kPerson, "Vizcarra"});
  SearchResults results = search(request);
  ASSERT_GT(results.total, 0u);
  ASSERT_LT(results.total, 5u);  // the filter narrows it
  EXPECT_EQ(results.timeline.bucket, TimeBucket::kDay);
  EXPECT_EQ(results.timeline.undated, 0u);
  std::size_t sum = 0;
  for (const TimelineBucket& bucket : results.timeline.buckets) {
    sum += bucket.count;
    SearchRequest that_day = request;
    that_day.published_from = that_day.published_to = bucket.start;
    EXPECT_EQ(search(that_day).total, bucket.count) << bucket.start.time_since_epoch().count();
  }
  EXPECT_EQ(sum, results.total);
  // The timeline runs from the first dated match to the last, zeros included.
  ASSERT_FALSE(results.timeline.buckets.empty());
  const auto& buckets = results.timeline.buckets;
  EXPECT_GT(buckets.front().count, 0u);
  EXPECT_GT(buckets.back().count, 0u);
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_EQ(buckets[i].start - buckets[i - 1].start, days(1));
  }
}

TEST_F(CorpusFieldsTest, TimelineBucketsByWeekAndAutomatically) {
  SearchResults automatic = search({.query = "pompeo"});
  // 2019-04-09 to 2019-04-18: ten days, so days.
  EXPECT_EQ(automatic.timeline.bucket, TimeBucket::kDay);
  ASSERT_EQ(automatic.timeline.buckets.size(), 10u);
  EXPECT_EQ(automatic.timeline.buckets.front().start, day(2019, 4, 9));
  EXPECT_EQ(automatic.timeline.buckets[4].count, 2u);  // April 13: Rappler and Sputnik

  SearchResults weekly = search({.query = "pompeo", .timeline_bucket = TimeBucket::kWeek});
  // ISO weeks starting Monday 8 April (9, 12, 13, 13) and Monday 15 April (18).
  ASSERT_EQ(weekly.timeline.buckets.size(), 2u);
  EXPECT_EQ(weekly.timeline.buckets[0].start, day(2019, 4, 8));
  EXPECT_EQ(weekly.timeline.buckets[0].count, 4u);
  EXPECT_EQ(weekly.timeline.buckets[1].start, day(2019, 4, 15));
  EXPECT_EQ(weekly.timeline.buckets[1].count, 1u);
}

TEST_F(CorpusFieldsTest, TwoLocalShardsCountLikeOneIndex) {
  ScratchDir shards("fields-shards");
  std::vector<std::string> paths;
  {
    std::vector<IndexWriter> writers;
    for (int k = 0; k < 2; ++k) {
      paths.push_back((shards / ("shard-" + std::to_string(k))).string());
      auto writer = IndexWriter::Open(paths.back());
      ASSERT_TRUE(writer);
      writers.push_back(std::move(*writer));
    }
    auto read = read_json_lines(scratch_->path() / "corpus.jsonl", [&](Document&& document) {
      std::size_t shard = shard_of(document.id, 2);
      return writers[shard].add_or_replace(std::move(document));
    });
    ASSERT_TRUE(read);
    for (IndexWriter& writer : writers) ASSERT_TRUE(writer.commit());
  }
  auto sharded = Searcher::Open(paths);
  ASSERT_TRUE(sharded) << sharded.error().to_string();
  for (const char* query : {"pompeo", "venezuela", "vizcarra OR maduro", "\"secretary of state\""}) {
    SearchRequest request{.query = query, .timeline_bucket = TimeBucket::kDay};
    SearchResults one = search(request);
    auto both = sharded->search(request);
    ASSERT_TRUE(both) << both.error().to_string();
    EXPECT_EQ(both->total, one.total) << query;
    ASSERT_EQ(both->field_facets.size(), one.field_facets.size()) << query;
    for (std::size_t i = 0; i < one.field_facets.size(); ++i) {
      EXPECT_EQ(counts_of(&both->field_facets[i]), counts_of(&one.field_facets[i])) << query;
    }
    EXPECT_EQ(both->timeline.undated, one.timeline.undated) << query;
    ASSERT_EQ(both->timeline.buckets.size(), one.timeline.buckets.size()) << query;
    for (std::size_t i = 0; i < one.timeline.buckets.size(); ++i) {
      EXPECT_EQ(both->timeline.buckets[i].start, one.timeline.buckets[i].start) << query;
      EXPECT_EQ(both->timeline.buckets[i].count, one.timeline.buckets[i].count) << query;
    }
  }
}

// ---------------------------------------------------------------------------
// A BBC-like set: category folders, one article without a date.

class BbcFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto write = [&](const std::string& relative, const std::string& text) {
      std::filesystem::create_directories((scratch_ / "bbc" / relative).parent_path());
      std::ofstream(scratch_ / "bbc" / relative) << text;
    };
    write("business/001.txt", "Oil prices rise\nOil prices rose in London on Monday.\n");
    write("business/002.txt", "Shares fall\nShares fell in London as oil prices rose.\n");
    write("business/003.txt", "Bank profits up\nThe bank reported profits in London.\n");
    write("sport/001.txt", "Arsenal win the cup\nArsenal beat Chelsea in London.\n");
    write("sport/002.txt", "Oil sponsor for league\nAn oil company sponsors the league.\n");
    write("tech/001.txt", "New phone launched\nA phone maker launched a phone in Seoul.\n");
    index_file(index_, scratch_ / "bbc", {.field_from_folder = "category"});
  }
  Searcher open() {
    auto opened = Searcher::Open(index_);
    EXPECT_TRUE(opened) << opened.error().to_string();
    return std::move(*opened);
  }

  ScratchDir scratch_{"fields-bbc"};
  std::filesystem::path index_ = scratch_ / "index";
};

TEST_F(BbcFieldsTest, CategoryFacetAndFilterAgree) {
  Searcher searcher = open();
  auto names = searcher.field_names();
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, std::vector<std::string>{"category"});
  auto results = searcher.search({.query = "oil"});
  ASSERT_TRUE(results);
  EXPECT_EQ(results->total, 3u);
  const FieldFacet* categories = field_facet(*results, "category");
  ASSERT_NE(categories, nullptr);
  EXPECT_EQ(categories->distinct, 2u);
  ASSERT_EQ(categories->top.size(), 2u);
  EXPECT_EQ(categories->top[0].key, "business");  // most frequent first
  EXPECT_EQ(categories->top[0].count, 2u);
  EXPECT_EQ(categories->top[1].key, "sport");
  EXPECT_EQ(categories->top[1].count, 1u);
  for (const FacetValue& value : categories->top) {
    SearchRequest request{.query = "oil"};
    request.field_filters.push_back({"category", value.key});
    auto filtered = searcher.search(request);
    ASSERT_TRUE(filtered);
    EXPECT_EQ(filtered->total, value.count);
    // The same filter in the query syntax.
    auto typed = searcher.search({.query = "oil category:" + value.key});
    ASSERT_TRUE(typed);
    EXPECT_EQ(testing::hit_ids(*typed), testing::hit_ids(*filtered));
  }
  // Every article is undated here: the timeline says so.
  EXPECT_TRUE(results->timeline.buckets.empty());
  EXPECT_EQ(results->timeline.undated, 3u);
  // get() returns the field.
  auto stored = searcher.get("sport/002");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields, (std::vector<Field>{{"category", "sport"}}));
}

TEST_F(BbcFieldsTest, MultiValuedFieldsAndFiltersAcrossFields) {
  {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(
        {.id = "tagged",
         .title = "Oil and football",
         .body = "Oil money in football.",
         .published = day(2005, 3, 1),
         .fields = {{"category", "sport"}, {"tag", "oil"}, {"tag", "football"}}}));
    ASSERT_TRUE(writer->commit());
  }
  Searcher searcher = open();
  auto results = searcher.search({.query = "oil"});
  ASSERT_TRUE(results);
  EXPECT_EQ(results->total, 4u);
  EXPECT_EQ(counts_of(field_facet(*results, "tag")),
            (std::map<std::string, std::size_t>{{"football", 1}, {"oil", 1}}));
  EXPECT_EQ(counts_of(field_facet(*results, "category")),
            (std::map<std::string, std::size_t>{{"business", 2}, {"sport", 2}}));
  EXPECT_EQ(results->timeline.undated, 3u);
  ASSERT_EQ(results->timeline.buckets.size(), 1u);
  EXPECT_EQ(results->timeline.buckets[0].start, day(2005, 3, 1));

  // One field ORs, fields AND.
  SearchRequest request;
  request.field_filters = {{"category", "sport"}, {"category", "tech"}, {"tag", "football"}};
  auto narrowed = searcher.search(request);
  ASSERT_TRUE(narrowed);
  EXPECT_EQ(testing::hit_ids(*narrowed), std::set<std::string>{"tagged"});
  request.field_filters.pop_back();
  EXPECT_EQ(searcher.search(request)->total, 4u);  // 2 sport + 1 tech + tagged
  // The syntax: a quoted value, -field:value, OR.
  EXPECT_EQ(searcher.search({.query = "category:\"sport\" -tag:football"})->total, 2u);
  EXPECT_EQ(searcher.search({.query = "category:tech OR tag:oil"})->total, 2u);
  // Field names are ASCII case-insensitive in a query, values exact.
  EXPECT_EQ(searcher.search({.query = "Category:tech"})->total, 1u);
  EXPECT_EQ(searcher.search({.query = "category:Tech"})->total, 0u);
}

TEST_F(BbcFieldsTest, BadFieldsAndUnknownFieldsAreClearErrors) {
  auto writer = IndexWriter::Open(index_);
  ASSERT_TRUE(writer);
  for (const Field& bad : {Field{"Category", "x"}, Field{"person", "x"}, Field{"2nd", "x"},
                           Field{"category", ""}, Field{"category", std::string(201, 'x')}}) {
    auto added = writer->add_or_replace({.id = "bad", .title = "t", .fields = {bad}});
    ASSERT_FALSE(added) << bad.name;
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(added.error().message.find("field"), std::string::npos) << added.error().message;
  }
  ASSERT_TRUE(writer->commit());
  Searcher searcher = open();
  auto unknown = searcher.search({.query = "topic:oil"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kQuerySyntax);
  EXPECT_NE(unknown.error().message.find("unknown field \"topic\""), std::string::npos);
  EXPECT_NE(unknown.error().message.find("category"), std::string::npos);  // a field it has
  SearchRequest bad_filter;
  bad_filter.field_filters.push_back({"Not A Name", "x"});
  auto refused = searcher.search(bad_filter);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  // A well-formed name the index has no field of: refused as topic:oil is,
  // not an empty result.
  SearchRequest unknown_filter;
  unknown_filter.field_filters.push_back({"topic", "oil"});
  auto not_a_field = searcher.search(unknown_filter);
  ASSERT_FALSE(not_a_field);
  EXPECT_EQ(not_a_field.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(not_a_field.error().message.find("unknown field \"topic\""), std::string::npos);
  EXPECT_NE(not_a_field.error().message.find("category"), std::string::npos)
      << not_a_field.error().message;
}

TEST_F(BbcFieldsTest, AnIndexWithAFieldTypeThisVersionDoesNotKnowIsIncompatible) {
  {
    Xapian::WritableDatabase database(index_.string(), Xapian::DB_OPEN);
    database.set_metadata(std::string(index::kFieldSchemaKey), "keyword category\nnumber year\n");
    database.commit();
  }
  auto searcher = Searcher::Open(index_);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::kIncompatible);
  EXPECT_NE(searcher.error().message.find("number"), std::string::npos);
  auto writer = IndexWriter::Open(index_);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIncompatible);
}

TEST_F(BbcFieldsTest, FacetsFollowCommitsOfANewSearcherAndAnOpenOne) {
  Searcher searcher = open();
  auto before = searcher.search({.query = "phone"});
  ASSERT_TRUE(before);
  EXPECT_EQ(counts_of(field_facet(*before, "category")),
            (std::map<std::string, std::size_t>{{"tech", 1}}));
  {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace({.id = "tech/001", .title = "Phone recalled",
                                        .body = "The phone was recalled.",
                                        .fields = {{"category", "business"}}}));
    ASSERT_TRUE(writer->commit());
  }
  auto after = searcher.search({.query = "phone"});
  ASSERT_TRUE(after);
  EXPECT_EQ(counts_of(field_facet(*after, "category")),
            (std::map<std::string, std::size_t>{{"business", 1}}));
}

TEST(FieldSchema, MergedShardsKeepTheFieldsOfEveryShard) {
  ScratchDir scratch("fields-merge");
  std::vector<std::filesystem::path> shards = {scratch / "one", scratch / "two"};
  const std::vector<Field> fields[] = {{{"category", "sport"}}, {{"author", "Ann Lee"}}};
  for (std::size_t k = 0; k < 2; ++k) {
    auto writer = IndexWriter::Open(shards[k]);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(
        {.id = "doc" + std::to_string(k), .title = "Cup final", .fields = fields[k]}));
    ASSERT_TRUE(writer->commit());
  }
  ASSERT_TRUE(merge_shards(shards, scratch / "merged"));
  auto merged = Searcher::Open(scratch / "merged");
  ASSERT_TRUE(merged) << merged.error().to_string();
  EXPECT_EQ(*merged->field_names(), (std::vector<std::string>{"author", "category"}));
  auto results = merged->search({.query = "author:\"Ann Lee\""});
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ(testing::hit_ids(*results), std::set<std::string>{"doc1"});
}

TEST(FieldIngest, JsonLinesKeysBecomeFieldsAndWhatCannotIsReported) {
  ScratchDir scratch("fields-jsonl");
  std::ofstream(scratch / "in.jsonl")
      << R"({"id": "a", "title": "t", "body": "b", "Category": "sport", "tags": ["x", "y"],)"
      << R"( "year": 2005, "live": true, "extra": null, "meta": {"k": 1}, "person": "Ann"})"
      << "\n";
  std::vector<Document> read;
  auto report = read_json_lines(scratch / "in.jsonl", [&](Document&& document) {
    read.push_back(std::move(document));
    return Status{};
  });
  ASSERT_TRUE(report);
  ASSERT_EQ(read.size(), 1u);
  std::multimap<std::string, std::string> fields;
  for (const Field& field : read[0].fields) fields.emplace(field.name, field.value);
  EXPECT_EQ(fields, (std::multimap<std::string, std::string>{{"category", "sport"},
                                                              {"live", "true"},
                                                              {"tags", "x"},
                                                              {"tags", "y"},
                                                              {"year", "2005"}}));
  ASSERT_EQ(report->warnings.size(), 2u);  // "meta" (an object), "person" (built in)
  for (const SkippedInput& warning : report->warnings) EXPECT_EQ(warning.line, 1u);
}

TEST(FieldStorage, ArticlesStoredBeforeFieldsStillRead) {
  // Version 1 of the stored fields: no field list after the entities.
  std::string v1(1, '\1');
  for (std::string_view text : {"old", "Title", "Body", "Src", ""}) {
    v1.push_back(static_cast<char>(text.size()));
    v1.append(text);
  }
  v1.push_back('\0');  // no date
  v1.push_back('\0');  // no entities
  auto decoded = index::decode_stored(v1);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "old");
  EXPECT_EQ(decoded->source, "Src");
  EXPECT_TRUE(decoded->fields.empty());
  Document with_fields{.id = "new", .fields = {{"tag", "a"}, {"tag", "b"}}};
  auto round_trip = index::decode_stored(index::encode_stored(with_fields, {}));
  ASSERT_TRUE(round_trip);
  EXPECT_EQ(round_trip->fields, with_fields.fields);
}

TEST(Timeline, BucketsByMonthAndYearAndWidensWhatNoOneCouldShow) {
  auto days_since_epoch = [](sys_days d) {
    return static_cast<std::int32_t>(d.time_since_epoch().count());
  };
  const std::vector<std::pair<std::int32_t, std::size_t>> spread = {
      {days_since_epoch(day(2004, 1, 31)), 2}, {days_since_epoch(day(2004, 3, 1)), 1},
      {days_since_epoch(day(2005, 12, 31)), 4}};
  Timeline months = search::make_timeline(spread, 7, TimeBucket::kAuto);
  EXPECT_EQ(months.bucket, TimeBucket::kMonth);  // 700 days
  ASSERT_EQ(months.buckets.size(), 24u);         // January 2004 to December 2005
  EXPECT_EQ(months.buckets[0].start, day(2004, 1, 1));
  EXPECT_EQ(months.buckets[0].count, 2u);
  EXPECT_EQ(months.buckets[1].count, 0u);
  EXPECT_EQ(months.buckets[2].count, 1u);
  EXPECT_EQ(months.buckets[23].count, 4u);
  EXPECT_EQ(months.undated, 7u);
  Timeline years = search::make_timeline(spread, 0, TimeBucket::kYear);
  ASSERT_EQ(years.buckets.size(), 2u);
  EXPECT_EQ(years.buckets[1].start, day(2005, 1, 1));
  EXPECT_EQ(years.buckets[1].count, 4u);
  // Days over two millennia would be 730,000 buckets (months 24,000): years.
  Timeline wide = search::make_timeline(
      {{days_since_epoch(day(1000, 1, 1)), 1}, {days_since_epoch(day(3000, 1, 1)), 1}}, 0,
      TimeBucket::kDay);
  EXPECT_EQ(wide.bucket, TimeBucket::kYear);
  EXPECT_EQ(wide.buckets.size(), 2001u);
}

}  // namespace
}  // namespace dossier
