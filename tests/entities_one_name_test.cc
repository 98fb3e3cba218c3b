// One entity, one name (issue 10) where a reader sees entities: facets count
// each article once for the entity its keys stand for across the index, and
// filtering by a facet value finds exactly the articles it counts, on one
// index and over shards alike.
//
// The tagger rarely gives one article two forms of an entity (in-article
// resolution merges "Trump" into "Donald Trump"), so the index of corpus/ is
// given such articles by hand, the way the writer stores entities
// (index/schema.h): a kEntitiesSlot entry and the filter and canonical terms
// of each key.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "index/schema.h"
#include "search/entity_representatives.h"
#include "search/facets.h"
#include "search/term_facets.h"
#include "shard_server.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

// Adds the entity (kind, key) to the article `id` of the index at `directory`.
void add_entity_form(const std::filesystem::path& directory, const std::string& id,
                     EntityKind kind, const std::string& key) {
  Xapian::WritableDatabase database(directory.string());
  const std::string id_term = index::id_term(id);
  auto posting = database.postlist_begin(id_term);
  ASSERT_NE(posting, database.postlist_end(id_term)) << id;
  Xapian::Document document = database.get_document(*posting);
  std::string keys = document.get_value(index::kEntitiesSlot);
  keys += index::entity_kind_code(kind);
  keys += key;
  keys += '\0';
  document.add_value(index::kEntitiesSlot, keys);
  document.add_boolean_term(index::entity_term(kind, key));
  document.add_boolean_term(index::canonical_entity_term(kind, key));
  database.replace_document(*posting, document);
  database.commit();
}

// corpus/ in `shards` indexes (article i in shard i % shards), where 004 names
// Donald Trump by "Trump" too, and "Asunción" (a place in 001 and 004) is an
// organisation in 001 as well and in 002 alone.
std::vector<std::string> index_with_two_forms(const ScratchDir& scratch, std::size_t shards) {
  std::vector<std::string> paths;
  std::vector<IndexWriter> writers;
  for (std::size_t s = 0; s < shards; ++s) {
    paths.push_back((scratch.path() / ("shard" + std::to_string(s))).string());
    auto writer = IndexWriter::Open(paths.back());
    EXPECT_TRUE(writer) << writer.error().to_string();
    writers.push_back(std::move(*writer));
  }
  std::map<std::string, std::size_t> shard_of_id;
  std::size_t next = 0;
  auto report = read_text_folder(kCorpusDir, [&](Document&& document) {
    const std::size_t shard = next++ % shards;
    shard_of_id[document.id] = shard;
    return writers[shard].add_or_replace(std::move(document));
  });
  EXPECT_TRUE(report);
  for (IndexWriter& writer : writers) EXPECT_TRUE(writer.commit());
  writers.clear();
  auto add = [&](const std::string& id, EntityKind kind, const std::string& key) {
    add_entity_form(paths[shard_of_id.at(id)], id, kind, key);
  };
  add(k004, EntityKind::kPerson, "trump");
  add(k001, EntityKind::kOrganization, "asuncion");
  add(k002, EntityKind::kOrganization, "asuncion");
  return paths;
}

std::map<std::string, std::size_t> facet_counts(const SearchResults& results, EntityKind kind) {
  std::map<std::string, std::size_t> counts;
  for (const Facet& facet : results.facets) {
    if (facet.kind != kind) continue;
    for (const FacetValue& value : facet.top) counts[value.key] = value.count;
  }
  return counts;
}

void expect_one_entity_one_count(Searcher& searcher) {
  SearchRequest everything{.query = "", .limit = 0, .facet_values = 1000};
  auto all = searcher.search(everything);
  ASSERT_TRUE(all) << all.error().to_string();
  const auto people = facet_counts(*all, EntityKind::kPerson);
  const auto places = facet_counts(*all, EntityKind::kPlace);
  const auto organizations = facet_counts(*all, EntityKind::kOrganization);
  // 000 and 002 ("the Trump administration") and 004 ("Donald Trump" and
  // "Trump"): each once.
  EXPECT_EQ(people.at("donald trump"), 3u);
  EXPECT_FALSE(people.contains("trump"));
  // 001 (place and organisation), 002 (organisation), 004 (place).
  EXPECT_EQ(places.at("asuncion"), 3u);
  EXPECT_FALSE(organizations.contains("asuncion"));

  for (const Facet& facet : all->facets) {
    for (const FacetValue& value : facet.top) {
      SearchRequest filtered{.query = "", .limit = 0, .facet_values = 0, .exact_total = true};
      filtered.filters = {{facet.kind, value.name}};
      auto found = searcher.search(filtered);
      ASSERT_TRUE(found);
      EXPECT_EQ(found->total, value.count) << value.name;
    }
  }
  // The minority kind's spelling finds the entity too.
  SearchRequest by_org{.query = "org:asuncion", .limit = 10, .facet_values = 0};
  auto asuncion = searcher.search(by_org);
  ASSERT_TRUE(asuncion);
  EXPECT_EQ(hit_ids(*asuncion), (std::set<std::string>{k001, k002, k004}));
  // Suggestions count articles, not forms.
  auto suggested = searcher.suggest_entities("trump", EntityKind::kPerson);
  ASSERT_TRUE(suggested);
  ASSERT_EQ(suggested->size(), 1u);
  EXPECT_EQ(suggested->front().key, "donald trump");
  EXPECT_EQ(suggested->front().count, 3u);
}

