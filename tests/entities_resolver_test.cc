#include "entities/resolver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "entities/aliases.h"
#include "entities/display_name.h"

namespace dossier::entities {
namespace {

using ::dossier::EntityKind;
constexpr EntityKind kPerson = EntityKind::kPerson;
constexpr EntityKind kPlace = EntityKind::kPlace;
constexpr EntityKind kOrg = EntityKind::kOrganization;

// Builds the mentions a recognizer would report: each surface at its next
// occurrence in the text, in order.
class Article {
 public:
  explicit Article(std::string text) : text_(std::move(text)) {}
  Article& add(EntityKind kind, const std::string& surface) {
    std::size_t at = text_.find(surface, from_);
    if (at == std::string::npos) at = text_.find(surface);
    EXPECT_NE(at, std::string::npos) << surface;
    mentions_.push_back(EntityMention{kind, at, at + surface.size(), surface});
    if (at != std::string::npos) from_ = at + surface.size();
    return *this;
  }
  const std::string& text() const { return text_; }
  const std::vector<EntityMention>& mentions() const { return mentions_; }

 private:
  std::string text_;
  std::size_t from_ = 0;
  std::vector<EntityMention> mentions_;
};

const ResolvedEntity* find_entity(const std::vector<ResolvedEntity>& entities, EntityKind kind,
                                  std::string_view key) {
  for (const ResolvedEntity& e : entities) {
    if (e.kind == kind && e.key == key) return &e;
  }
  return nullptr;
}

bool has_alias(const ResolvedEntity& e, std::string_view alias) {
  return std::find(e.alias_keys.begin(), e.alias_keys.end(), alias) != e.alias_keys.end();
}

std::filesystem::path write_file(const std::string& name, const std::string& content) {
  std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

// ---------------------------------------------------------------------------
// Names and keys

TEST(ResolverCleanName, StripsTitlesAndHonorifics) {
  EXPECT_EQ(clean_name(kPerson, "President Nicolás Maduro"), "Nicolás Maduro");
  EXPECT_EQ(clean_name(kPerson, "Secretary of State Mike Pompeo"), "Mike Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Secretary Pompeo"), "Pompeo");
  EXPECT_EQ(clean_name(kPerson, "U.S. Secretary of State Mike Pompeo"), "Mike Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Chilean President Sebastian Pinera"), "Sebastian Pinera");
  EXPECT_EQ(clean_name(kPerson, "Foreign Minister Jorge Arreaza"), "Jorge Arreaza");
  EXPECT_EQ(clean_name(kPerson, "Minister of Foreign Affairs Jorge Arreaza"), "Jorge Arreaza");
  EXPECT_EQ(clean_name(kPerson, "Prime Minister Theresa May"), "Theresa May");
  EXPECT_EQ(clean_name(kPerson, "Mr. Pompeo"), "Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Mrs. Clinton"), "Clinton");
  EXPECT_EQ(clean_name(kPerson, "Ms Ardern"), "Ardern");
  EXPECT_EQ(clean_name(kPerson, "Dr. Anthony Fauci"), "Anthony Fauci");
  EXPECT_EQ(clean_name(kPerson, "Sen. Marco Rubio"), "Marco Rubio");
  EXPECT_EQ(clean_name(kPerson, "Gen. Vladimir Padrino"), "Vladimir Padrino");
  EXPECT_EQ(clean_name(kPerson, "Chancellor Angela Merkel"), "Angela Merkel");
  EXPECT_EQ(clean_name(kPerson, "King Felipe VI"), "Felipe VI");
  EXPECT_EQ(clean_name(kPerson, "Queen Elizabeth II"), "Elizabeth II");
  EXPECT_EQ(clean_name(kPerson, "Pope Francis"), "Francis");
  EXPECT_EQ(clean_name(kPerson, "former President Barack Obama"), "Barack Obama");
  EXPECT_EQ(clean_name(kPerson, "Attorney General William Barr"), "William Barr");
  EXPECT_EQ(clean_name(kPerson, "Justice Sonia Sotomayor"), "Sonia Sotomayor");
  EXPECT_EQ(clean_name(kPerson, "House Speaker Nancy Pelosi"), "Nancy Pelosi");
  EXPECT_EQ(clean_name(kPerson, "U.N. Secretary-General António Guterres"), "António Guterres");
  EXPECT_EQ(clean_name(kPerson, "First Lady Melania Trump"), "Melania Trump");
  EXPECT_EQ(clean_name(kPerson, "United States Secretary of State Michael R. Pompeo"),
            "Michael R. Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Foreign Affairs Minister Nestor Popolizio"), "Nestor Popolizio");
  EXPECT_EQ(clean_name(kPerson, "Venezuelan opposition leader Juan Guaidó"), "Juan Guaidó");
}

