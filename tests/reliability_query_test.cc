// Bad input (issue 5), query text and other search requests: unbalanced
// quotes and parentheses, unknown fields, thousands of terms, deep nesting,
// huge offsets. Each gets a message pointing at the problem; the searcher goes on.
#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reliability_input_support.h"

namespace dossier {
namespace {

using testing::hit_ids;
using testing::WithIndex;

using BadQuery = WithIndex;

TEST_F(BadQuery, SyntaxErrorsSayWhereAndTheSearcherGoesOn) {
  Searcher reader = searcher();
  const std::vector<std::string> bad = {
      "\"mike pompeo",  "pompeo \"",     "(pompeo",       "pompeo)",     "((pompeo) chile",
      "pompeo))",       "\xE2\x80\x9Cpompeo", "pompeo OR",  "AND pompeo",  "NOT",
      "pompeo NOT",     "pompeo NEAR",   "NEAR/0 x",    "a NEAR/5000 b",
      "pompeo NEAR (chile peru)",        "OR",            "pompeo AND OR chile",
      "title:\"unclosed",
  };
  for (const std::string& query : bad) {
    auto results = reader.search(SearchRequest{.query = query});
    if (results) {
      ADD_FAILURE() << "\"" << query << "\" was accepted";
      continue;
    }
    EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax) << query;
    EXPECT_LE(results.error().position, query.size()) << query;
    EXPECT_FALSE(results.error().message.empty());
  }
  // ( is reported where it is.
  auto paren = reader.search(SearchRequest{.query = "chile (pompeo"});
  ASSERT_FALSE(paren);
  EXPECT_EQ(paren.error().position, 6u);
  // The searcher still works.
  auto results = reader.search(SearchRequest{.query = "pompeo"});
  ASSERT_TRUE(results);
  EXPECT_FALSE(results->hits.empty());
}

TEST_F(BadQuery, UnknownFieldsAreNamed) {
  Searcher reader = searcher();
  auto results = reader.search(SearchRequest{.query = "chile autor:pompeo"});
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
  EXPECT_EQ(results.error().position, 6u);
  EXPECT_NE(results.error().message.find("unknown field \"autor\""), std::string::npos)
      << results.error().message;
  EXPECT_NE(results.error().message.find("title"), std::string::npos)
      << "the message lists the known fields: " << results.error().message;
  // Colons that do not name a field are text.
  for (const char* text : {"Update: pompeo", "10:30 pompeo", "pompeo :", "TITLE:pompeo"}) {
    auto ok = reader.search(SearchRequest{.query = text});
    EXPECT_TRUE(ok) << text << ": " << ok.error().to_string();
  }
}

TEST_F(BadQuery, ThousandsOfTermsAreRefusedClearly) {
  Searcher reader = searcher();
  auto words = [](int count, const std::string& joiner, const std::string& suffix = "") {
    std::string query;
    for (int i = 0; i < count; ++i) {
      if (i) query += joiner;
      query += "w" + std::to_string(i) + suffix;
    }
    return query;
  };
  for (const std::string& query : {words(5000, " "), words(3000, " OR "),
                                   "\"" + words(2000, " ") + "\"", words(1500, " ", "*")}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_FALSE(results);
    EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax);
    EXPECT_NE(results.error().message.find("more than 1000 words"), std::string::npos)
        << results.error().message;
  }
  // Up to the limit they work, and quickly.
  auto started = std::chrono::steady_clock::now();
  for (const std::string& query : {words(999, " ") + " pompeo", words(999, " OR ") + " OR pompeo",
                                   words(999, " ", "*") + " pompeo"}) {
    auto results = reader.search(SearchRequest{.query = query});
    ASSERT_TRUE(results) << results.error().to_string();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
            30.0);
  // More than 64 KiB of text.
  auto huge = reader.search(SearchRequest{.query = std::string(70000, 'a')});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kQuerySyntax);
}

// Nesting is bounded by the 64 KiB query limit, not by the stack: deep
// parentheses get an answer or a syntax error, never a crash. Runs on a thread
// with a 1 MiB stack, as a host's worker thread may have.
void search_nested(Searcher& reader, std::initializer_list<std::size_t> depths) {
  for (std::size_t depth : depths) {
    std::string query = std::string(depth, '(') + "pompeo" + std::string(depth, ')');
    std::optional<Result<SearchResults>> results;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 1 << 20);
    pthread_t thread;
    struct Job {
      Searcher* reader;
      std::string* query;
      std::optional<Result<SearchResults>>* results;
    } job{&reader, &query, &results};
    ASSERT_EQ(pthread_create(
                  &thread, &attributes,
                  [](void* arg) -> void* {
                    auto* job = static_cast<Job*>(arg);
                    job->results->emplace(job->reader->search(SearchRequest{.query = *job->query}));
                    return nullptr;
                  },
                  &job),
              0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
    ASSERT_TRUE(results.has_value());
    if (*results) {
      EXPECT_TRUE(hit_ids(**results).contains(testing::k000)) << depth;
    } else {
      EXPECT_EQ(results->error().code, ErrorCode::kQuerySyntax) << depth;
    }
  }
}

