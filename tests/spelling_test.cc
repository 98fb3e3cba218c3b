// "Did you mean": corrections of misspelled query words from the index's own
// words (search/spelling.h), over corpus/ and small hand-made indexes.
#include <gtest/gtest.h>

#include "search/spelling.h"
#include "shard_server.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

std::optional<std::string> corrected(Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  auto results = searcher.search(request);
  EXPECT_TRUE(results) << query << ": " << results.error().to_string();
  return results ? results->corrected_query : std::nullopt;
}

class CorpusSpelling : public CorpusIndexTest {
 protected:
  std::optional<std::string> corrected(const std::string& query) {
    return testing::corrected(*searcher_, query);
  }
};

TEST_F(CorpusSpelling, MisspelledNamesAreCorrectedToTheIndexsSpelling) {
  EXPECT_EQ(corrected("Pompeio"), "Pompeo");
  EXPECT_EQ(corrected("Madurro"), "Maduro");
  EXPECT_EQ(corrected("Vizcara"), "Vizcarra");
  EXPECT_EQ(corrected("venezeula"), "venezuela");
}

TEST_F(CorpusSpelling, TheCorrectedQueryFindsTheArticlesOfTheIntendedWord) {
  SearchRequest request;
  request.query = "Madurro";
  SearchResults typed = search(request);
  EXPECT_TRUE(typed.hits.empty());
  ASSERT_TRUE(typed.corrected_query);
  ASSERT_EQ(typed.corrections.size(), 1u);
  EXPECT_EQ(typed.corrections[0].word, "Madurro");
  EXPECT_EQ(typed.corrections[0].suggestion, "Maduro");
  request.query = *typed.corrected_query;
  SearchResults fixed = search(request);
  request.query = "Maduro";
  EXPECT_EQ(hit_ids(fixed), hit_ids(search(request)));
  EXPECT_FALSE(hit_ids(fixed).empty());
  EXPECT_FALSE(fixed.corrected_query);
}

TEST_F(CorpusSpelling, WordsTheIndexKnowsGetNoSuggestion) {
  for (const char* query : {"Pompeo", "Maduro", "Vizcarra", "Venezuela", "refugees",
                            "Pompeo Maduro", "Piñera", "Pinera", "Peru"}) {
    EXPECT_EQ(corrected(query), std::nullopt) << query;
  }
}

TEST_F(CorpusSpelling, FoldingComesFirstSoAnUnaccentedNameIsNotCorrected) {
  // The corpus writes "Guaidó" and "Guaido": both fold to one known word.
  EXPECT_EQ(corrected("Guaido"), std::nullopt);
  EXPECT_EQ(corrected("Guaidó"), std::nullopt);
  EXPECT_EQ(corrected("Cucuta"), std::nullopt);
}

TEST_F(CorpusSpelling, OnlyTheMisspelledWordsChangeAndTheSyntaxIsKept) {
  EXPECT_EQ(corrected("\"Mike Pompeio\" Venezuela"), "\"Mike Pompeo\" Venezuela");
  EXPECT_EQ(corrected("title:Pompeio -Madurro"), "title:Pompeo -Maduro");
  EXPECT_EQ(corrected("(Pompeio OR Madurro) AND Peru"), "(Pompeo OR Maduro) AND Peru");
  EXPECT_EQ(corrected("Pompeio NEAR/5 Madurro"), "Pompeo NEAR/5 Maduro");
  EXPECT_EQ(corrected("MADURRO  pompeio"), "MADURO  pompeo");
}

TEST_F(CorpusSpelling, FiltersWildcardsAndNumbersAreNotCorrected) {
  EXPECT_EQ(corrected("person:Pompeio"), std::nullopt);
  EXPECT_EQ(corrected("Madur*"), std::nullopt);
  EXPECT_EQ(corrected("source:Andinna"), std::nullopt);
  EXPECT_EQ(corrected("20199"), std::nullopt);
}

TEST_F(CorpusSpelling, TurnedOffItSuggestsNothing) {
  SearchRequest request;
  request.query = "Pompeio";
  request.suggest_spelling = false;
  EXPECT_FALSE(search(request).corrected_query);
}

// Articles enough for a word beside one rare word to be corrected to it
// (search/spelling.h), with two to spare (half of it is still too few).
constexpr int kFarMoreCommon = static_cast<int>(search::kRarerFactor) + 2;

Document article(const std::string& id, const std::string& body) {
  return {.id = id, .title = "Report " + id, .body = body};
}

