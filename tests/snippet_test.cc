// Snippets cut from the word map stored at index time must be the snippets
// that analysing the article again gives: the same text, the same highlights.
#include "search/snippet.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "index/document_builder.h"
#include "index/schema.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

struct Built {
  Document article;
  Xapian::Document document;
};

Built build(Document article) {
  index::DocumentBuilder builder(AnalysisOptions{});
  Built built{std::move(article), {}};
  built.document = builder.build(built.article, {}).document;
  return built;
}

// Both ways of making the snippet of `query` for one built article.
void expect_same_snippets(const Built& built, const std::string& query, std::size_t bytes) {
  analysis::Analyzer analyzer(AnalysisOptions{});
  std::vector<std::string> terms;
  analyzer.analyze(query, [&](const analysis::Token& token) {
    terms.emplace_back(token.term);
  });
  search::HighlightSet highlights(terms, {});

  auto stored = index::decode_stored(built.document.get_data());
  ASSERT_TRUE(stored) << stored.error().to_string();
  index::WordMap word_map;
  ASSERT_TRUE(index::decode_word_map(built.document.get_value(index::kWordMapSlot),
                                     stored->body.size(), word_map));
  ASSERT_FALSE(word_map.words.empty());
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& term : highlights.terms()) {
    auto& of_term = positions.emplace_back();
    for (auto t = built.document.termlist_begin(); t != built.document.termlist_end(); ++t) {
      if (*t == term) of_term.assign(t.positionlist_begin(), t.positionlist_end());
    }
  }
  Snippet analysed = search::make_snippet(stored->body, analyzer, highlights, bytes);
  Snippet mapped = search::make_snippet(stored->body, word_map, positions, bytes);
  EXPECT_EQ(mapped.text, analysed.text) << query;
  EXPECT_EQ(mapped.highlights, analysed.highlights) << query;

  // The positions the term checks find are the index's own in the body.
  ASSERT_EQ(word_map.term_checks.size(), word_map.words.size());
  for (auto& of_term : positions) {
    std::erase_if(of_term, [&](Xapian::termpos p) { return p < word_map.body_start; });
  }
  const std::vector<std::string> ordered(highlights.terms().begin(), highlights.terms().end());
  EXPECT_EQ(search::matched_positions(stored->body, word_map, ordered, analyzer), positions)
      << query;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SnippetFromWordMap, EqualsAnalysisOverTheCorpus) {
  std::size_t articles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpusDir)) {
    std::string text = read_file(entry.path());
    std::size_t line_end = text.find('\n');
    Built built = build({.id = entry.path().stem().string(),
                         .title = text.substr(0, line_end),
                         .body = text.substr(line_end + 1)});
    for (const char* query : {"Pompeo", "pinera refugees", "Maduro Guaido Venezuela",
                              "anti-Maduro", "U.S. sanctions", "730,000", "xylophone"}) {
      for (std::size_t bytes : {40, 240, 1000}) expect_same_snippets(built, query, bytes);
    }
    ++articles;
  }
  EXPECT_EQ(articles, 5u);
}

TEST(SnippetFromWordMap, EqualsAnalysisAroundOverlongWordsAndTitleWords) {
  // A title word is also in the body; an overlong word takes a position but
  // indexes nothing; the match is near the end.
  Built built = build({.id = "x",
                       .title = "Oil prices rise",
                       .body = "Markets opened. " + std::string(80, 'z') +
                               " Oil traders said prices rose in Asia, and oil "
                               "ministers met. The end came with oil."});
  for (const char* query : {"oil", "prices", "oil ministers", "asia"}) {
    for (std::size_t bytes : {20, 60, 240}) expect_same_snippets(built, query, bytes);
  }
}

TEST(SnippetFromWordMap, EqualsAnalysisOnGeneratedTexts) {
  // Matches near each other, far apart, at both ends; punctuation, line
  // breaks, hyphens and accents between them.
  const std::vector<std::string> vocabulary = {
      "oil",  "prices", "rose",  "Asia", "markets", "fell", "Piñera", "anti-war",
      "U.S.", "said",   "the",   "and",  "in",      "of",   "2020",   "—",
      "\n",   ",",      "talks", "oil.", "Oil"};
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int text = 0; text < 40; ++text) {
    std::string body;
    const std::size_t words = 5 + next() % 400;
    for (std::size_t i = 0; i < words; ++i) {
      // Mostly filler, so that matches fall in separate stretches.
      body += next() % 4 == 0 ? vocabulary[next() % vocabulary.size()] : "filler";
      body += ' ';
    }
    Built built = build({.id = "g", .title = "Oil talks", .body = body});
    for (const char* query : {"oil", "prices asia", "pinera talks", "war", "markets fell 2020"}) {
      for (std::size_t bytes : {15, 60, 240}) expect_same_snippets(built, query, bytes);
    }
  }
}

