// Resolution within one article (entities/resolver.h) and the keys filters use.
#include "entities/resolver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "entities_resolver_support.h"

namespace dossier::entities {
namespace {

using namespace ::dossier::entities::testing;

// ---------------------------------------------------------------------------
// Resolution within one article

TEST(ResolverResolve, SurnameAndTitledMentionsJoinTheFullName) {
  Article a(
      "Secretary of State Mike Pompeo arrived in Santiago. Pompeo met Chilean President "
      "Sebastian Pinera. Secretary Pompeo criticized Nicolás Maduro. Pompeo's trip and "
      "Maduro's reply.");
  a.add(kPerson, "Mike Pompeo")
      .add(kPlace, "Santiago")
      .add(kPerson, "Pompeo")
      .add(kPerson, "Sebastian Pinera")
      .add(kPerson, "Secretary Pompeo")
      .add(kPerson, "Nicolás Maduro")
      .add(kPerson, "Pompeo's")
      .add(kPerson, "Maduro's");
  Resolver resolver;
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 4u);
  // In order of first mention.
  EXPECT_EQ(entities[0].key, "michael pompeo");  // the formal first name
  EXPECT_EQ(entities[1].key, "santiago");
  EXPECT_EQ(entities[2].key, "sebastian pinera");
  EXPECT_EQ(entities[3].key, "nicolas maduro");

  const ResolvedEntity& pompeo = entities[0];
  EXPECT_EQ(pompeo.kind, kPerson);
  EXPECT_EQ(pompeo.name, "Mike Pompeo");
  EXPECT_EQ(pompeo.mentions, 4u);
  EXPECT_EQ(pompeo.alias_keys, (std::vector<std::string>{"michael pompeo", "pompeo"}));

  const ResolvedEntity& maduro = entities[3];
  EXPECT_EQ(maduro.name, "Nicolás Maduro");
  EXPECT_EQ(maduro.mentions, 2u);
  EXPECT_TRUE(has_alias(maduro, "maduro"));
  EXPECT_EQ(maduro.alias_keys.front(), "nicolas maduro");
}

TEST(ResolverResolve, SurnameFirstStillJoinsTheFullName) {
  Article a("Maduro spoke. Later, Nicolás Maduro left.");
  a.add(kPerson, "Maduro").add(kPerson, "Nicolás Maduro");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "nicolas maduro");
  EXPECT_EQ(entities[0].name, "Nicolás Maduro");
  EXPECT_EQ(entities[0].mentions, 2u);
}

TEST(ResolverResolve, AmbiguousSurnameIsNotMerged) {
  Article a("George Bush and Jeb Bush. Bush said no.");
  a.add(kPerson, "George Bush").add(kPerson, "Jeb Bush").add(kPerson, "Bush");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_NE(find_entity(entities, kPerson, "george bush"), nullptr);
  EXPECT_NE(find_entity(entities, kPerson, "jeb bush"), nullptr);
  const ResolvedEntity* bush = find_entity(entities, kPerson, "bush");
  ASSERT_NE(bush, nullptr);
  EXPECT_EQ(bush->mentions, 1u);
  // Both full names can still be found by the surname.
  EXPECT_TRUE(has_alias(*find_entity(entities, kPerson, "george bush"), "bush"));
}

TEST(ResolverResolve, SuffixChainsResolveToTheLongestName) {
  Article a("Mario Abdo Benítez met Pompeo. Abdo Benítez smiled. Benítez left.");
  a.add(kPerson, "Mario Abdo Benítez").add(kPerson, "Abdo Benítez").add(kPerson, "Benítez");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "mario abdo benitez");
  EXPECT_EQ(entities[0].name, "Mario Abdo Benítez");
  EXPECT_EQ(entities[0].mentions, 3u);
  EXPECT_EQ(entities[0].alias_keys,
            (std::vector<std::string>{"mario abdo benitez", "abdo benitez", "benitez"}));
}

