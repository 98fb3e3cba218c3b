// What a reader of the five corpus articles would check: which articles a
// query finds, what a snippet marks, what an error says.
#include <gtest/gtest.h>

#include "analysis/folding.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

class CorpusSearch : public CorpusIndexTest {
 protected:
  using CorpusIndexTest::search;
  SearchResults search(const std::string& query, std::size_t limit = 10) {
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    return search(request);
  }

  std::set<std::string> found(const std::string& query) { return hit_ids(search(query)); }
};

TEST_F(CorpusSearch, AccentAndCaseFoldingFindEverySpelling) {
  std::set<std::string> pinera_articles = {k000, k001, k002, k004};
  EXPECT_EQ(found("Pinera"), pinera_articles);
  EXPECT_EQ(found("PINERA"), pinera_articles);
  EXPECT_EQ(found("Piñera"), pinera_articles);
  EXPECT_EQ(found("Cucuta"), found("Cúcuta"));
  EXPECT_EQ(found("Cucuta"), (std::set<std::string>{k000, k001, k004}));
}

TEST_F(CorpusSearch, StemmingFindsPlurals) {
  EXPECT_EQ(found("refugee"), (std::set<std::string>{k000, k001, k003, k004}));
  EXPECT_EQ(found("refugee"), found("refugees"));
}

TEST_F(CorpusSearch, SnippetMarksTheWordAsWrittenThroughFolding) {
  SearchResults results = search("pinera");
  auto article = std::find_if(results.hits.begin(), results.hits.end(),
                              [](const Hit& hit) { return hit.id == k002; });
  ASSERT_NE(article, results.hits.end());
  EXPECT_EQ(highlighted_words(article->snippet), (std::vector<std::string>{"Piñera"}));
}

TEST_F(CorpusSearch, SnippetMarksInflectedFormsOfAStemmedWord) {
  SearchResults results = search("refugee");
  ASSERT_FALSE(results.hits.empty());
  for (const Hit& hit : results.hits) {
    ASSERT_FALSE(hit.snippet.highlights.empty()) << hit.id;
    for (const std::string& word : highlighted_words(hit.snippet)) {
      EXPECT_TRUE(word == "refugees" || word == "refugee") << hit.id << ": " << word;
    }
  }
}

TEST_F(CorpusSearch, SnippetRangesAreValidBytesOfTheSnippet) {
  SearchResults results = search("Pompeo Maduro");
  ASSERT_FALSE(results.hits.empty());
  for (const Hit& hit : results.hits) {
    ASSERT_FALSE(hit.snippet.highlights.empty()) << hit.id;
    for (auto [begin, end] : hit.snippet.highlights) {
      ASSERT_LT(begin, end);
      ASSERT_LE(end, hit.snippet.text.size());
    }
    EXPECT_LE(hit.snippet.text.size(), 240u + 2 * 3 + 2);  // ellipses and a closing mark
  }
}

TEST_F(CorpusSearch, AllWordsMustMatchByDefault) {
  // Vizcarra is named in 001, 003 and 004; Cucuta in 000, 001 and 004.
  EXPECT_EQ(found("Vizcarra Cucuta"), (std::set<std::string>{k001, k004}));
  EXPECT_FALSE(search("Vizcarra Cucuta").relaxed);
}

TEST_F(CorpusSearch, RelaxesToAnyWordWhenNoArticleHasAll) {
  SearchResults results = search("APEC Cúcuta");  // APEC only in 004, which has Cucuta
  EXPECT_EQ(hit_ids(results), (std::set<std::string>{k004}));
  results = search("APEC xylophone");
  EXPECT_TRUE(results.relaxed);
  EXPECT_EQ(hit_ids(results), (std::set<std::string>{k004}));
}

TEST_F(CorpusSearch, CountOnlyRequestRelaxesLikeARankedOne) {
  // The same query gives the same total whatever the page size.
  for (std::size_t limit : {0, 1, 10}) {
    SearchRequest request;
    request.query = "APEC xylophone";
    request.limit = limit;
    request.facet_values = 0;
    SearchResults results = search(request);
    EXPECT_EQ(results.total, 1u) << "limit " << limit;
    EXPECT_TRUE(results.relaxed) << "limit " << limit;
    EXPECT_EQ(results.hits.size(), std::min<std::size_t>(limit, 1)) << "limit " << limit;
  }
}