TEST(OneEntityOneName, OneIndexCountsEachArticleOncePerEntity) {
  ScratchDir scratch("one-name");
  auto paths = index_with_two_forms(scratch, 1);
  auto searcher = Searcher::Open(paths.front());
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  expect_one_entity_one_count(*searcher);
}

TEST(OneEntityOneName, ShardsCountAsOneIndexDoes) {
  ScratchDir scratch("one-name-shards");
  auto paths = index_with_two_forms(scratch, 2);
  auto searcher = Searcher::Open(paths);
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  expect_one_entity_one_count(*searcher);
}

// Over remote shards (search/term_facets.h), over every article, an entity
// of two forms is counted by the OR of their terms: an index-wide number,
// kept for the revision, so that the next such count sends no query for it
// and counts the same.
TEST(OneEntityOneName, RemoteCountsOverEveryArticleAreKeptForTheRevision) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (xapian-tools)";
  ScratchDir scratch("one-name-remote");
  auto paths = index_with_two_forms(scratch, 1);
  ShardServer server(paths.front());
  ASSERT_TRUE(server.running());
  CountingProxy proxy(server.port());
  ASSERT_TRUE(proxy.running());
  Xapian::Database remote = Xapian::Remote::open("127.0.0.1", proxy.port());
  const search::FacetTermFrequencies frequencies = search::FacetTermFrequencies::Read(remote);
  const search::EntityRepresentatives representatives =
      search::derive_representatives(frequencies.entities);
  ASSERT_TRUE(representatives.maps_any);
  auto count = [&](search::KeyedCounts& counts) {
    const std::uint64_t before = proxy.round_trips();
    search::count_by_terms(remote, Xapian::Query::MatchAll, frequencies, /*limit=*/1000, counts,
                           &representatives, /*connections=*/nullptr, /*sample=*/2);
    return proxy.round_trips() - before;
  };
  search::KeyedCounts first, second;
  const std::uint64_t first_trips = count(first);
  const std::uint64_t second_trips = count(second);
  EXPECT_FALSE(frequencies.every_article_counts.empty());
  EXPECT_LT(second_trips, first_trips);
  auto by_key = [](const search::KeyedCounts& counts) {
    std::map<std::string, std::uint32_t> keyed;
    for (const search::EntityCount& entity : counts.entities) {
      keyed[std::string(to_string(entity.kind)) + ":" + entity.key] = entity.documents;
    }
    return keyed;
  };
  const std::map<std::string, std::uint32_t> counted = by_key(first);
  EXPECT_EQ(by_key(second), counted);
  // Each article once: "Trump" is "Donald Trump" in 004, which names both.
  auto trump = counted.find("person:donald trump");
  ASSERT_NE(trump, counted.end());
  EXPECT_EQ(trump->second, 3u);
}

// One index of the two-forms articles with its facet column, the keys'
// representatives and the counted rows the facet counter reads.
struct CountedIndex {
  explicit CountedIndex(const ScratchDir& scratch)
      : database(index_with_two_forms(scratch, 1).front()),
        column(search::FacetColumn::Build(database, 0, /*attributes=*/true)),
        representatives(search::derive_representatives(column->keys())) {
    search::add_counted_rows(representatives, *column);
  }
  Xapian::Database database;
  std::shared_ptr<const search::FacetColumn> column;
  search::EntityRepresentatives representatives;
};

