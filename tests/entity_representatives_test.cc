// Representatives carried over from one revision to the next must be the ones
// a fresh derivation gives, and must refuse when they would not be.
#include "search/entity_representatives.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "dossier/dossier.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

using search::EntityCount;
using search::EntityRepresentatives;

// Names that exercise both collection rules: surnames that end one or
// several people, and names tagged with more than one kind.
std::vector<EntityCount> sample_keys() {
  std::vector<EntityCount> keys = {
      {EntityKind::kPerson, "pompeo", 0},       {EntityKind::kPerson, "mike pompeo", 0},
      {EntityKind::kPerson, "abdo benitez", 0}, {EntityKind::kPerson, "mario abdo benitez", 0},
      {EntityKind::kPerson, "benitez", 0},      {EntityKind::kPerson, "trump", 0},
      {EntityKind::kPerson, "donald trump", 0}, {EntityKind::kPerson, "ivanka trump", 0},
      {EntityKind::kPerson, "lima", 0},         {EntityKind::kPerson, "chelsea", 0},
      {EntityKind::kPlace, "lima", 0},          {EntityKind::kPlace, "chelsea", 0},
      {EntityKind::kPlace, "paris", 0},         {EntityKind::kOrganization, "chelsea", 0},
      {EntityKind::kOrganization, "trump", 0},  {EntityKind::kOrganization, "apple", 0},
  };
  std::sort(keys.begin(), keys.end(), [](const EntityCount& a, const EntityCount& b) {
    return std::tie(a.kind, a.key) < std::tie(b.kind, b.key);
  });
  return keys;
}

// Keys an index may meet after sample_keys(): some stand alone, some share a
// name with a known key, end one, or are ended by one.
std::vector<EntityCount> new_key_pool() {
  return {{EntityKind::kOrganization, "zenith", 0}, {EntityKind::kPerson, "ada lovelace", 0},
          {EntityKind::kPerson, "lovelace", 0},     {EntityKind::kPerson, "melania trump", 0},
          {EntityKind::kPlace, "pompeo", 0},        {EntityKind::kPerson, "paris", 0},
          {EntityKind::kPlace, "quito", 0},         {EntityKind::kPerson, "rosa benitez", 0}};
}

void expect_same(const EntityRepresentatives& carried, const EntityRepresentatives& derived) {
  EXPECT_EQ(carried.of, derived.of);
  EXPECT_EQ(carried.documents, derived.documents);
  EXPECT_EQ(carried.maps_any, derived.maps_any);
  std::vector<EntityCount> keys = sample_keys();
  for (const EntityCount& key : new_key_pool()) keys.push_back(key);
  for (const EntityCount& key : keys) {
    EXPECT_EQ(carried.filter_terms(key.kind, key.key), derived.filter_terms(key.kind, key.key))
        << key.key;
  }
}

TEST(CarryRepresentatives, EqualsAFreshDerivationWheneverItCarries) {
  std::mt19937 random(20201201);
  std::uniform_int_distribution<std::uint32_t> count(0, 3), coin(0, 3);
  std::size_t carried_rounds = 0, refused_rounds = 0, carried_new_keys = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<EntityCount> before = sample_keys();
    for (EntityCount& key : before) key.documents = count(random);
    std::vector<EntityCount> after = before;
    for (EntityCount& key : after) {
      if (coin(random) == 0) key.documents = count(random);
    }
    // Keys new since, some tying others and some not, appended as an
    // extended column numbers them.
    for (const EntityCount& candidate : new_key_pool()) {
      if (coin(random) == 0) after.push_back({candidate.kind, candidate.key, count(random) + 1});
    }
    const EntityRepresentatives base = search::derive_representatives(before);
    const EntityRepresentatives derived = search::derive_representatives(after);
    if (auto carried = search::carry_representatives(base, after)) {
      ++carried_rounds;
      carried_new_keys += after.size() > before.size();
      SCOPED_TRACE(round);
      expect_same(*carried, derived);
    } else {
      ++refused_rounds;
    }
  }
  // Both ways were taken, so the comparison above covered real carries.
  EXPECT_GT(carried_rounds, 20u);
  EXPECT_GT(carried_new_keys, 10u);
  EXPECT_GT(refused_rounds, 20u);
}