TEST(ResolverCleanName, KeepsNamesThatOnlyLookLikeTitles) {
  // A title needs a name after it; a lone "King" or "Major" is a surname.
  EXPECT_EQ(clean_name(kPerson, "King"), "King");
  EXPECT_EQ(clean_name(kPerson, "Major"), "Major");
  EXPECT_EQ(clean_name(kPerson, "Martin Luther King Jr."), "Martin Luther King Jr.");
  EXPECT_EQ(clean_name(kPerson, "Lady Gaga"), "Lady Gaga");
  EXPECT_EQ(clean_name(kPerson, "the Pope"), "Pope");
  EXPECT_EQ(clean_name(kPerson, "the Rev. Al Sharpton"), "Al Sharpton");
  EXPECT_EQ(clean_name(kPerson, "Chief Keef"), "Chief Keef");
  // Titles are for people only.
  EXPECT_EQ(clean_name(kOrg, "General Motors"), "General Motors");
}

TEST(ResolverCleanName, StripsPossessivesQuotesAndLeadingThe) {
  EXPECT_EQ(clean_name(kPerson, "Pompeo's"), "Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Pompeo\u2019s"), "Pompeo");
  EXPECT_EQ(clean_name(kPerson, "Chavez'"), "Chavez");
  EXPECT_EQ(clean_name(kPerson, "Secretary of State Mike Pompeo's"), "Mike Pompeo");
  EXPECT_EQ(clean_name(kPerson, "\u201cMaduro\u201d,"), "Maduro");
  EXPECT_EQ(clean_name(kPerson, "  Nicolás \n Maduro "), "Nicolás Maduro");
  EXPECT_EQ(clean_name(kOrg, "the United Nations"), "United Nations");
  EXPECT_EQ(clean_name(kOrg, "The United Nations'"), "United Nations");
  EXPECT_EQ(clean_name(kPlace, "the Netherlands"), "Netherlands");
  EXPECT_EQ(clean_name(kPlace, "U.S."), "U.S.");
  EXPECT_EQ(clean_name(kPerson, "\"\u2014"), "");
}

TEST(ResolverNameKey, FoldsCaseAccentsDotsAndSpaces) {
  EXPECT_EQ(name_key("Nicolás Maduro"), "nicolas maduro");
  EXPECT_EQ(name_key("Sebastián  Piñera"), "sebastian pinera");
  EXPECT_EQ(name_key("SEBASTIAN PINERA"), "sebastian pinera");
  EXPECT_EQ(name_key("U.S."), "us");
  EXPECT_EQ(name_key("U. S."), "u s");  // spaced initials stay separate words
  EXPECT_EQ(name_key("Jean-Luc Mélenchon"), "jean luc melenchon");
  EXPECT_EQ(name_key("Côte d\u2019Ivoire"), "cote d'ivoire");
  EXPECT_EQ(name_key("Washington, D.C."), "washington dc");
  EXPECT_EQ(name_key("Lech Wałęsa"), "lech walesa");
  EXPECT_EQ(name_key(""), "");
  // Invalid UTF-8 is repaired, not a crash.
  EXPECT_FALSE(name_key("Ma\xFF" "duro").empty());
}

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

// ---------------------------------------------------------------------------
// Display names across articles

TEST(ResolverBetterDisplayName, PrefersWholeWordsThenFewerInitialsThenAccentsThenNotAllCaps) {
  using R = Resolver;
  EXPECT_TRUE(better_display_name("Sebastián Piñera", "Sebastian Pinera"));
  EXPECT_FALSE(better_display_name("Sebastian Pinera", "Sebastián Piñera"));
  EXPECT_TRUE(better_display_name("Sebastián Piñera", "Sebastian Piñera"));
  EXPECT_TRUE(better_display_name("Mike Pompeo", "Pompeo"));
  EXPECT_FALSE(better_display_name("Pompeo", "Mike Pompeo"));
  // Words count before accents.
  EXPECT_TRUE(better_display_name("Sebastian Pinera Echenique", "Sebastián Piñera"));
  // Initials are not words, and the form without them reads as people write it.
  EXPECT_TRUE(better_display_name("Mike Pompeo", "Michael R. Pompeo"));
  EXPECT_FALSE(better_display_name("Michael R. Pompeo", "Mike Pompeo"));
  EXPECT_TRUE(better_display_name("Michael Richard Pompeo", "Mike Pompeo"));
  EXPECT_FALSE(better_display_name("Mario Abdo", "Mario A. Benítez Abdo"));
  // Then title case over all capitals.
  EXPECT_TRUE(better_display_name("Nicolás Maduro", "NICOLÁS MADURO"));
  EXPECT_FALSE(better_display_name("NICOLÁS MADURO", "Nicolás Maduro"));
  EXPECT_FALSE(better_display_name("NICOLAS MADURO", "Nicolas Maduro"));
  // Equal is not better: the first one seen stays.
  EXPECT_FALSE(better_display_name("Mike Pompeo", "Mike Pompeo"));
  EXPECT_FALSE(better_display_name("", ""));
  EXPECT_TRUE(better_display_name("Pompeo", ""));
}