// The counter reads rows made once per revision (counted_rows), counts in
// batches and, past as many keys as the index has, without noting first
// counts: whatever the batches, each article counts once per entity its keys
// stand for, as the keys and their representatives say, and the tally is all
// zero again for the next search.
TEST(OneEntityOneName, CounterCountsEachArticleOncePerEntityInAnyBatches) {
  ScratchDir scratch("one-name-counter");
  const CountedIndex counted(scratch);
  const Xapian::Database& database = counted.database;
  const auto& column = counted.column;
  const search::EntityRepresentatives& representatives = counted.representatives;
  ASSERT_TRUE(representatives.maps_any);
  const Xapian::docid last = database.get_lastdocid();

  // From the column's own rows: the set of entities each article stands for.
  std::vector<std::uint32_t> expected(column->size(), 0);
  std::size_t keys_named = 0;
  for (Xapian::docid docid = 1; docid <= last; ++docid) {
    auto [begin, end] = column->entities(docid);
    keys_named += static_cast<std::size_t>(end - begin);
    std::set<std::uint32_t> stands_for;
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
      stands_for.insert(representatives.of[*ordinal]);
    }
    for (std::uint32_t entity : stands_for) ++expected[entity];
  }
  // Enough keys that counting every article goes past the sparse start.
  ASSERT_GE(keys_named, column->size());

  search::FacetTally tally;
  auto expect_counts = [&](const std::vector<std::uint32_t>& counts, const std::string& how) {
    // The ones the counter finds as counted (listed as first met, or by a
    // pass over the counters once dense).
    std::set<std::uint32_t> touched;
    tally.entities.for_each_counted(column->size(),
                                    [&](std::uint32_t ordinal) { touched.insert(ordinal); });
    for (std::uint32_t ordinal = 0; ordinal < column->size(); ++ordinal) {
      EXPECT_EQ(tally.entities.counts[ordinal], counts[ordinal])
          << how << ": " << column->key(ordinal).key;
      EXPECT_EQ(touched.contains(ordinal), counts[ordinal] > 0) << how << ": " << column->key(ordinal).key;
    }
  };
  for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{last}}) {
    for (bool told_matches : {false, true}) {
      const std::string how = "batches of " + std::to_string(batch) +
                              (told_matches ? ", told the matches" : "");
      {
        search::FacetCounter counter(column, tally, &representatives);
        // Told how many will come, it counts densely from the first documents on.
        if (told_matches) counter.expect_matches(last);
        std::vector<Xapian::docid> docids;
        for (Xapian::docid docid = 1; docid <= last; ++docid) {
          docids.push_back(docid);
          if (docids.size() == batch || docid == last) {
            counter.count(docids);
            docids.clear();
          }
        }
        counter.finish();
        expect_counts(expected, how);
        if (told_matches) EXPECT_TRUE(tally.entities.dense) << how;
      }
      for (std::uint32_t count : tally.entities.counts) ASSERT_EQ(count, 0u) << "left after " << how;
    }
  }

  // One article alone, in shard 1 of 2: column docid 2 is that shard's docid 1.
  std::vector<std::uint32_t> second(column->size(), 0);
  {
    auto [begin, end] = column->entities(2);
    std::set<std::uint32_t> stands_for;
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
      stands_for.insert(representatives.of[*ordinal]);
    }
    for (std::uint32_t entity : stands_for) ++second[entity];
  }
  search::FacetCounter counter(column, tally, &representatives);
  counter.set_shard(1, 2);
  Xapian::docid in_shard = 1;
  counter.count_in_shard(std::span(&in_shard, 1));
  counter.finish();
  expect_counts(second, "one article of shard 1 of 2");
}

// Dense counting goes to 16-bit counters (each article counts an entity at
// most once in counted_rows) and adds them into the 32-bit ones before one
// could overflow: one article counted again and again takes its entities'
// counts across 65,535, and every count stays exact, in one batch or many.
TEST(OneEntityOneName, CountsPastSixteenBitsStayExact) {
  ScratchDir scratch("one-name-wide");
  const CountedIndex counted(scratch);
  const Xapian::Database& database = counted.database;
  const auto& column = counted.column;
  const search::EntityRepresentatives& representatives = counted.representatives;
  ASSERT_TRUE(representatives.maps_any);

  // The article naming Donald Trump by two keys: its entities, each once.
  Xapian::docid twice = 0;
  std::set<std::uint32_t> stands_for;
  for (Xapian::docid docid = 1; docid <= database.get_lastdocid() && twice == 0; ++docid) {
    auto [begin, end] = column->entities(docid);
    std::set<std::uint32_t> entities;
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) {
      entities.insert(representatives.of[*ordinal]);
    }
    if (entities.size() < static_cast<std::size_t>(end - begin)) {
      twice = docid;
      stands_for = entities;
    }
  }
  ASSERT_NE(twice, 0u);

  search::FacetTally tally;
  for (std::size_t times : {std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                            std::size_t{140000}}) {
    for (std::size_t batch : {std::size_t{512}, times}) {
      const std::string how = std::to_string(times) + " times in batches of " + std::to_string(batch);
      {
        search::FacetCounter counter(column, tally, &representatives);
        counter.expect_matches(static_cast<Xapian::doccount>(times));
        const std::vector<Xapian::docid> docids(batch, twice);
        for (std::size_t counted = 0; counted < times; counted += batch) {
          counter.count(std::span(docids.data(), std::min(batch, times - counted)));
        }
        counter.finish();
        ASSERT_TRUE(tally.entities.dense) << how;
        for (std::uint32_t ordinal = 0; ordinal < column->size(); ++ordinal) {
          EXPECT_EQ(tally.entities.counts[ordinal], stands_for.contains(ordinal) ? times : 0u)
              << how << ": " << column->key(ordinal).key;
        }
      }
      for (std::uint32_t count : tally.entities.counts) ASSERT_EQ(count, 0u) << "left after " << how;
      for (std::uint16_t count : tally.narrow) ASSERT_EQ(count, 0u) << "left after " << how;
    }
  }
  // A counter dropped before finish() leaves nothing behind either.
  {
    search::FacetCounter counter(column, tally, &representatives);
    counter.expect_matches(1000);
    const std::vector<Xapian::docid> docids(1000, twice);
    counter.count(docids);
  }
  for (std::uint32_t count : tally.entities.counts) ASSERT_EQ(count, 0u) << "left unfinished";
  for (std::uint16_t count : tally.narrow) ASSERT_EQ(count, 0u) << "left unfinished";
}

}  // namespace
}  // namespace dossier::testing
