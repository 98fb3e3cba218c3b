// The rules over one article's mentions (entities/mention_rules.h), each on
// mentions built by hand so that no model decides the outcome.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "entities/mention_rules.h"

namespace dossier {
namespace {

EntityMention mention(EntityKind kind, std::string surface) {
  EntityMention m;
  m.kind = kind;
  m.surface = std::move(surface);
  return m;
}

std::vector<std::string> listed(const std::vector<EntityMention>& mentions) {
  std::vector<std::string> out;
  for (const EntityMention& m : mentions)
    out.push_back(std::string(to_string(m.kind)) + ":" + m.surface);
  return out;
}

constexpr EntityKind kPerson = EntityKind::kPerson;
constexpr EntityKind kPlace = EntityKind::kPlace;
constexpr EntityKind kOrg = EntityKind::kOrganization;

TEST(MentionRules, EventsDiseasesAndHandlesAreNoEntities) {
  std::vector<EntityMention> m = {mention(kPerson, "Brexit"), mention(kPlace, "BREXIT"),
                                  mention(kOrg, "COVID-19"), mention(kOrg, "@govbr"),
                                  mention(kPerson, "#MeToo"), mention(kPlace, "Brussels")};
  entities::apply_article_rules(m);
  EXPECT_EQ(listed(m), std::vector<std::string>{"place:Brussels"});
}

TEST(MentionRules, ASurnameOfAnotherKindIsThePerson) {
  std::vector<EntityMention> m = {mention(kPerson, "Chase Garbers"), mention(kOrg, "Garbers"),
                                  mention(kPlace, "Chase"), mention(kOrg, "Cal Bears")};
  entities::apply_article_rules(m);
  // Only the last word of a full name is a surname; a two-word name stays as tagged.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Chase Garbers", "person:Garbers",
                                                 "place:Chase", "organization:Cal Bears"}));
}

TEST(MentionRules, ALonePersonWordWithoutAFullNameIsDropped) {
  std::vector<EntityMention> m = {mention(kPerson, "Debenhams"), mention(kPerson, "Mike Pompeo"),
                                  mention(kPerson, "Pompeo"), mention(kPerson, "Mike"),
                                  mention(kPerson, "POMPEO"), mention(kOrg, "Arcadia")};
  entities::apply_article_rules(m);
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Mike Pompeo", "person:Pompeo",
                                                 "person:Mike", "person:POMPEO",
                                                 "organization:Arcadia"}));
}

}  // namespace
}  // namespace dossier
