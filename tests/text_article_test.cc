// Plain-text articles: the outlet line, the headline below it, photo credits
// and whole paragraphs as titles (README.md, "Plain text input").
#include <gtest/gtest.h>

#include "ingest/text_article.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

std::map<std::string, Document> corpus_by_id() {
  std::map<std::string, Document> documents;
  auto report = read_documents(kCorpusDir, [&](Document&& document) {
    documents[document.id] = std::move(document);
    return Status{};
  });
  EXPECT_TRUE(report) << report.error().to_string();
  return documents;
}

TEST(TextArticle, CorpusTitlesAndOutlets) {
  std::map<std::string, Document> corpus = corpus_by_id();
  ASSERT_EQ(corpus.size(), 5u);
  // A photo caption: its credit goes, no headline line follows it.
  EXPECT_EQ(corpus[k000].title, "Chilean President Sebastian Pinera shaking hands with Mike Pompeo");
  EXPECT_EQ(corpus[k000].source, "");
  // A plain headline on the first line.
  EXPECT_EQ(corpus[k001].title, "Pompeo in Peru to maintain regional pressure on Venezuela's Maduro");
  EXPECT_EQ(corpus[k001].source, "");
  // A whole paragraph: its first sentence is too long, so it is cut at a word.
  EXPECT_EQ(corpus[k002].title,
            "On April 18, the Inter-American Dialogue’s Latin America Advisor published a Q&A on "
            "U.S. Secretary of State Mike Pompeo four-day visit to Latin America and…");
  EXPECT_EQ(corpus[k002].source, "");
  EXPECT_TRUE(corpus[k002].body.starts_with("On April 18, the Inter-American Dialogue’s"))
      << "the paragraph the title was cut from stays in the body";
  // Outlet lines.
  EXPECT_EQ(corpus[k003].title, "State Department: Peru, U.S. to reaffirm close partnership in Lima");
  EXPECT_EQ(corpus[k003].source, "Andina");
  EXPECT_TRUE(corpus[k003].body.starts_with("17:36 | Washington D.C."));
  EXPECT_EQ(corpus[k004].title, "Pompeo Begins Latin America Tour Intent on Boosting Anti-Maduro Coalition");
  EXPECT_EQ(corpus[k004].source, "Sputnik International");
  EXPECT_EQ(corpus[k004].body.find("Get the latest news from around the world"), std::string::npos)
      << "the site's tagline above the headline is not article text";
}

TEST(TextArticle, OutletSearchesFindTheOutletsArticles) {
  ScratchDir scratch("text-article-index");
  index_corpus(scratch.path());
  auto searcher = Searcher::Open(scratch.path());
  ASSERT_TRUE(searcher);
  auto results = searcher->search({.query = "source:sputnik"});
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ(hit_ids(*results), (std::set<std::string>{k004}));
}

TEST(TextArticle, FirstLineRuleIsTheFallback) {
  ingest::TextArticle plain = ingest::split_text_article("Venezuela Crisis Deepens\n\nMaduro refused talks on Monday, officials said.\nMore text.");
  EXPECT_EQ(plain.title, "Venezuela Crisis Deepens") << "a short title with no headline below is not an outlet";
  EXPECT_EQ(plain.source, "");
  EXPECT_EQ(plain.body, "Maduro refused talks on Monday, officials said.\nMore text.");

  // One or two words with no headline below are an outlet all the same: never a title.
  ingest::TextArticle outlet = ingest::split_text_article(
      "Andina\n\nPeru's congress approved the budget on Monday. Debate lasted nine hours.");
  EXPECT_EQ(outlet.source, "Andina");
  EXPECT_EQ(outlet.title, "Peru's congress approved the budget on Monday.");
  EXPECT_EQ(outlet.body, "Peru's congress approved the budget on Monday. Debate lasted nine hours.");

  ingest::TextArticle one_line = ingest::split_text_article("  Only a title  ");
  EXPECT_EQ(one_line.title, "Only a title");
  EXPECT_EQ(one_line.body, "");
}

TEST(TextArticle, PhotoCreditsAreNotPartOfATitle) {
  using ingest::without_photo_credit;
  EXPECT_EQ(without_photo_credit("Pinera meets Pompeo (© Martin Bernetti/AFP/Getty Images)"),
            "Pinera meets Pompeo");
  EXPECT_EQ(without_photo_credit("Pinera meets Pompeo © Reuters"), "Pinera meets Pompeo");
  EXPECT_EQ(without_photo_credit("Flooded streets in Lima (Photo: Andina)"), "Flooded streets in Lima");
  EXPECT_EQ(without_photo_credit("Talks resume (again)"), "Talks resume (again)");
}

TEST(TextArticle, LongTitlesAreCutAtASentenceOrAWord) {
  using ingest::shorten_title;
  EXPECT_EQ(shorten_title("U.S. envoy Mr. Abrams meets Guaidó in Caracas. He promised more aid. Then left."),
            "U.S. envoy Mr. Abrams meets Guaidó in Caracas.");
  std::string words;
  for (int i = 0; i < 60; ++i) words += "word" + std::to_string(i) + " ";
  std::string title = shorten_title(words);
  EXPECT_LE(title.size(), ingest::kMaxTitleBytes + std::string("…").size());
  EXPECT_TRUE(title.ends_with("…"));
  std::string cut = title.substr(0, title.size() - std::string("…").size());
  EXPECT_TRUE(words.starts_with(cut + " ")) << "cut at a word boundary: " << title;
  std::string one_word(400, 'x');
  EXPECT_EQ(shorten_title(one_word), std::string(ingest::kMaxTitleBytes, 'x') + "…");
}

}  // namespace
}  // namespace dossier::testing