TEST(SnippetFromWordMap, AWordSharingATermsCheckIsNoMatch) {
  // Every word claims the check of "oil": only the words whose own term is
  // "oil" may match.
  Built built = build({.id = "x", .title = "t", .body = "Oil rose as oil ministers met."});
  auto stored = index::decode_stored(built.document.get_data());
  ASSERT_TRUE(stored);
  index::WordMap word_map;
  ASSERT_TRUE(index::decode_word_map(built.document.get_value(index::kWordMapSlot),
                                     stored->body.size(), word_map));
  std::fill(word_map.term_checks.begin(), word_map.term_checks.end(),
            index::word_term_check("oil"));
  analysis::Analyzer analyzer(AnalysisOptions{});
  const auto positions = search::matched_positions(stored->body, word_map, {"oil"}, analyzer);
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0], (std::vector<Xapian::termpos>{word_map.body_start,
                                                        word_map.body_start + 3}));
}

TEST(SnippetFromWordMap, AMapWrittenBeforeTermChecksIsRead) {
  // Body start 101, then "Oil" (0, 3) and "rose" (4, 8), as gap and length.
  const std::string encoded("\x65\x00\x03\x01\x04", 5);
  index::WordMap word_map;
  ASSERT_TRUE(index::decode_word_map(encoded, 8, word_map));
  EXPECT_EQ(word_map.body_start, 101u);
  EXPECT_EQ(word_map.words, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 3}, {4, 8}}));
  EXPECT_TRUE(word_map.term_checks.empty());
  // Written again, it has checks (zero for each word, as nothing said otherwise).
  index::WordMap again;
  ASSERT_TRUE(index::decode_word_map(index::encode_word_map(word_map), 8, again));
  EXPECT_EQ(again.words, word_map.words);
  EXPECT_EQ(again.term_checks, (std::vector<std::uint8_t>{0, 0}));
}

TEST(SnippetFromWordMap, NoMapForAnEmptyBody) {
  Built built = build({.id = "x", .title = "Only a title", .body = ""});
  EXPECT_TRUE(built.document.get_value(index::kWordMapSlot).empty());
}

TEST(SnippetFromWordMap, DamagedMapIsRefused) {
  Built built = build({.id = "x", .title = "t", .body = "Oil prices rose."});
  std::string encoded = built.document.get_value(index::kWordMapSlot);
  index::WordMap word_map;
  ASSERT_TRUE(index::decode_word_map(encoded, 16, word_map));
  EXPECT_EQ(word_map.words.size(), 3u);
  EXPECT_FALSE(index::decode_word_map(encoded, 10, word_map));  // past the body's end
  EXPECT_FALSE(index::decode_word_map(encoded + "\x80", 16, word_map));  // cut varint
  encoded.pop_back();
  EXPECT_FALSE(index::decode_word_map(encoded, 16, word_map));  // cut term check
  // A wide word whose gap would wrap the offsets around, going backwards.
  const std::string wraps("\x00\x65\x05\x00\xc0\xfc\xff\xff\xff\xff\xff\xff\xff\xff\x01\x03\x00",
                          17);
  EXPECT_FALSE(index::decode_word_map(wraps, 16, word_map));
  // A map with a copy group: a key longer than the value, a mark that is no
  // mark, a value cut after the key.
  EXPECT_FALSE(index::decode_word_map(std::string("\x01\x09key\x00\x65", 6), 16, word_map));
  EXPECT_FALSE(index::decode_word_map(std::string("\x01\x03key\x02\x65", 7), 16, word_map));
  EXPECT_FALSE(index::decode_word_map(std::string("\x01\x03key", 5), 16, word_map));
  ASSERT_TRUE(index::decode_word_map(std::string("\x01\x03key\x01\x65", 7), 16, word_map));
  ASSERT_TRUE(word_map.copy_group);
  EXPECT_EQ(word_map.copy_group->key, "key");
  EXPECT_TRUE(word_map.copy_group->may_have_copies);
}

}  // namespace
}  // namespace dossier::testing