// ---------------------------------------------------------------------------
// Alias files

TEST(ResolverAliasFile, LoadsTheExampleFile) {
  Resolver resolver;
  const std::filesystem::path example =
      std::filesystem::path(DOSSIER_SOURCE_DIR) / "data" / "aliases.example.txt";
  ASSERT_TRUE(resolver.add_alias_file(example)) << example;
  EXPECT_EQ(resolver.filter_key(kPerson, "Maduro Moros"), "nicolas maduro");
  EXPECT_EQ(resolver.filter_key(kPerson, "Michael R. Pompeo"), "mike pompeo");
  EXPECT_EQ(resolver.filter_key(kOrg, "Grupo de Lima"), "lima group");  // built in
  EXPECT_EQ(resolver.filter_key(kOrg, "Dems"), "democratic party");
  EXPECT_EQ(resolver.filter_key(kPlace, "Bolivarian Republic of Venezuela"), "venezuela");

  Article a("Michael R. Pompeo met Maduro Moros. Nicolas Maduro. Maduro.");
  a.add(kPerson, "Michael R. Pompeo")
      .add(kPerson, "Maduro Moros")
      .add(kPerson, "Nicolas Maduro")
      .add(kPerson, "Maduro");
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].key, "mike pompeo");
  EXPECT_EQ(entities[0].name, "Mike Pompeo");  // the file's canonical name
  EXPECT_TRUE(has_alias(entities[0], "michael pompeo"));
  EXPECT_TRUE(has_alias(entities[0], "pompeo"));
  EXPECT_EQ(entities[1].key, "nicolas maduro");
  EXPECT_EQ(entities[1].name, "Nicolás Maduro");  // accented, from the file
  EXPECT_EQ(entities[1].mentions, 3u);
  EXPECT_TRUE(has_alias(entities[1], "maduro moros"));
}

TEST(ResolverAliasFile, AcceptsCommentsBlankLinesBomCrlfAndOrg) {
  Resolver resolver;
  auto path = write_file("aliases_ok.txt",
                         "\xEF\xBB\xBF# comment\r\n"
                         "\r\n"
                         "   \n"
                         "org\tAcme Widgets Inc.\tAcme\tAWI\t\r\n"
                         "  # indented comment\n"
                         "PLACE\tGotham City\tGotham\n");
  ASSERT_TRUE(resolver.add_alias_file(path));
  EXPECT_EQ(resolver.filter_key(kOrg, "ACME"), "acme widgets inc");
  EXPECT_EQ(resolver.filter_key(kOrg, "A.W.I."), "acme widgets inc");
  EXPECT_EQ(resolver.filter_key(kPlace, "Gotham"), "gotham city");
  Article a("Acme said. Gotham.");
  a.add(kOrg, "Acme").add(kPlace, "Gotham");
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].name, "Acme Widgets Inc.");
  EXPECT_EQ(entities[0].alias_keys,
            (std::vector<std::string>{"acme widgets inc", "acme", "awi"}));
}

TEST(ResolverAliasFile, MissingFileIsNotFound) {
  Resolver resolver;
  Status status = resolver.add_alias_file("/nonexistent/dossier/aliases.txt");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
  EXPECT_NE(status.error().message.find("/nonexistent/dossier/aliases.txt"), std::string::npos);
}

struct BadLine {
  const char* content;
  int line;
  const char* words;  // expected in the message
};

