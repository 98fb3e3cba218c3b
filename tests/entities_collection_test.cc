// Collection-level consistency (issue 10): majority kind, surnames alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "entities/collection.h"

namespace dossier::entities {
namespace {

constexpr auto kPerson = EntityKind::kPerson;
constexpr auto kPlace = EntityKind::kPlace;
constexpr auto kOrg = EntityKind::kOrganization;

TEST(CollectionRepresentatives, TheKindMostArticlesGaveWins) {
  std::vector<CollectionEntity> entities = {
      {kPerson, "chelsea", 18}, {kOrg, "chelsea", 40}, {kPlace, "lima", 3}, {kOrg, "lima", 1},
      {kOrg, "lima group", 5}};
  auto rep = collection_representatives(entities);
  EXPECT_EQ(rep, (std::vector<std::uint32_t>{1, 1, 2, 2, 4}));
}

TEST(CollectionRepresentatives, TiesKeepTheFirstKindListed) {
  std::vector<CollectionEntity> entities = {{kPerson, "jordan", 2}, {kPlace, "jordan", 2}};
  EXPECT_EQ(collection_representatives(entities), (std::vector<std::uint32_t>{0, 0}));
}

TEST(CollectionRepresentatives, ASurnameAloneIsTheOnePersonOfThatSurname) {
  std::vector<CollectionEntity> entities = {
      {kPerson, "pompeo", 1}, {kPerson, "michael pompeo", 5},
      {kPerson, "bush", 2},   {kPerson, "george bush", 3}, {kPerson, "jeb bush", 1},
      {kPlace, "washington", 4}, {kPerson, "george washington", 1}};
  auto rep = collection_representatives(entities);
  EXPECT_EQ(rep[0], 1u);  // pompeo -> michael pompeo
  EXPECT_EQ(rep[2], 2u);  // two Bushes: the surname stays itself
  EXPECT_EQ(rep[5], 5u);  // a place is not a surname
}

TEST(CollectionRepresentatives, ATrailingPartOfOneLongerNameIsThatPerson) {
  std::vector<CollectionEntity> entities = {
      {kPerson, "abdo benitez", 1}, {kPerson, "mario abdo benitez", 1}, {kPerson, "benitez", 2},
      {kPerson, "mario", 1}};
  auto rep = collection_representatives(entities);
  EXPECT_EQ(rep[0], 1u);
  EXPECT_EQ(rep[2], 1u);  // both longer keys are the same person
  EXPECT_EQ(rep[3], 3u);  // a first name is not a tail
}

TEST(CollectionRepresentatives, AMinorityKindSurnameFollowsBothRules) {
  // "pompeo" tagged a place once, a person twice; one person ends in "pompeo".
  std::vector<CollectionEntity> entities = {
      {kPlace, "pompeo", 1}, {kPerson, "pompeo", 2}, {kPerson, "michael pompeo", 5}};
  EXPECT_EQ(collection_representatives(entities), (std::vector<std::uint32_t>{2, 2, 2}));
}

// The rules as the header states them, by brute force: the majority entry of
// each key (first listed on a tie); then, longest names first, a person that
// is its own majority stands for the one entity every longer person ending
// in its words stands for, when there is exactly one.
std::vector<std::uint32_t> by_definition(const std::vector<CollectionEntity>& entities) {
  const auto n = static_cast<std::uint32_t>(entities.size());
  std::vector<std::uint32_t> rep(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    rep[i] = i;
    for (std::uint32_t j = 0; j < n; ++j) {
      if (entities[j].key == entities[i].key && entities[j].documents > entities[rep[i]].documents) rep[i] = j;
    }
    for (std::uint32_t j = 0; j < rep[i]; ++j) {  // the first of the best
      if (entities[j].key == entities[i].key && entities[j].documents == entities[rep[i]].documents) {
        rep[i] = j;
        break;
      }
    }
  }
  auto words = [&](std::uint32_t i) { return std::count(entities[i].key.begin(), entities[i].key.end(), ' '); };
  auto is_person = [&](std::uint32_t i) { return rep[i] == i && entities[i].kind == kPerson; };
  std::vector<std::uint32_t> person(n);
  for (std::uint32_t i = 0; i < n; ++i) person[i] = i;
  for (long w = 8; w >= 0; --w) {
    for (std::uint32_t q = 0; q < n; ++q) {
      if (!is_person(q) || words(q) != w) continue;
      std::set<std::uint32_t> longer;
      for (std::uint32_t p = 0; p < n; ++p) {
        const std::string_view key = entities[p].key;
        const std::string tail = " " + std::string(entities[q].key);
        if (is_person(p) && key.size() > tail.size() && key.ends_with(tail)) longer.insert(person[p]);
      }
      if (longer.size() == 1) person[q] = *longer.begin();
    }
  }
  for (std::uint32_t i = 0; i < n; ++i) rep[i] = person[rep[i]];
  return rep;
}

TEST(CollectionRepresentatives, RandomCollectionsFollowTheRules) {
  const std::vector<std::string> first = {"mario", "mike", "ivanka", "donald", "jeb"};
  const std::vector<std::string> last = {"pompeo", "trump", "bush", "abdo benitez", "benitez", "lima"};
  std::vector<std::string> names = last;
  for (const std::string& f : first) {
    for (const std::string& l : last) names.push_back(f + " " + l);
  }
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<CollectionEntity> entities;
    std::set<std::pair<EntityKind, std::string_view>> seen;
    for (int i = 0; i < 14; ++i) {
      const std::string& name = names[random() % names.size()];
      const EntityKind kind = random() % 3 == 0 ? (random() % 2 ? kPlace : kOrg) : kPerson;
      if (!seen.insert({kind, name}).second) continue;
      entities.push_back({kind, name, static_cast<std::uint32_t>(1 + random() % 3)});
    }
    SCOPED_TRACE(round);
    EXPECT_EQ(collection_representatives(entities), by_definition(entities));
  }
}

}  // namespace
}  // namespace dossier::entities