TEST(CarryRepresentatives, RefusesWhenAKeyComesOrGoesOrANameChangesKind) {
  std::vector<EntityCount> before = sample_keys();
  for (EntityCount& key : before) key.documents = 2;
  const EntityRepresentatives base = search::derive_representatives(before);
  auto at = [&](std::vector<EntityCount>& keys, EntityKind kind, std::string_view key) -> EntityCount& {
    return *std::find_if(keys.begin(), keys.end(),
                         [&](const EntityCount& k) { return k.kind == kind && k.key == key; });
  };

  std::vector<EntityCount> more = before;  // counts move, nothing else
  at(more, EntityKind::kPerson, "mike pompeo").documents = 7;
  auto carried = search::carry_representatives(base, more);
  ASSERT_TRUE(carried);
  expect_same(*carried, search::derive_representatives(more));

  std::vector<EntityCount> gone = before;  // no article names the only Pompeo any more
  at(gone, EntityKind::kPerson, "mike pompeo").documents = 0;
  EXPECT_FALSE(search::carry_representatives(base, gone));

  // Lima: a person on the tie (the kind listed first), now mostly a place.
  std::vector<EntityCount> flipped = before;
  at(flipped, EntityKind::kPlace, "lima").documents = 5;
  EXPECT_FALSE(search::carry_representatives(base, flipped));

  // New keys that tie no other stand for themselves: carried.
  std::vector<EntityCount> added = before;
  added.push_back({EntityKind::kOrganization, "zenith", 1});
  added.push_back({EntityKind::kPerson, "ada lovelace", 2});
  auto with_new = search::carry_representatives(base, added);
  ASSERT_TRUE(with_new);
  expect_same(*with_new, search::derive_representatives(added));
  EXPECT_EQ(with_new->filter_terms(EntityKind::kPerson, "ada lovelace").size(), 1u);

  // New keys that could move what a name stands for: refused.
  const std::vector<std::vector<EntityCount>> tying = {
      {{EntityKind::kPerson, "melania trump", 1}},  // its surname is a key
      {{EntityKind::kPlace, "pompeo", 1}},          // a person has the name
      {{EntityKind::kPerson, "abdo", 1}, {EntityKind::kPerson, "rosa abdo", 1}},  // one ends the other
  };
  for (std::size_t t = 0; t < tying.size(); ++t) {
    std::vector<EntityCount> more_keys = before;
    more_keys.insert(more_keys.end(), tying[t].begin(), tying[t].end());
    EXPECT_FALSE(search::carry_representatives(base, more_keys)) << tying[t].front().key;
  }
}

TEST(SharedRepresentatives, OnePerRevisionForEveryCallerAndCarriedOverRefreshes) {
  ScratchDir scratch("shared-representatives");
  const std::filesystem::path index = scratch.path() / "index";
  index_corpus(index);
  Xapian::Database one(index.string()), two(index.string());
  const std::string uuid = one.get_uuid();
  auto first = search::SharedRepresentatives(uuid, search::SharedFacetColumn(one));
  EXPECT_EQ(first.get(), search::SharedRepresentatives(uuid, search::SharedFacetColumn(two)).get());

  // The same articles again: a new revision, the same keys and counts.
  {
    auto writer = IndexWriter::Open(index);
    ASSERT_TRUE(writer);
    auto searcher = Searcher::Open(index);
    ASSERT_TRUE(searcher);
    auto article = searcher->get(k001);
    ASSERT_TRUE(article);
    ASSERT_TRUE(writer->add_or_replace(*article));
    ASSERT_TRUE(writer->commit());
  }
  Xapian::Database later(index.string());
  auto column = search::SharedFacetColumn(later);
  ASSERT_GT(column->revision(), one.get_revision());
  auto refreshed = search::SharedRepresentatives(uuid, column);
  EXPECT_NE(refreshed.get(), first.get());
  const EntityRepresentatives derived = search::derive_representatives(column->keys());
  EXPECT_EQ(refreshed->of, derived.of);
  EXPECT_EQ(refreshed->documents, derived.documents);
}

