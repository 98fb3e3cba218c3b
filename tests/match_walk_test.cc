// The posting-list walk must find exactly the documents Xapian's matcher
// finds, for every query it accepts, and refuse the ones it cannot evaluate.
#include "search/match_walk.h"

#include <gtest/gtest.h>

#include <vector>

#include "analysis/analyzer.h"
#include "entities/resolver.h"
#include "index/schema.h"
#include "search/query_parser.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

class MatchWalkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir("match-walk");
    index_corpus(scratch_->path() / "index");
  }
  static void TearDownTestSuite() { delete scratch_; }

  MatchWalkTest()
      : database_((scratch_->path() / "index").string()),
        analyzer_(AnalysisOptions{}),
        parser_(analyzer_, [this](EntityKind kind, std::string_view text) {
          return std::vector<std::string>{index::entity_term(kind, resolver_.filter_key(kind, text))};
        }) {}

  Xapian::Query parse(const std::string& text) {
    auto parsed = parser_.parse(text, search::DefaultOperator::kAnd);
    EXPECT_TRUE(parsed) << text;
    return parsed ? parsed->query : Xapian::Query();
  }

  std::vector<Xapian::docid> by_matcher(const Xapian::Query& query) {
    Xapian::Enquire enquire(database_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    std::vector<Xapian::docid> docids;
    Xapian::MSet all = enquire.get_mset(0, database_.get_doccount());
    for (auto item = all.begin(); item != all.end(); ++item) docids.push_back(*item);
    return docids;
  }

  static ScratchDir* scratch_;
  Xapian::Database database_;
  analysis::Analyzer analyzer_;
  entities::Resolver resolver_;
  search::QueryParser parser_;
};

ScratchDir* MatchWalkTest::scratch_ = nullptr;

TEST_F(MatchWalkTest, FindsWhatTheMatcherFinds) {
  std::size_t non_empty = 0;
  for (const char* text :
       {"Pompeo", "pompeo maduro", "Pompeo OR Vizcarra", "Maduro -chile", "Maduro NOT Chile",
        "(Pompeo OR Pinera) refugees", "refugees -(Cucuta OR Lima)", "+Venezuela the",
        "xylophone", "Pompeo xylophone", "", "person:Pompeo", "Maduro place:Venezuela",
        "org:\"Lima Group\" OR Vizcarra", "title:Pompeo", "the of", "Venezuela -xylophone"}) {
    Xapian::Query query = parse(text);
    auto walk = search::MatchWalk::Compile(database_, query);
    ASSERT_TRUE(walk) << "not walkable: \"" << text << "\": " << query.get_description();
    std::vector<Xapian::docid> walked;
    Xapian::doccount count = walk->for_each([&](Xapian::docid d) { walked.push_back(d); });
    std::vector<Xapian::docid> matched = by_matcher(query);
    EXPECT_EQ(walked, matched) << text << ": " << query.get_description();
    EXPECT_EQ(count, matched.size()) << text;
    if (!matched.empty()) ++non_empty;
  }
  EXPECT_GE(non_empty, 12u);  // the comparison is not only of empty sets
}

// Facet counting takes the matches in batches: any batch size gives them all,
// in order, once.
TEST_F(MatchWalkTest, BatchesHoldEveryMatchInOrder) {
  for (const char* text : {"Pompeo", "Pompeo OR Vizcarra", "Venezuela -xylophone", ""}) {
    const Xapian::Query query = parse(text);
    const std::vector<Xapian::docid> matched = by_matcher(query);
    ASSERT_FALSE(matched.empty()) << text;
    for (std::size_t size : {std::size_t{1}, std::size_t{2}, matched.size() + 1}) {
      auto walk = search::MatchWalk::Compile(database_, query);
      ASSERT_TRUE(walk) << text;
      std::vector<Xapian::docid> walked, batch(size);
      while (const std::size_t filled = walk->next_batch(batch)) {
        walked.insert(walked.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(filled));
      }
      EXPECT_EQ(walked, matched) << text << " in batches of " << size;
    }
  }
}

TEST_F(MatchWalkTest, RefusesWhatItCannotEvaluate) {
  for (const char* text : {"\"lima group\"", "lima NEAR group", "refug*"}) {
    EXPECT_FALSE(search::MatchWalk::Compile(database_, parse(text))) << text;
  }
  Xapian::Query dated(Xapian::Query::OP_VALUE_GE, 0, "x");
  EXPECT_FALSE(search::MatchWalk::Compile(database_, dated));
}

}  // namespace
}  // namespace dossier::testing
