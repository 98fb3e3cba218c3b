// The spelling dictionary counts each article's words once
// (index/spelling_words.h, index::kSpellingCountsKey): a replaced article's
// old words and a removed article's words are taken back out, and an index
// whose counts a writer without the dictionary broke is never decremented.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>

#include "dossier/sharding.h"
#include "index/schema.h"
#include "spelling_dictionary.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

IndexOptions writer_options(bool dictionary = true) {
  IndexOptions options;
  options.recognize_entities = false;
  options.spelling_dictionary = dictionary;
  return options;
}

// Commits `articles` (id, body) as one batch; titles give no words.
void commit_articles(const std::filesystem::path& index,
                     const std::vector<std::pair<std::string, std::string>>& articles,
                     bool dictionary = true) {
  auto writer = IndexWriter::Open(index, writer_options(dictionary));
  ASSERT_TRUE(writer) << writer.error().to_string();
  for (const auto& [id, body] : articles) {
    ASSERT_TRUE(writer->add_or_replace(Document{.id = id, .title = "", .body = body}));
  }
  ASSERT_TRUE(writer->commit());
}

Dictionary dictionary_at(const std::filesystem::path& index) {
  return dictionary_of(Xapian::Database(index.string()));
}

bool counts_flagged(const std::filesystem::path& index) {
  return Xapian::Database(index.string()).get_metadata(std::string(index::kSpellingCountsKey)) ==
         "1";
}

TEST(SpellingDictionary, AReplacedArticleTakesItsOldWordsOut) {
  ScratchDir scratch("dictionary-replaced");
  const auto index = scratch / "index";
  commit_articles(index, {{"a", "Gazprom signed with Rosneft"}, {"b", "Rosneft reported profits"}});
  EXPECT_EQ(dictionary_at(index), (Dictionary{{"gazprom", 1},
                                              {"rosneft", 2},
                                              {"signed", 1},
                                              {"with", 1},
                                              {"reported", 1},
                                              {"profits", 1}}));
  commit_articles(index, {{"a", "Rosneft signed again"}});
  EXPECT_EQ(dictionary_at(index), (Dictionary{{"rosneft", 2},
                                              {"signed", 1},
                                              {"again", 1},
                                              {"reported", 1},
                                              {"profits", 1}}));
  // Replaced twice in one commit, the version added in it included.
  commit_articles(index, {{"a", "Lukoil bought Novatek"}, {"a", "Lukoil and Novatek merged"}});
  EXPECT_EQ(dictionary_at(index), (Dictionary{{"lukoil", 1},
                                              {"and", 1},
                                              {"novatek", 1},
                                              {"merged", 1},
                                              {"rosneft", 1},
                                              {"reported", 1},
                                              {"profits", 1}}));
}

TEST(SpellingDictionary, ARemovedArticleTakesItsWordsOut) {
  ScratchDir scratch("dictionary-removed");
  const auto index = scratch / "index";
  commit_articles(index, {{"a", "Gazprom signed with Rosneft"}, {"b", "Rosneft reported profits"}});
  {
    auto writer = IndexWriter::Open(index, writer_options());
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->remove("b"));
    ASSERT_TRUE(writer->remove("never-indexed"));
    ASSERT_TRUE(writer->commit());
  }
  EXPECT_EQ(dictionary_at(index),
            (Dictionary{{"gazprom", 1}, {"rosneft", 1}, {"signed", 1}, {"with", 1}}));
}

TEST(SpellingDictionary, AWriterWithoutTheDictionaryEndsTheTakingOut) {
  ScratchDir scratch("dictionary-off");
  const auto index = scratch / "index";
  commit_articles(index, {{"a", "Gazprom signed"}});
  EXPECT_TRUE(counts_flagged(index));
  // "x" gives the dictionary nothing; "y", written with it, gives "yukos".
  commit_articles(index, {{"x", "Yukos collapsed"}}, /*dictionary=*/false);
  EXPECT_FALSE(counts_flagged(index));
  commit_articles(index, {{"y", "Yukos shareholders"}});
  EXPECT_EQ(dictionary_at(index).at("yukos"), 1u);
  // Replacing "x" must not take away the "yukos" that "y" gave.
  commit_articles(index, {{"x", "Bankruptcy followed"}});
  EXPECT_EQ(dictionary_at(index).at("yukos"), 1u);
  EXPECT_FALSE(counts_flagged(index));
}

TEST(SpellingDictionary, ANewAliasFileLeavesTheCountsAsTheyWere) {
  ScratchDir scratch("dictionary-aliases");
  const auto index = scratch / "index";
  index_corpus(index);
  const Dictionary before = dictionary_at(index);
  ASSERT_GT(before.size(), 100u);
  // Open() derives every article's entities again: each is replaced by itself.
  const auto aliases = scratch / "aliases.txt";
  std::ofstream(aliases) << "organization\tLima Group\tGrupo de Lima\n";
  IndexOptions options;
  options.entity_aliases = aliases;
  ASSERT_TRUE(IndexWriter::Open(index, options));
  EXPECT_EQ(dictionary_at(index), before);
}

TEST(SpellingDictionary, MergedShardsTakeWordsOutOnlyIfEveryShardCountedThem) {
  ScratchDir scratch("dictionary-merge");
  commit_articles(scratch / "a", {{"a", "Gazprom signed"}});
  commit_articles(scratch / "b", {{"b", "Rosneft signed"}});
  commit_articles(scratch / "c", {{"c", "Lukoil signed"}}, /*dictionary=*/false);
  ASSERT_TRUE(merge_shards({scratch / "a", scratch / "b"}, scratch / "ab"));
  EXPECT_TRUE(counts_flagged(scratch / "ab"));
  EXPECT_EQ(dictionary_at(scratch / "ab"), (Dictionary{{"gazprom", 1}, {"rosneft", 1}, {"signed", 2}}));
  ASSERT_TRUE(merge_shards({scratch / "a", scratch / "c"}, scratch / "ac"));
  EXPECT_FALSE(counts_flagged(scratch / "ac"));
}

}  // namespace
}  // namespace dossier::testing