TEST(ResolverResolve, SurnameParticlesAndHyphens) {
  Article a("Bill de Blasio said. De Blasio left. Jean-Luc Mélenchon and Mélenchon.");
  a.add(kPerson, "Bill de Blasio")
      .add(kPerson, "De Blasio")
      .add(kPerson, "Jean-Luc Mélenchon")
      .add(kPerson, "Mélenchon");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].key, "william de blasio");
  EXPECT_EQ(entities[0].name, "Bill de Blasio");
  EXPECT_EQ(entities[0].mentions, 2u);
  EXPECT_EQ(entities[1].key, "jean luc melenchon");
  EXPECT_EQ(entities[1].name, "Jean-Luc Mélenchon");
  EXPECT_EQ(entities[1].mentions, 2u);
}

TEST(ResolverResolve, SpanishAcronymUsesEveryInitial) {
  Article a("El Consejo Nacional Electoral (CNE) anunció.");
  a.add(kOrg, "Consejo Nacional Electoral").add(kOrg, "CNE");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "consejo nacional electoral");
  EXPECT_TRUE(has_alias(entities[0], "cne"));
}

TEST(ResolverResolve, GenerationalSuffixIsNotTheSurname) {
  Article a("Martin Luther King Jr. spoke. King was 34.");
  a.add(kPerson, "Martin Luther King Jr.").add(kPerson, "King");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "martin luther king jr");
  EXPECT_TRUE(has_alias(entities[0], "king"));
  EXPECT_TRUE(has_alias(entities[0], "martin luther king"));
  EXPECT_FALSE(has_alias(entities[0], "jr"));
}

TEST(ResolverResolve, AccentedAndPlainSpellingsAreOneEntityWithTheAccentedName) {
  Article a("SEBASTIAN PINERA. Sebastian Pinera. Sebastián Piñera. Piñera.");
  a.add(kPerson, "SEBASTIAN PINERA")
      .add(kPerson, "Sebastian Pinera")
      .add(kPerson, "Sebastián Piñera")
      .add(kPerson, "Piñera");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "sebastian pinera");
  EXPECT_EQ(entities[0].name, "Sebastián Piñera");
  EXPECT_EQ(entities[0].mentions, 4u);
}

TEST(ResolverResolve, AcronymJoinsTheOrganisationWithThoseInitials) {
  Article a("Citizens Against Corruption (CAC) said the CAC would sue.");
  a.add(kOrg, "Citizens Against Corruption").add(kOrg, "CAC").add(kOrg, "CAC");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "citizens against corruption");
  EXPECT_EQ(entities[0].name, "Citizens Against Corruption");
  EXPECT_EQ(entities[0].mentions, 3u);
  EXPECT_EQ(entities[0].alias_keys,
            (std::vector<std::string>{"citizens against corruption", "cac"}));
}

TEST(ResolverResolve, AcronymInitialsSkipSmallWords) {
  Article a("The Bank of Central Africa (BCA) grew.");
  a.add(kOrg, "Bank of Central Africa").add(kOrg, "BCA");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "bank of central africa");
}

TEST(ResolverResolve, AmbiguousAcronymIsNotMerged) {
  Article a("Citizens Against Corruption and the Council of Agrarian Cooperatives. CAC.");
  a.add(kOrg, "Citizens Against Corruption")
      .add(kOrg, "Council of Agrarian Cooperatives")
      .add(kOrg, "CAC");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  EXPECT_EQ(entities.size(), 3u);
  EXPECT_NE(find_entity(entities, kOrg, "cac"), nullptr);
}

