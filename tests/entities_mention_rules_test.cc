// The rules over one article's mentions (entities/mention_rules.h), each on
// mentions built by hand so that no model decides the outcome.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
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

// The mention of `surface` where it first occurs in `text`.
EntityMention found(EntityKind kind, std::string_view text, std::string_view surface) {
  EntityMention m = mention(kind, std::string(surface));
  m.begin = text.find(surface);
  m.end = m.begin + surface.size();
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
  entities::apply_article_rules("", m);
  EXPECT_EQ(listed(m), std::vector<std::string>{"place:Brussels"});
}

TEST(MentionRules, ARacingSeriesIsNoOrganisation) {
  const std::string text = "the Mercedes Formula One team in Formula Two and F2";
  std::vector<EntityMention> m = {found(kOrg, text, "Mercedes Formula One"),
                                  found(kOrg, text, "Formula Two"), found(kOrg, text, "F2")};
  entities::apply_article_rules(text, m);
  ASSERT_EQ(listed(m), std::vector<std::string>{"organization:Mercedes"});
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "Mercedes");
}

TEST(MentionRules, ASurnameOfAnotherKindIsThePerson) {
  std::vector<EntityMention> m = {mention(kPerson, "Chase Garbers"), mention(kOrg, "Garbers"),
                                  mention(kPlace, "Chase"), mention(kOrg, "Cal Bears")};
  entities::apply_article_rules("", m);
  // Only the last word of a full name is a surname; a two-word name stays as tagged.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Chase Garbers", "person:Garbers",
                                                 "place:Chase", "organization:Cal Bears"}));
}

TEST(MentionRules, ALonePersonWordWithoutAFullNameIsDropped) {
  std::vector<EntityMention> m = {mention(kPerson, "Debenhams"), mention(kPerson, "Mike Pompeo"),
                                  mention(kPerson, "Pompeo"), mention(kPerson, "Mike"),
                                  mention(kPerson, "POMPEO"), mention(kOrg, "Arcadia")};
  entities::apply_article_rules("", m);
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Mike Pompeo", "person:Pompeo",
                                                 "person:Mike", "person:POMPEO",
                                                 "organization:Arcadia"}));
}

TEST(MentionRules, ATitledLonePersonWordIsKept) {
  const std::string text = "Secretary Pompeo met Mr. Hale; Debenhams said it would close.";
  std::vector<EntityMention> m = {found(kPerson, text, "Pompeo"), found(kPerson, text, "Hale"),
                                  found(kPerson, text, "Debenhams")};
  entities::apply_article_rules(text, m);
  // The index may know them in full from other articles; a brand has no title.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Pompeo", "person:Hale"}));
}

TEST(MentionRules, AWordWithNoCapitalIsNoName) {
  std::vector<EntityMention> m = {mention(kPlace, "midfield"), mention(kOrg, "subway"),
                                  mention(kPerson, "Ursula von der Leyen"),
                                  mention(kPlace, "\xC3\x85land")};
  entities::apply_article_rules("", m);
  EXPECT_EQ(listed(m), (std::vector<std::string>{"person:Ursula von der Leyen",
                                                 "place:\xC3\x85land"}));
}

TEST(MentionRules, APlatformNamedAsAMediumIsNoOrganisation) {
  const std::string text =
      "Robert Peston said on Twitter that he wrote to Facebook. In a Facebook video, "
      "Peter Szijjarto spoke. YouTube said it removed it.";
  std::vector<EntityMention> m = {found(kOrg, text, "Twitter"), found(kOrg, text, "Facebook"),
                                  found(kOrg, text, "YouTube")};
  m.push_back(m[1]);
  m.back().begin = text.find("Facebook video");
  m.back().end = m.back().begin + 8;
  entities::apply_article_rules(text, m);
  // The company written to and the company that speaks stay organisations.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"organization:Facebook", "organization:YouTube"}));
  EXPECT_EQ(m[0].begin, text.find("Facebook"));
}