TEST_F(CorpusSearch, NotRelaxedWhenEvenAnyWordFindsNothing) {
  SearchResults results = search("xylophone zeppelin");
  EXPECT_EQ(results.total, 0u);
  EXPECT_TRUE(results.hits.empty());
  EXPECT_FALSE(results.relaxed);
}

TEST_F(CorpusSearch, ExactTotalWithoutFacets) {
  SearchRequest request;
  request.query = "Maduro";
  request.limit = 0;
  request.facet_values = 0;
  request.exact_total = true;
  SearchResults results = search(request);
  EXPECT_TRUE(results.exact);
  EXPECT_TRUE(results.facets.empty());
  EXPECT_EQ(results.total, hit_ids(search("Maduro")).size());
  EXPECT_GT(results.total, 0u);
}

// Both ways of making a snippet (the stored word map; analysing the body
// again, as a query with a `word*` part does) mark a phrase's words only
// where the phrase occurs.
TEST(PhraseSnippets, MarkTheWordsOfEachOccurrenceAndNoOthers) {
  ScratchDir scratch("phrase-snippets");
  {
    IndexOptions options;
    options.recognize_entities = false;
    auto writer = IndexWriter::Open(scratch / "index", options);
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(Document{
        .id = "trip",
        .title = "Holiday",
        .body = "The trip to the coast was the best trip of the year, said the guide "
                "who planned the trip."}));
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  auto marked = [&](const std::string& query) {
    auto results = searcher->search(SearchRequest{.query = query});
    EXPECT_TRUE(results) << results.error().to_string();
    if (!results || results->hits.size() != 1) return std::vector<std::string>{};
    return highlighted_words(results->hits.front().snippet);
  };
  const std::vector<std::string> phrase_twice = {"The", "trip", "the", "trip"};
  EXPECT_EQ(marked("\"the trip\""), phrase_twice);
  EXPECT_EQ(marked("\"the trip\" gui*"),
            (std::vector<std::string>{"The", "trip", "guide", "the", "trip"}));
  // "trip" alone as well: every trip, but still only the phrase's "the".
  EXPECT_EQ(marked("trip \"the trip\""),
            (std::vector<std::string>{"The", "trip", "trip", "the", "trip"}));
  EXPECT_EQ(marked("trip \"the trip\" gui*"),
            (std::vector<std::string>{"The", "trip", "trip", "guide", "the", "trip"}));
  EXPECT_EQ(marked("\"the trip\" tri*"),
            (std::vector<std::string>{"The", "trip", "trip", "the", "trip"}));
}