TEST(ResolverResolve, AliasTableResolvesCountriesAndOrganisations) {
  Article a(
      "The U.S. and the United States of America, USA, America. The OAS and the "
      "Organization of American States. The U.N. and the United Nations. The EU.");
  a.add(kPlace, "U.S.")
      .add(kPlace, "United States of America")
      .add(kPlace, "USA")
      .add(kPlace, "America")
      .add(kOrg, "OAS")
      .add(kOrg, "the Organization of American States")
      .add(kOrg, "U.N.")
      .add(kOrg, "the United Nations")
      .add(kOrg, "EU");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 4u);

  const ResolvedEntity& us = entities[0];
  EXPECT_EQ(us.kind, kPlace);
  EXPECT_EQ(us.key, "united states");
  EXPECT_EQ(us.name, "United States");
  EXPECT_EQ(us.mentions, 4u);
  for (const char* alias : {"us", "usa", "america", "united states of america"}) {
    EXPECT_TRUE(has_alias(us, alias)) << alias;
  }
  EXPECT_EQ(us.alias_keys.front(), "united states");
  std::vector<std::string> sorted = us.alias_keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicates";

  EXPECT_EQ(entities[1].key, "organization of american states");
  EXPECT_EQ(entities[1].name, "Organization of American States");
  EXPECT_EQ(entities[1].mentions, 2u);
  EXPECT_TRUE(has_alias(entities[1], "oas"));

  EXPECT_EQ(entities[2].key, "united nations");
  EXPECT_EQ(entities[2].mentions, 2u);
  EXPECT_TRUE(has_alias(entities[2], "un"));

  EXPECT_EQ(entities[3].key, "european union");
  EXPECT_EQ(entities[3].kind, kOrg);
}

TEST(ResolverResolve, ACountryIsShownAsEnglishNewsWritesIt) {
  Article a("Lima, Perú. Mexico City, México. Peru and Mexico.");
  a.add(kPlace, "Perú").add(kPlace, "México").add(kPlace, "Peru").add(kPlace, "Mexico");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].name, "Peru");
  EXPECT_EQ(entities[0].mentions, 2u);
  EXPECT_EQ(entities[1].name, "Mexico");
}

TEST(ResolverResolve, AliasesApplyOnlyToTheirKind) {
  // "America" is the country only as a place; "Washington" the person and the
  // place stay apart.
  Article a("America Ferrera visited Washington; America the band; Washington said.");
  a.add(kOrg, "America").add(kPlace, "Washington").add(kPerson, "Washington");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_EQ(entities[0].key, "america");
  EXPECT_EQ(entities[0].kind, kOrg);
  EXPECT_EQ(entities[1].key, "washington");
  EXPECT_EQ(entities[2].key, "washington");
  EXPECT_NE(entities[1].kind, entities[2].kind);
}

TEST(ResolverResolve, LeadingTheThatBelongsToTheName) {
  Article a("Judges in The Hague and in the Hague; travel to the States.");
  a.add(kPlace, "The Hague").add(kPlace, "the Hague").add(kPlace, "the States");
  std::vector<ResolvedEntity> entities = Resolver().resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].key, "the hague");
  EXPECT_EQ(entities[0].name, "The Hague");
  EXPECT_EQ(entities[0].mentions, 2u);
  EXPECT_EQ(entities[1].key, "united states");
}

TEST(ResolverResolve, UsesTextOffsetsWhenSurfaceIsEmptyAndDropsEmptyNames) {
  const std::string text = "Venezuela and \"\" and Colombia";
  std::vector<EntityMention> mentions = {
      {kPlace, 0, 9, ""},
      {kPlace, 14, 16, ""},       // just quotes
      {kPlace, 21, 29, ""},
      {kPlace, 25, 500, ""},      // out of range: ignored
  };
  std::vector<ResolvedEntity> entities = Resolver().resolve(text, mentions);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].key, "venezuela");
  EXPECT_EQ(entities[0].name, "Venezuela");
  EXPECT_EQ(entities[1].key, "colombia");
}

TEST(ResolverResolve, EmptyInput) {
  EXPECT_TRUE(Resolver().resolve("", {}).empty());
}