TEST(ResolverAliasFile, BadLinesNamePathLineAndProblem) {
  const BadLine cases[] = {
      {"# ok\nperson\tMike Pompeo\nanimal\tRex\tDog\n", 3, "unknown kind 'animal'"},
      {"person Mike Pompeo Pompeo\n", 1, "no tab"},  // spaces, not tabs
      {"\nplace\n", 2, "no tab"},
      {"place\t\tGotham\n", 1, "missing canonical name"},
      {"place\t...\n", 1, "no letters"},
      {"place\tGotham\t--\n", 1, "alias '--' has no letters"},
      {"place\tGotham\tMetro\nplace\tMetropolis\tMetro\n", 2, "line 1"},
      {"person\tNic\xFF\n", 1, "UTF-8"},
  };
  int n = 0;
  for (const BadLine& c : cases) {
    Resolver resolver;
    auto path = write_file("aliases_bad_" + std::to_string(n++) + ".txt", c.content);
    Status status = resolver.add_alias_file(path);
    ASSERT_FALSE(status) << c.content;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    const std::string where = path.string() + ":" + std::to_string(c.line) + ":";
    EXPECT_NE(status.error().message.find(where), std::string::npos)
        << status.error().message << " lacks " << where;
    EXPECT_NE(status.error().message.find(c.words), std::string::npos)
        << status.error().message << " lacks " << c.words;
  }
}

TEST(ResolverAliasFile, ConflictNamesBothEntities) {
  Resolver resolver;
  auto path = write_file("aliases_conflict.txt",
                         "place\tGotham City\tMetro\nplace\tMetropolis\tMETRO\n");
  Status status = resolver.add_alias_file(path);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("'METRO' already names 'Gotham City' (line 1)"),
            std::string::npos)
      << status.error().message;
}

TEST(ResolverAliasFile, AddsAliasTextFromMemory) {
  Resolver resolver;
  ASSERT_TRUE(resolver.add_aliases("place\tGotham City\tGotham\n", "stored aliases"));
  EXPECT_EQ(resolver.filter_key(kPlace, "Gotham"), "gotham city");
  EXPECT_TRUE(resolver.add_aliases("", "empty"));
  // A later call may take an alias over, as from the built-in table.
  ASSERT_TRUE(resolver.add_aliases("place\tMetropolis\tGotham", "more aliases"));
  EXPECT_EQ(resolver.filter_key(kPlace, "Gotham"), "metropolis");
  Status status = resolver.add_aliases("# x\nplace Krypton", "stored aliases");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message.rfind("stored aliases:2: ", 0), 0u) << status.error().message;
}

TEST(ResolverAliasFile, FailedFileChangesNothing) {
  Resolver resolver;
  auto path = write_file("aliases_partial.txt",
                         "place\tGotham City\tGotham\norganization\tUN Watch\tUN\nbogus\n");
  ASSERT_FALSE(resolver.add_alias_file(path));
  EXPECT_EQ(resolver.filter_key(kPlace, "Gotham"), "gotham");
  EXPECT_EQ(resolver.filter_key(kOrg, "UN"), "united nations");
}

TEST(ResolverAliasFile, OverridesBuiltInAliasesAndExtendsBuiltInEntities) {
  Resolver resolver;
  auto path = write_file("aliases_override.txt",
                         "organization\tUN Watch\tUN\n"
                         "place\tUnited States\tYankeeland\n");
  ASSERT_TRUE(resolver.add_alias_file(path));
  EXPECT_EQ(resolver.filter_key(kOrg, "UN"), "un watch");
  EXPECT_EQ(resolver.filter_key(kOrg, "United Nations"), "united nations");
  EXPECT_EQ(resolver.filter_key(kPlace, "Yankeeland"), "united states");
  EXPECT_EQ(resolver.filter_key(kPlace, "USA"), "united states");

  Article a("The United Nations, UN Watch and Yankeeland.");
  a.add(kOrg, "United Nations").add(kOrg, "UN Watch").add(kPlace, "Yankeeland");
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_FALSE(has_alias(entities[0], "un"));  // "un" now names UN Watch
  EXPECT_TRUE(has_alias(entities[1], "un"));
  EXPECT_EQ(entities[2].key, "united states");
  EXPECT_TRUE(has_alias(entities[2], "yankeeland"));
  EXPECT_TRUE(has_alias(entities[2], "usa"));
}

TEST(ResolverAliasFile, BuiltInTableIsConsistent) {
  // Every built-in alias leads to its own entity: none is claimed twice
  // within a kind, and none cleans down to nothing.
  Resolver resolver;
  std::size_t count = 0;
  for (const BuiltinAlias& entry : builtin_aliases()) {
    const std::string key = name_key(entry.name);
    EXPECT_EQ(resolver.filter_key(entry.kind, entry.name), key) << entry.name;
    std::string_view rest = entry.aliases;
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      const std::string_view alias = rest.substr(0, bar);
      EXPECT_EQ(resolver.filter_key(entry.kind, alias), key) << alias << " of " << entry.name;
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
    ++count;
  }
  EXPECT_GE(count, 50u);
  EXPECT_LE(count, 150u);
  EXPECT_EQ(resolver.filter_key(kPlace, "UK"), "united kingdom");
  EXPECT_EQ(resolver.filter_key(kPlace, "Great Britain"), "united kingdom");
  EXPECT_EQ(resolver.filter_key(kPlace, "U.S.S.R."), "soviet union");
  EXPECT_EQ(resolver.filter_key(kPlace, "UAE"), "united arab emirates");
  EXPECT_EQ(resolver.filter_key(kOrg, "IMF"), "international monetary fund");
  EXPECT_EQ(resolver.filter_key(kPlace, "EU"), "european union");
  EXPECT_EQ(resolver.filter_key(kPlace, "Ivory Coast"), "cote d'ivoire");
  EXPECT_EQ(resolver.filter_key(kOrg, "al Qaida"), "al qaeda");
}