// Where Xapian's estimate is a guess: 40 articles have both words, 15 the
// phrase, and each phrase article has a copy (another outlet, same text; the
// phrase articles differ only by a number, so some also group together).
TEST(Totals, ACountOnlyRequestCountsExactlyAndStoriesNeverExceedArticles) {
  ScratchDir scratch("count-only");
  {
    IndexOptions options;
    options.recognize_entities = false;
    auto writer = IndexWriter::Open(scratch / "index", options);
    ASSERT_TRUE(writer) << writer.error().to_string();
    for (int i = 0; i < 40; ++i) {
      const bool phrase = i < 15;
      const std::string body =
          phrase ? "Talks on oil sanctions resumed in round " + std::to_string(i) +
                       " between the delegations of the two governments today."
                 : "Oil prices rose while the sanctions debate stalled in week " +
                       std::to_string(i) + " of the parliamentary session.";
      for (const char* outlet : {"Wire", "Daily"}) {
        if (!phrase && outlet == std::string("Daily")) continue;
        ASSERT_TRUE(writer->add_or_replace(Document{.id = std::to_string(i) + outlet,
                                                    .title = "Report " + std::to_string(i),
                                                    .body = body,
                                                    .source = outlet}));
      }
    }
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::Open(scratch / "index");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest count_only{.query = "\"oil sanctions\"", .limit = 0, .facet_values = 0};
  auto counted = searcher->search(count_only);
  ASSERT_TRUE(counted) << counted.error().to_string();
  EXPECT_TRUE(counted->exact);
  EXPECT_EQ(counted->total, 30u);
  SearchRequest paged = count_only;
  paged.limit = 100;
  auto ranked = searcher->search(paged);
  ASSERT_TRUE(ranked) << ranked.error().to_string();
  EXPECT_EQ(ranked->hits.size(), 30u);
  EXPECT_EQ(ranked->total, counted->total);
  for (std::size_t limit : {1, 4, 100}) {
    SearchRequest stories = count_only;
    stories.limit = limit;
    stories.collapse_copies = true;
    auto collapsed = searcher->search(stories);
    ASSERT_TRUE(collapsed) << collapsed.error().to_string();
    EXPECT_LE(collapsed->stories, collapsed->total) << limit;
    if (limit == 100) {  // a page the matches do not fill: every count is known
      EXPECT_TRUE(collapsed->exact && collapsed->stories_exact);
      EXPECT_EQ(collapsed->total, 30u);
      EXPECT_EQ(collapsed->stories, collapsed->hits.size());  // one hit a story
    }
  }
}

TEST_F(CorpusSearch, IdsOnlyHitsAreTheSameHitsWithNothingElse) {
  SearchRequest full;
  full.query = "Maduro OR Pompeo";
  SearchRequest ids = full;
  ids.ids_only = true;
  SearchResults with_everything = search(full);
  SearchResults only_ids = search(ids);
  ASSERT_FALSE(with_everything.hits.empty());
  ASSERT_EQ(only_ids.hits.size(), with_everything.hits.size());
  EXPECT_EQ(only_ids.total, with_everything.total);
  for (std::size_t i = 0; i < only_ids.hits.size(); ++i) {
    const Hit& hit = only_ids.hits[i];
    EXPECT_EQ(hit.id, with_everything.hits[i].id);
    EXPECT_DOUBLE_EQ(hit.score, with_everything.hits[i].score);
    EXPECT_EQ(hit.rank, with_everything.hits[i].rank);
    EXPECT_FALSE(with_everything.hits[i].title.empty());
    EXPECT_TRUE(hit.title.empty());
    EXPECT_FALSE(hit.published.has_value());
    EXPECT_TRUE(hit.snippet.text.empty());
  }
}

TEST_F(CorpusSearch, AWordInCapitalsIsAnAcronymNotAStopword) {
  // "who" is a function word and dropped; "WHO" is kept, like a required word.
  EXPECT_EQ(found("who Pompeo"), found("Pompeo"));
  EXPECT_EQ(found("WHO Pompeo"), found("+who Pompeo"));
  EXPECT_NE(found("WHO Pompeo"), found("Pompeo"));
  // "US" the country, "us" the pronoun.
  EXPECT_EQ(found("US Lima"), found("+us Lima"));
  EXPECT_EQ(found("us Lima"), found("Lima"));
}

TEST_F(CorpusSearch, DroppedFunctionWordsAreNotMarkedInSnippets) {
  SearchResults results = search("the refugees");
  ASSERT_FALSE(results.hits.empty());
  for (const Hit& hit : results.hits) {
    for (const std::string& word : highlighted_words(hit.snippet)) {
      EXPECT_NE(analysis::fold(word), "the") << hit.id;
    }
  }
}

// Read in order, the marked words of a snippet for `"the Lima Group"` are
// the phrase again and again: no lone "the" of the window is marked.
TEST_F(CorpusSearch, PhraseWordsAreMarkedOnlyWhereThePhraseStands) {
  SearchResults results = search("\"the Lima Group\"");
  ASSERT_EQ(results.hits.size(), 5u);
  for (const Hit& hit : results.hits) {
    std::vector<std::string> marked;
    for (const std::string& word : highlighted_words(hit.snippet)) {
      marked.push_back(analysis::fold(word));
    }
    ASSERT_FALSE(marked.empty()) << hit.id;
    ASSERT_EQ(marked.size() % 3, 0u) << hit.id << ": " << hit.snippet.text;
    for (std::size_t i = 0; i < marked.size(); i += 3) {
      EXPECT_EQ(std::vector<std::string>(marked.begin() + i, marked.begin() + i + 3),
                (std::vector<std::string>{"the", "lima", "group"}))
          << hit.id << ": " << hit.snippet.text;
    }
  }
  // Named outside the phrase too, a word is marked wherever it stands.
  results = search("Lima \"the Lima Group\"");
  bool lone_lima = false;
  for (const Hit& hit : results.hits) {
    const std::string& text = hit.snippet.text;
    for (auto [begin, end] : hit.snippet.highlights) {
      if (analysis::fold(text.substr(begin, end - begin)) == "lima" &&
          text.compare(end, 6, " Group") != 0) {
        lone_lima = true;
      }
    }
  }
  EXPECT_TRUE(lone_lima);
}

TEST_F(CorpusSearch, BooleanOperators) {
  EXPECT_EQ(found("APEC OR Vizcarra"), (std::set<std::string>{k001, k003, k004}));
  EXPECT_EQ(found("Vizcarra NOT APEC"), (std::set<std::string>{k001, k003}));
  EXPECT_EQ(found("Vizcarra -APEC"), found("Vizcarra NOT APEC"));
  EXPECT_EQ(found("Vizcarra AND Cucuta"), found("Vizcarra Cucuta"));
  EXPECT_EQ(found("(APEC OR Vizcarra) -Cucuta"), (std::set<std::string>{k003}));
  EXPECT_EQ(found("+Vizcarra"), found("Vizcarra"));
}

TEST_F(CorpusSearch, PhrasesKeepWordOrder) {
  EXPECT_EQ(found("\"Lima Group\"").size(), 5u);
  EXPECT_TRUE(found("\"Group Lima\"").empty());
  EXPECT_EQ(found("“Lima Group”"), found("\"Lima Group\""));  // typographic quotes
}

TEST_F(CorpusSearch, HyphenatedQueryWordNeedsEveryPart) {
  EXPECT_EQ(found("Inter-American"), (std::set<std::string>{k002}));
  EXPECT_EQ(found("Inter-American"), found("inter AND american"));
  // Quoted, it is a phrase: the parts must stand together, in order.
  EXPECT_EQ(found("\"Inter-American\""), found("\"inter american\""));
  EXPECT_TRUE(found("\"American-Inter\"").empty());
}

TEST_F(CorpusSearch, LongQueriesRankArticlesMatchingAnyWord) {
  // Four words no article has together: a question, not a filter.
  SearchResults results = search("Vizcarra Cucuta APEC xylophone");
  EXPECT_FALSE(results.relaxed);
  EXPECT_EQ(hit_ids(results), (std::set<std::string>{k000, k001, k003, k004}));
  // The article with three of the four words ranks first.
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, k004);
}