// `common` in `common_articles` articles, `rare` in one.
void index_words(const std::filesystem::path& directory, const std::string& common,
                 int common_articles, const std::string& rare, bool dictionary = true) {
  IndexOptions options;
  options.recognize_entities = false;
  options.spelling_dictionary = dictionary;
  auto writer = IndexWriter::Open(directory, options);
  ASSERT_TRUE(writer) << writer.error().to_string();
  for (int i = 0; i < common_articles; ++i) {
    ASSERT_TRUE(writer->add_or_replace(
        article("c" + std::to_string(i), "The minister " + common + " spoke today.")));
  }
  ASSERT_TRUE(writer->add_or_replace(article("rare", "A letter from " + rare + " arrived.")));
  ASSERT_TRUE(writer->commit());
}

TEST(Spelling, ARareWordBesideAFarMoreCommonOneIsCorrected) {
  ScratchDir scratch("spelling-rare");
  index_words(scratch / "index", "Rosneft", kFarMoreCommon, "Rossneft");
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(corrected(*searcher, "Rossneft"), "Rosneft");
}

TEST(Spelling, ARareWordBesideAMerelyCommonerOneIsLeftAlone) {
  ScratchDir scratch("spelling-close");
  index_words(scratch / "index", "Rosneft", kFarMoreCommon / 4, "Rossneft");
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(corrected(*searcher, "Rossneft"), std::nullopt);
  EXPECT_EQ(corrected(*searcher, "Rosnefft"), "Rosneft");  // matches nothing
}

TEST(Spelling, WithADictionaryLongWordsAreCorrectedTwoEditsAway) {
  ScratchDir scratch("spelling-two");
  index_words(scratch / "index", "Rosneft", 5, "Gazprom");
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(corrected(*searcher, "Rasnefft"), "Rosneft");
}

TEST(Spelling, WithoutADictionaryOnlyWordsOneEditAwayAreCorrected) {
  // An index written without the dictionary, as indexes were before it.
  ScratchDir scratch("spelling-none");
  index_words(scratch / "index", "Rosneft", 5, "Gazprom", /*dictionary=*/false);
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  EXPECT_EQ(corrected(*searcher, "Rosnefft"), "Rosneft");
  EXPECT_EQ(corrected(*searcher, "Gazpron"), "Gazprom");
  EXPECT_EQ(corrected(*searcher, "Rasnefft"), std::nullopt);
  EXPECT_EQ(corrected(*searcher, "Gazprom"), std::nullopt);
}

TEST(Spelling, ADeletedArticlesWordIsNeverSuggested) {
  ScratchDir scratch("spelling-deleted");
  index_words(scratch / "index", "Rosneft", 3, "Gazprom");
  {
    auto writer = IndexWriter::Open(scratch / "index");
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->remove("rare"));
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  // No article has "gazprom" any more (nor has the dictionary: its one
  // article took it out, spelling_dictionary_test.cc).
  EXPECT_EQ(corrected(*searcher, "Gazpron"), std::nullopt);
  EXPECT_EQ(corrected(*searcher, "Rosnefft"), "Rosneft");
}

TEST(Spelling, LocalShardsShareOneDictionary) {
  ScratchDir scratch("spelling-shards");
  index_words(scratch / "a", "Rosneft", kFarMoreCommon / 2, "Gazprom");
  index_words(scratch / "b", "Rosneft", kFarMoreCommon / 2, "Rossneft");
  // Alone, shard b's rare word has a neighbour not common enough: kept.
  auto b = Searcher::Open(scratch / "b");
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(corrected(*b, "Rossneft"), std::nullopt);
  // Together, common enough: corrected; and a word only shard a has is found.
  auto both = Searcher::Open(std::vector<std::string>{(scratch / "a").string(),
                                                      (scratch / "b").string()});
  ASSERT_TRUE(both) << both.error().to_string();
  EXPECT_EQ(corrected(*both, "Rossneft"), "Rosneft");
  EXPECT_EQ(corrected(*both, "Gazpron"), "Gazprom");
}

TEST(Spelling, RemoteShardsAreCorrectedOneEditAway) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed";
  ScratchDir scratch("spelling-remote");
  index_words(scratch / "a", "Rosneft", kFarMoreCommon / 2, "Gazprom");
  index_words(scratch / "b", "Rosneft", kFarMoreCommon / 2, "Rossneft");
  ShardServer server(scratch / "a");
  ASSERT_TRUE(server.running());
  // The remote protocol carries no spelling table: the suggestion comes from
  // the terms of both shards, one edit away.
  auto both = Searcher::Open(std::vector<std::string>{server.address(), (scratch / "b").string()});
  ASSERT_TRUE(both) << both.error().to_string();
  EXPECT_EQ(corrected(*both, "Gazpron"), "Gazprom");            // only on the remote shard
  EXPECT_EQ(corrected(*both, "Rossneft"), "Rosneft");  // both shards' articles against 1
  EXPECT_EQ(corrected(*both, "Rasnefft"), std::nullopt);   // two edits away
  EXPECT_EQ(corrected(*both, "Gazprom"), std::nullopt);
}

}  // namespace
}  // namespace dossier::testing