TEST(MentionRules, AnAdministrationIsNamedByItsHead) {
  const std::string text = "critics of the Trump administration and the Labour administration";
  std::vector<EntityMention> m = {found(kOrg, text, "Trump administration"),
                                  found(kPerson, text, "administration")};
  entities::apply_article_rules(text, m);
  ASSERT_EQ(listed(m), std::vector<std::string>{"person:Trump"});
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "Trump");
}

TEST(MentionRules, ANameThatEndsWithOrRunsIntoAnEventWordIsTheEvent) {
  const std::string text =
      "at the Conservative Party Conference in Birmingham, Atlanta Games medallist and "
      "Labour Party conference; the Big East Challenge, the African National Congress and "
      "Epic Games";
  std::vector<EntityMention> m = {
      found(kOrg, text, "Conservative Party"), found(kPlace, text, "Birmingham"),
      found(kPlace, text, "Atlanta"), found(kOrg, text, "Labour Party"),
      found(kPlace, text, "Big East Challenge"), found(kOrg, text, "African National Congress"),
      found(kOrg, text, "Epic Games")};
  entities::apply_article_rules(text, m);
  // Only a capitalised event word makes the name an event's; a body or a
  // company may be named after a meeting or games.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"place:Birmingham", "organization:Labour Party",
                                                 "organization:African National Congress",
                                                 "organization:Epic Games"}));
}

TEST(MentionRules, AGenerationalSuffixIsPartOfTheName) {
  const std::string text =
      "Lloyd Austin III spoke, then Martin Luther King Jr. and Johnny Johnson IIIrd; "
      "Apollo II flew.";
  std::vector<EntityMention> m = {
      found(kPerson, text, "Lloyd Austin"), found(kPerson, text, "Martin Luther King"),
      found(kPerson, text, "Johnny Johnson"), found(kOrg, text, "Apollo")};
  entities::apply_article_rules(text, m);
  // An organisation takes no suffix; "IIIrd" is no suffix.
  EXPECT_EQ(listed(m), (std::vector<std::string>{
                           "person:Lloyd Austin III", "person:Martin Luther King Jr.",
                           "person:Johnny Johnson", "organization:Apollo"}));
  EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "Martin Luther King Jr.");
}


TEST(MentionRules, TheAgencyOfADatelineIsAnOrganisation) {
  const std::string text =
      "WASHINGTON (Sputnik) - US Secretary of State Mike Pompeo will visit Chile.\n"
      "PORTLAND, Maine (AP) \u2014 A storm hit the coast.\n"
      "Fans in Portland (Maine) - and elsewhere - cheered.\n"
      "MODERATOR (Jane Smith) - Welcome.\n";
  std::vector<EntityMention> m = {found(kPlace, text, "WASHINGTON"), found(kPlace, text, "Sputnik"),
                                  found(kPlace, text, "AP"), found(kPlace, text, "Maine) -"),
                                  found(kPerson, text, "Jane Smith")};
  // The third line's bracket follows a place in lower case: not a dateline.
  m[3].surface = "Maine";
  m[3].end = m[3].begin + 5;
  entities::apply_article_rules(text, m);
  // A person in a dateline's brackets stays a person.
  EXPECT_EQ(listed(m), (std::vector<std::string>{"place:WASHINGTON", "organization:Sputnik",
                                                 "organization:AP", "place:Maine",
                                                 "person:Jane Smith"}));
}

TEST(MentionRules, AnOrganisationStartsAfterARank) {
  const std::string text =
      "a U.S. Senior State Department Official said; the National Council of Senior "
      "Citizens, the Senior Executive Service and the Association of Former Intelligence "
      "Officers";
  std::vector<EntityMention> m = {
      found(kOrg, text, "U.S. Senior State Department"),
      found(kOrg, text, "National Council of Senior Citizens"),
      found(kOrg, text, "Senior Executive Service"),
      found(kOrg, text, "Association of Former Intelligence Officers")};
  entities::apply_article_rules(text, m);
  ASSERT_EQ(listed(m), (std::vector<std::string>{
                           "organization:State Department",
                           "organization:National Council of Senior Citizens",
                           "organization:Senior Executive Service",
                           "organization:Association of Former Intelligence Officers"}));
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "State Department");
}

}  // namespace
}  // namespace dossier