// A column extended across commits numbers new keys after the old ones; one
// read afresh numbers them all in key order. Both must map every key alike,
// and count every article alike, also when a commit changes what an old key
// stands for (a second Trump makes "trump" alone stand for itself).
TEST(SharedRepresentatives, AnExtendedColumnMapsAndCountsAsOneReadAfresh) {
  ScratchDir scratch("extended-representatives");
  const std::filesystem::path index = scratch.path() / "index";
  index_corpus(index);
  auto commit = [&](const Document& article) {
    auto writer = IndexWriter::Open(index);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_or_replace(article));
    ASSERT_TRUE(writer->commit());
  };
  auto stands_for = [](const EntityRepresentatives& found, const search::FacetColumn& column,
                       std::string_view key) -> std::string {
    const std::int64_t at = found.find(EntityKind::kPerson, key);
    return at < 0 ? "" : column.key(found.of[static_cast<std::size_t>(at)]).key;
  };
  commit({.id = "trump-1",
          .title = "Donald Trump visits Ohio",
          .body = "President Donald Trump held a rally in Ohio on Monday. Trump told the crowd "
                  "that the economy was strong."});
  const std::string uuid = Xapian::Database(index.string()).get_uuid();
  auto before = search::SharedRepresentatives(uuid, search::SharedFacetColumn(Xapian::Database(index.string())));
  auto before_column = search::SharedFacetColumn(Xapian::Database(index.string()));
  ASSERT_EQ(stands_for(*before, *before_column, "trump"), "donald trump")
      << "the tagger should find both names";

  commit({.id = "trump-2",
          .title = "Ivanka Trump in Paris",
          .body = "Ivanka Trump, a senior adviser, met the French finance minister Bruno Le Maire "
                  "in Paris on Tuesday. Trump spoke about trade."});
  Xapian::Database database(index.string());
  auto extended = search::SharedFacetColumn(database);
  ASSERT_EQ(extended->numbering(), before_column->numbering()) << "the column was extended";
  auto built = search::FacetColumn::Build(database, database.get_revision(), /*attributes=*/true);
  auto shared = search::SharedRepresentatives(uuid, extended);
  EntityRepresentatives afresh = search::derive_representatives(built->keys(), nullptr, 0, &built->by_key());
  search::add_counted_rows(afresh, *built);

  EXPECT_EQ(stands_for(*shared, *extended, "trump"), "trump") << "two Trumps: the surname is ambiguous";
  for (std::uint32_t ordinal = 0; ordinal < extended->size(); ++ordinal) {
    const EntityCount& key = extended->key(ordinal);
    if (key.documents == 0) continue;
    const std::int64_t there = afresh.find(key.kind, key.key);
    ASSERT_GE(there, 0) << key.key;
    EXPECT_EQ(extended->key(shared->of[ordinal]).key, built->key(afresh.of[static_cast<std::size_t>(there)]).key)
        << key.key;
  }
  ASSERT_TRUE(shared->counted_rows && afresh.counted_rows);
  for (Xapian::docid docid = 1; docid <= database.get_lastdocid(); ++docid) {
    std::vector<std::string> from_extended, from_built;
    auto [begin, end] = shared->counted_rows->row(docid);
    for (auto o = begin; o != end; ++o) from_extended.push_back(extended->key(*o).key);
    auto [b2, e2] = afresh.counted_rows->row(docid);
    for (auto o = b2; o != e2; ++o) from_built.push_back(built->key(*o).key);
    std::sort(from_extended.begin(), from_extended.end());
    std::sort(from_built.begin(), from_built.end());
    EXPECT_EQ(from_extended, from_built) << "docid " << docid;
  }
}

}  // namespace
}  // namespace dossier::testing