TEST_F(CorpusSearch, NumbersWithSeparators) {
  EXPECT_EQ(found("730,000"), (std::set<std::string>{k000}));
  EXPECT_EQ(found("730000"), found("730,000"));
}

TEST_F(CorpusSearch, AbbreviationsWithDots) {
  EXPECT_EQ(found("U.S."), found("US"));
  EXPECT_TRUE(found("U.S.").contains(k002));
}

TEST_F(CorpusSearch, PrefixWildcard) {
  // 002 says "refuge"; the others "refugees".
  EXPECT_EQ(found("refug*"), (std::set<std::string>{k000, k001, k002, k003, k004}));
  EXPECT_EQ(found("refugee*"), found("refugee"));
  EXPECT_EQ(found("Vizc*"), found("Vizcarra"));
}

TEST_F(CorpusSearch, NearFindsWordsCloseTogether) {
  std::set<std::string> near = found("Lima NEAR/2 Group");
  EXPECT_EQ(near.size(), 5u);
  EXPECT_TRUE(found("Vizcarra NEAR/1 APEC").empty());
}

TEST_F(CorpusSearch, TitleField) {
  // Only the titles of 001 and 004 ("... Anti-Maduro Coalition", the headline
  // below Sputnik's outlet line) name Maduro; the others name him in the body.
  EXPECT_EQ(found("title:Maduro"), (std::set<std::string>{k001, k004}));
  EXPECT_GT(found("Maduro").size(), 1u);
}

TEST_F(CorpusSearch, StopwordsDoNotBlockAllWordsMatching) {
  EXPECT_EQ(found("the refugees of Venezuela"), found("refugees Venezuela"));
}

TEST_F(CorpusSearch, EmptyQueryMatchesEverything) {
  SearchResults results = search("");
  EXPECT_EQ(results.total, 5u);
  EXPECT_TRUE(results.exact);
}

