// Alias files (format in entities/resolver.h) and the built-in alias table.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "entities/aliases.h"
#include "entities_resolver_support.h"

namespace dossier::entities {
namespace {

using namespace ::dossier::entities::testing;

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

TEST(ResolverAliasFile, APersonIsFoundByTheFormalFirstNameArticlesAreLookedUpBy) {
  Resolver resolver;
  ASSERT_TRUE(resolver.add_aliases("person\tMike Pompeo\tPompy\tMike R. Pompeo\n", "mine"));
  for (const char* spelling : {"Pompy", "Mike Pompeo", "Michael Pompeo", "Michael R. Pompeo",
                               "Mike R. Pompeo"}) {
    EXPECT_EQ(resolver.filter_key(kPerson, spelling), "mike pompeo") << spelling;
  }
  Article a("Mike Pompeo spoke. Pompy left.");
  a.add(kPerson, "Mike Pompeo").add(kPerson, "Pompy");
  std::vector<ResolvedEntity> entities = resolver.resolve(a.text(), a.mentions());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].key, "mike pompeo");
  EXPECT_EQ(entities[0].name, "Mike Pompeo");
  EXPECT_EQ(entities[0].mentions, 2u);
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

}  // namespace
}  // namespace dossier::entities