TEST(ResolverResolve, ManyMentionsStayFast) {
  // Per-article work is near linear: thousands of distinct names, each with
  // its surname mentioned too, resolve in well under a second even in Debug.
  std::string text;
  std::vector<EntityMention> mentions;
  for (int i = 0; i < 3000; ++i) {
    const std::string full = "Given" + std::to_string(i) + " Surname" + std::to_string(i);
    const std::string surname = "Surname" + std::to_string(i);
    mentions.push_back({kPerson, 0, 0, full});
    mentions.push_back({kPerson, 0, 0, surname});
    mentions.push_back({kOrg, 0, 0, "Org Number" + std::to_string(i)});
  }
  mentions.push_back({kOrg, 0, 0, "ON"});
  const auto start = std::chrono::steady_clock::now();
  std::vector<ResolvedEntity> entities = Resolver().resolve(text, mentions);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(entities.size(), 6001u);  // "ON" matches 3000 organisations: ambiguous
  EXPECT_EQ(entities[0].mentions, 2u);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(ResolverResolve, IsThreadSafe) {
  Article a("Mike Pompeo, Pompeo, the U.S., the OAS, Nicolás Maduro, Maduro.");
  a.add(kPerson, "Mike Pompeo")
      .add(kPerson, "Pompeo")
      .add(kPlace, "the U.S.")
      .add(kOrg, "the OAS")
      .add(kPerson, "Nicolás Maduro")
      .add(kPerson, "Maduro");
  const Resolver resolver;
  const std::vector<ResolvedEntity> expected = resolver.resolve(a.text(), a.mentions());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::vector<ResolvedEntity> got = resolver.resolve(a.text(), a.mentions());
        bool same = got.size() == expected.size();
        for (std::size_t k = 0; same && k < got.size(); ++k) {
          same = got[k].key == expected[k].key && got[k].name == expected[k].name &&
                 got[k].mentions == expected[k].mentions &&
                 got[k].alias_keys == expected[k].alias_keys;
        }
        if (!same) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
  EXPECT_EQ(expected.size(), 4u);
}

// ---------------------------------------------------------------------------
// Filters

TEST(ResolverFilterKey, MapsUserSpellingsToKeys) {
  Resolver resolver;
  EXPECT_EQ(resolver.filter_key(kPlace, "U.S."), "united states");
  EXPECT_EQ(resolver.filter_key(kPlace, "usa"), "united states");
  EXPECT_EQ(resolver.filter_key(kPlace, "United States"), "united states");
  EXPECT_EQ(resolver.filter_key(kPlace, "Britain"), "united kingdom");
  EXPECT_EQ(resolver.filter_key(kPlace, "the Hague"), "the hague");
  EXPECT_EQ(resolver.filter_key(kPlace, "Hague"), "the hague");
  EXPECT_EQ(resolver.filter_key(kOrg, "the U.N."), "united nations");
  EXPECT_EQ(resolver.filter_key(kOrg, "nato"), "nato");
  EXPECT_EQ(resolver.filter_key(kOrg, "North Atlantic Treaty Organization"), "nato");
  EXPECT_EQ(resolver.filter_key(kOrg, "WHO"), "world health organization");
  EXPECT_EQ(resolver.filter_key(kPerson, "Pompeo"), "pompeo");
  EXPECT_EQ(resolver.filter_key(kPerson, "Secretary Pompeo"), "pompeo");
  EXPECT_EQ(resolver.filter_key(kPerson, "Nicolas Maduro"), "nicolas maduro");
  EXPECT_EQ(resolver.filter_key(kPerson, "NICOLÁS MADURO"), "nicolas maduro");
  // Aliases are per kind.
  EXPECT_EQ(resolver.filter_key(kPerson, "America"), "america");
  EXPECT_EQ(resolver.filter_key(kOrg, "America"), "america");
}

TEST(ResolverFilterKey, MatchesAnAliasKeyOfTheResolvedEntity) {
  Article a("Secretary of State Mike Pompeo and Pompeo in the U.S.");
  a.add(kPerson, "Secretary of State Mike Pompeo").add(kPerson, "Pompeo").add(kPlace, "U.S.");
  Resolver resolver;
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  for (const char* spelled : {"Pompeo", "Mike Pompeo", "mike POMPEO", "Mr. Pompeo"}) {
    EXPECT_TRUE(has_alias(entities[0], resolver.filter_key(kPerson, spelled))) << spelled;
  }
  for (const char* spelled : {"US", "U.S.A.", "America", "the States"}) {
    EXPECT_TRUE(has_alias(entities[1], resolver.filter_key(kPlace, spelled))) << spelled;
  }
}

}  // namespace
}  // namespace dossier::entities
