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

void expect_same(const EntityRepresentatives& carried, const EntityRepresentatives& derived) {
  EXPECT_EQ(carried.of, derived.of);
  EXPECT_EQ(carried.documents, derived.documents);
  EXPECT_EQ(carried.maps_any, derived.maps_any);
  for (const EntityCount& key : sample_keys()) {
    EXPECT_EQ(carried.filter_terms(key.kind, key.key), derived.filter_terms(key.kind, key.key))
        << key.key;
  }
}

TEST(CarryRepresentatives, EqualsAFreshDerivationWheneverItCarries) {
  std::mt19937 random(20201201);
  std::uniform_int_distribution<std::uint32_t> count(0, 3), coin(0, 3);
  std::size_t carried_rounds = 0, refused_rounds = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<EntityCount> before = sample_keys();
    for (EntityCount& key : before) key.documents = count(random);
    std::vector<EntityCount> after = before;
    for (EntityCount& key : after) {
      if (coin(random) == 0) key.documents = count(random);
    }
    const EntityRepresentatives base = search::derive_representatives(before);
    const EntityRepresentatives derived = search::derive_representatives(after);
    if (auto carried = search::carry_representatives(base, after)) {
      ++carried_rounds;
      SCOPED_TRACE(round);
      expect_same(*carried, derived);
    } else {
      ++refused_rounds;
    }
  }
  // Both ways were taken, so the comparison above covered real carries.
  EXPECT_GT(carried_rounds, 20u);
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

  std::vector<EntityCount> added = before;  // a new key
  added.push_back({EntityKind::kOrganization, "zenith", 1});
  EXPECT_FALSE(search::carry_representatives(base, added));
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

}  // namespace
}  // namespace dossier::testing