TEST(ResolverPersonKeys, NicknamesAndMiddleInitialsAreOnePersonAcrossArticles) {
  Article first("Mike Pompeo arrived.");
  first.add(kPerson, "Mike Pompeo");
  Article second("Secretary of State Michael R. Pompeo spoke.");
  second.add(kPerson, "Michael R. Pompeo");
  Resolver resolver;
  std::vector<ResolvedEntity> a = resolver.resolve(first.text(), first.mentions());
  std::vector<ResolvedEntity> b = resolver.resolve(second.text(), second.mentions());
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].key, b[0].key);
  EXPECT_EQ(resolver.filter_key(kPerson, "Mike Pompeo"), a[0].key);
  EXPECT_EQ(resolver.filter_key(kPerson, "Michael Pompeo"), a[0].key);
  // The form without the middle initial, as articles mostly write him, is the
  // better display name across articles (issue 10): "Mike Pompeo".
  EXPECT_TRUE(better_display_name(a[0].name, b[0].name));
  EXPECT_FALSE(better_display_name(b[0].name, a[0].name));
}

TEST(ResolverPersonKeys, CanonicalKeyKeepsWhatIdentifiesAPerson) {
  EXPECT_EQ(canonical_person_key("mike r pompeo"), "michael pompeo");
  EXPECT_EQ(canonical_person_key("jimmy carter"), "james carter");
  EXPECT_EQ(canonical_person_key("pompeo"), "pompeo");          // one word: as it is
  EXPECT_EQ(canonical_person_key("j k rowling"), "j rowling");  // only middle initials go
  EXPECT_EQ(canonical_person_key("pat riley"), "pat riley");    // ambiguous nicknames stay
}

TEST(TakeNameParticles, SurnameParticlesBelongToTheName) {
  const std::string text = "said Ursula von der Leyen, and von der Leyen said";
  auto taken = [&](std::size_t begin, std::size_t floor, EntityKind kind = EntityKind::kPerson) {
    EntityMention m{kind, begin, begin + 5, text.substr(begin, 5)};
    take_name_particles(text, floor, m);
    EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.surface);
    return m.surface;
  };
  EXPECT_EQ(taken(20, 0), "von der Leyen");    // "Leyen" after "Ursula von der"
  EXPECT_EQ(taken(39, 0), "von der Leyen");    // the bare surname too
  EXPECT_EQ(taken(39, 33), "der Leyen");       // never into the previous mention
  EXPECT_EQ(taken(20, 0, EntityKind::kPlace), "Leyen");  // people only
  EXPECT_EQ(taken(5, 0), "Ursul");             // "said" is no particle
}

TEST(DropLeadingTitle, PersonMentionsStartAtTheName) {
  auto dropped = [](EntityKind kind, std::string surface) {
    EntityMention m{kind, 10, 10 + surface.size(), surface};
    drop_leading_title(m);
    EXPECT_EQ(m.end - m.begin, m.surface.size());
    return std::pair(m.begin, m.surface);
  };
  using Cut = std::pair<std::size_t, std::string>;
  EXPECT_EQ(dropped(EntityKind::kPerson, "President-elect Joe Biden"), Cut(26, "Joe Biden"));
  EXPECT_EQ(dropped(EntityKind::kPerson, "Secretary of State Mike Pompeo"), Cut(29, "Mike Pompeo"));
  // Not a clean cut, a possessive, or not a person: left as tagged.
  EXPECT_EQ(dropped(EntityKind::kPerson, "Mayor of London Boris Johnson").second, "Mayor of London Boris Johnson");
  EXPECT_EQ(dropped(EntityKind::kPerson, "Mike Pompeo's").second, "Mike Pompeo's");
  EXPECT_EQ(dropped(EntityKind::kOrganization, "President Hotel").second, "President Hotel");
}

}  // namespace
}  // namespace dossier::entities