TEST_F(BadQuery, NestedParentheses) {
  Searcher reader = searcher();
  search_nested(reader, {1, 10, 100});
}

// 30000 nested parentheses (60 KB, under the 64 KiB query limit) would
// overflow the stack of an unbounded recursive parser; the parser refuses
// nesting deeper than 100 with kQuerySyntax.
TEST_F(BadQuery, DeeplyNestedParenthesesDoNotOverflowTheStack) {
  Searcher reader = searcher();
  search_nested(reader, {30000});
}

TEST_F(BadQuery, OddRequestsAreAnsweredNotCrashed) {
  Searcher reader = searcher();
  // Entity filters naming nothing known, or longer than any term can be.
  for (const std::string& name : {std::string("nobody at all"), std::string(1000, 'z'),
                                  std::string("\xFF\xFE"), std::string()}) {
    SearchRequest request{.query = "pompeo", .filters = {{EntityKind::kPerson, name}}};
    auto results = reader.search(request);
    if (results) {
      EXPECT_TRUE(results->hits.empty()) << name;
    } else {
      EXPECT_NE(results.error().code, ErrorCode::kInternal) << results.error().to_string();
    }
    auto in_query = reader.search(SearchRequest{.query = "person:" + name});
    if (!in_query) EXPECT_EQ(in_query.error().code, ErrorCode::kQuerySyntax) << name;
  }
  // A date range that is empty, paging far past the end, huge limits.
  SearchRequest reversed{.query = "pompeo"};
  reversed.published_from = std::chrono::sys_days(std::chrono::year(2020) / 1 / 1);
  reversed.published_to = std::chrono::sys_days(std::chrono::year(2019) / 1 / 1);
  auto none = reader.search(reversed);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->hits.empty());
  auto far = reader.search(SearchRequest{.query = "pompeo", .offset = 1000000});
  ASSERT_TRUE(far);
  EXPECT_TRUE(far->hits.empty());
  auto wide = reader.search(SearchRequest{.query = "pompeo", .limit = SIZE_MAX,
                                          .snippet_bytes = SIZE_MAX, .facet_values = SIZE_MAX});
  ASSERT_TRUE(wide) << wide.error().to_string();
  EXPECT_FALSE(wide->hits.empty());
  // Binary and invalid UTF-8 query text.
  for (const std::string& query : {std::string("pompeo\0chile", 12), std::string("\xFF\xFE\xFD"),
                                   std::string("caf\xC3"), std::string("\xE2\x80")}) {
    auto results = reader.search(SearchRequest{.query = query});
    if (!results) EXPECT_EQ(results.error().code, ErrorCode::kQuerySyntax) << query;
  }
  // Ids that cannot exist.
  for (const std::string& id : {std::string(), std::string(1000, 'q'), std::string("\0", 1)}) {
    auto document = reader.get(id);
    ASSERT_FALSE(document);
    EXPECT_EQ(document.error().code, ErrorCode::kNotFound) << document.error().to_string();
  }
  auto suggestions = reader.suggest_entities(std::string(10000, 'p'));
  ASSERT_TRUE(suggestions);
  EXPECT_TRUE(suggestions->empty());
}

// Paging: an offset past 4 Gi must not wrap around to the first page, nor a
// limit of 4 Gi to zero hits.
// (Xapian::doccount is 32 bits: the searcher clamps offset and limit first.)
TEST_F(BadQuery, HugeOffsetAndLimitDoNotWrapAround) {
  Searcher reader = searcher();
  SearchRequest request{.query = "pompeo"};
  request.offset = std::size_t{1} << 32;
  auto results = reader.search(request);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_TRUE(results->hits.empty()) << "offset 2^32 returned the first page";
  request.offset = 0;
  request.limit = std::size_t{1} << 32;
  results = reader.search(request);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_FALSE(results->hits.empty()) << "limit 2^32 returned no hits";
}

}  // namespace
}  // namespace dossier
