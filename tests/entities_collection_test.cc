// Collection-level consistency (issue 10): majority kind, surnames alone.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace dossier::entities