TEST_F(CorpusSearch, PagingIsContiguous) {
  SearchRequest request;
  request.query = "Pompeo";
  request.limit = 2;
  auto first = searcher_->search(request);
  request.offset = 2;
  auto second = searcher_->search(request);
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->hits.size(), 2u);
  ASSERT_FALSE(second->hits.empty());
  EXPECT_EQ(second->hits.front().rank, 2u);
  EXPECT_FALSE(hit_ids(*first).contains(second->hits.front().id));
}

TEST_F(CorpusSearch, ScoresDescendWithRank) {
  SearchResults results = search("Pompeo refugees Venezuela");
  for (std::size_t i = 1; i < results.hits.size(); ++i) {
    EXPECT_GE(results.hits[i - 1].score, results.hits[i].score);
    EXPECT_EQ(results.hits[i].rank, i);
  }
}

struct BadQuery {
  std::string name;
  std::string query;
  std::string says;
  std::size_t position;
};

class QueryErrors : public CorpusSearch, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(QueryErrors, SayWhatIsWrongAndWhere) {
  SearchRequest request;
  request.query = GetParam().query;
  auto results = searcher_->search(request);
  ASSERT_FALSE(results) << request.query;
  EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
  EXPECT_NE(results.error().message.find(GetParam().says), std::string::npos)
      << results.error().message;
  EXPECT_EQ(results.error().position, GetParam().position);
}

INSTANTIATE_TEST_SUITE_P(
    CorpusSearch, QueryErrors,
    ::testing::Values(BadQuery{"UnclosedQuote", "pompeo \"lima group", "unbalanced quote", 7},
                      BadQuery{"UnclosedParenthesis", "(pompeo OR maduro", "unbalanced parenthesis", 0},
                      BadQuery{"UnopenedParenthesis", "pompeo)", "unbalanced parenthesis", 6},
                      BadQuery{"UnknownField", "titel:pompeo", "unknown field \"titel\"", 0},
                      BadQuery{"DanglingAnd", "pompeo AND", "AND needs words on both sides", 7},
                      BadQuery{"LeadingOr", "OR maduro", "OR needs words on both sides", 0},
                      BadQuery{"NearWithPhrase", "pompeo NEAR \"lima group\"", "NEAR joins single words", 7},
                      BadQuery{"NearZero", "pompeo NEAR/0 maduro", "NEAR/n needs a number", 7},
                      BadQuery{"DeepNesting", std::string(101, '(') + "x" + std::string(101, ')'),
                               "nested more than 100 deep", 100}),
    [](const ::testing::TestParamInfo<BadQuery>& info) { return info.param.name; });

TEST_F(CorpusSearch, ColonWithoutFieldIsPlainText) {
  EXPECT_EQ(found("Update: Vizcarra"), found("update Vizcarra"));
  // A pasted address is words, not an unknown field "https".
  auto results = searcher_->search({.query = "https://www.state.gov/pompeo"});
  EXPECT_TRUE(results) << results.error().to_string();
}

TEST_F(CorpusSearch, AFieldWithNothingAfterItsColonIsAnError) {
  for (const std::string query : {"person:", "pompeo title:", "place: chile", "(org:) maduro"}) {
    auto results = searcher_->search({.query = query});
    ASSERT_FALSE(results) << query;
    EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax) << query;
    EXPECT_NE(results.error().message.find("right after the colon"), std::string::npos)
        << results.error().message;
  }
}

TEST_F(CorpusSearch, TooManyWordsIsAnError) {
  std::string query;
  for (int i = 0; i < 3000; ++i) query += "word" + std::to_string(i) + " ";
  SearchRequest request;
  request.query = query;
  auto results = searcher_->search(request);
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
  EXPECT_NE(results.error().message.find("more than 1000 words"), std::string::npos);
}

TEST_F(CorpusSearch, GetReturnsStoredFields) {
  auto document = searcher_->get(k001);
  ASSERT_TRUE(document) << document.error().to_string();
  EXPECT_EQ(document->title, "Pompeo in Peru to maintain regional pressure on Venezuela's Maduro");
  EXPECT_NE(document->body.find("Vizcarra"), std::string::npos);
}

TEST_F(CorpusSearch, GetOfAnUnknownIdIsNotFound) {
  auto document = searcher_->get("no-such-article");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dossier::testing
