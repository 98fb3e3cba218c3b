// The article extractor for saved web pages: fields from metadata and from
// structure, what it leaves out, character sets, and broken markup.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dossier/ingest.h"
#include <nlohmann/json.hpp>

#include "ingest/html_charset.h"
#include "ingest/html_dom.h"
#include "ingest/page_date.h"

namespace dossier {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(DOSSIER_SOURCE_DIR) + "/tests/data/html/" + name, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_FALSE(content.str().empty()) << name;
  return content.str();
}

ExtractedArticle extract(const std::string& html, std::string_view url = {}) {
  auto article = extract_article(html, url);
  EXPECT_TRUE(article) << article.error().to_string();
  return article ? *article : ExtractedArticle{};
}

std::string collapse(const std::string& text) { return ingest::collapse_whitespace(text); }

std::chrono::sys_days day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

// HTML's white space collapses; a no-break space is kept, as the page asked.
TEST(HtmlExtractor, CollapsingWhitespaceKeepsNoBreakSpaces) {
  EXPECT_EQ(collapse("  10\u00a0km \n\t from\r\nMr.\u00a0Smith  "),
            "10\u00a0km from Mr.\u00a0Smith");
  EXPECT_EQ(collapse("\u00a0"), "\u00a0");
  EXPECT_EQ(collapse(" \t\n"), "");
}

TEST(HtmlExtractor, NewsPageFieldsComeFromItsMetadata) {
  ExtractedArticle article =
      extract(fixture("news_article.html"), "https://planet.example/news/harbour-bridge-reopens?ref=rss");
  EXPECT_EQ(article.title, "Harbour bridge reopens after repairs");
  EXPECT_EQ(article.source, "The Daily Planet");  // og:site_name outranks JSON-LD WebSite
  EXPECT_EQ(article.author, "Lois Lane, Jimmy Olsen");
  EXPECT_EQ(article.url, "https://planet.example/news/harbour-bridge-reopens");
  EXPECT_EQ(article.language, "en-GB");
  EXPECT_EQ(article.published, day(2024, 3, 7));
}

TEST(HtmlExtractor, NewsPageBodyIsTheArticleParagraphsOnly) {
  ExtractedArticle article = extract(fixture("news_article.html"));
  EXPECT_EQ(article.body,
            "The harbour bridge reopened to traffic on Thursday morning, three months after "
            "engineers closed it to replace corroded cables.\n\n"
            "Commuters had faced detours of up to forty minutes while the work went on, the city "
            "council said in a statement.\n\n"
            "What changed\n\n"
            "All 96 main cables were replaced, and the deck was resurfaced with a quieter asphalt "
            "that should last twenty years.\n\n"
            "Mayor Perry White thanked residents for their patience and said the bridge would be "
            "lit in blue for the first week.");
  for (const char* furniture : {"cookies", "Sport", "Share", "Related", "Photo:", "morning briefing",
                                "About time", "Copyright", "By Lois Lane", "Harbour bridge reopens"}) {
    EXPECT_EQ(article.body.find(furniture), std::string::npos) << furniture;
  }
}

TEST(HtmlExtractor, PageWithoutMetadataIsReadFromItsStructure) {
  ExtractedArticle article = extract(fixture("bare_page.html"), "https://www.courier.example/2023/storm");
  EXPECT_EQ(article.title, "Storm closes mountain pass");  // "- Valley Courier" goes
  EXPECT_EQ(article.source, "Valley Courier");
  EXPECT_EQ(article.published, day(2023, 11, 2));  // from <time datetime>
  EXPECT_EQ(article.url, "https://www.courier.example/2023/storm");
  EXPECT_EQ(article.body,
            "Heavy snow closed the mountain pass overnight, stranding dozens of lorries at the "
            "summit car park.\n\n"
            "Ploughs from both sides of the range worked through the night, and the road is "
            "expected to reopen by Friday.\n\n"
            "Drivers are asked to check the county website before setting out.");
}

TEST(HtmlExtractor, OldTableLayoutPage) {
  // A 2004-style page: table columns for navigation, story and ads, <font>, <br><br>,
  // Latin-1 declared in an http-equiv meta, no metadata at all.
  ExtractedArticle article = extract(fixture("old_table_layout.html"));
  EXPECT_EQ(article.body,
            "Residents of the old mill town voted by a wide margin on Saturday to repair the stone "
            "bridge rather than replace it with a modern crossing.\n\n"
            "The parish council had proposed a steel bridge that would carry lorries, but many "
            "residents said the stone arches were the reason visitors came to the town at all.\n\n"
            "Repairs are expected to cost £240,000 and to take most of next summer.");
  EXPECT_EQ(article.source, "Riverside Gazette");
  EXPECT_EQ(article.title, "Mill town votes to keep its bridge");
  EXPECT_EQ(article.published, day(2004, 6, 14));
}

TEST(HtmlExtractor, JsonLdArticleBodyStandsInForTextDrawnByScript) {
  std::string first, second;
  for (int i = 0; i < 12; ++i) first += "The river rose " + std::to_string(i) + " centimetres overnight. ";
  for (int i = 0; i < 12; ++i) second += "Volunteers filled sandbag number " + std::to_string(i) + ". ";
  nlohmann::json ld = {{"@type", "NewsArticle"}, {"headline", "River rises"},
                       {"articleBody", first + "\n\n" + second}};
  std::string html = "<html><head><script type=\"application/ld+json\">" + ld.dump() +
                     "</script></head><body><nav><a href=/>Home</a></nav>"
                     "<div id=app><p>Loading the latest news for you, please wait a moment.</p></div>"
                     "</body></html>";
  ExtractedArticle article = extract(html);
  EXPECT_EQ(article.title, "River rises");
  EXPECT_EQ(article.body, collapse(first) + "\n\n" + collapse(second));

  // When the page's own text has the article, it is kept as found.
  ExtractedArticle news = extract(fixture("news_article.html"));
  EXPECT_TRUE(news.body.starts_with("The harbour bridge reopened"));
}

TEST(HtmlExtractor, BrokenMarkupStillGivesItsText) {
  ExtractedArticle article = extract(fixture("broken_markup.html"));
  EXPECT_NE(article.body.find("First paragraph of a page"), std::string::npos);
  EXPECT_NE(article.body.find("bold nested text"), std::string::npos);
  EXPECT_NE(article.body.find("entities é — and then"), std::string::npos);
}

TEST(HtmlExtractor, AnyBytesGiveAnArticleNeverAnError) {
  for (std::string bytes : {std::string(), std::string("\0\xFF\xFE<", 4), std::string("<<<>>>&&&#;"),
                            std::string(5000, '<') + std::string(5000, '>'),
                            std::string("<div>") + std::string(20000, 'x')}) {
    auto article = extract_article(bytes);
    ASSERT_TRUE(article) << article.error().to_string();
  }
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<p>Deep down there is a paragraph of text that nobody will ever read.</p>";
  auto article = extract_article(deep);
  ASSERT_TRUE(article) << article.error().to_string();
}

std::string page(const std::string& charset_meta, const std::string& title, const std::string& text) {
  return "<html><head>" + charset_meta + "<title>" + title + "</title></head><body><p>" + text +
         "</p></body></html>";
}

TEST(HtmlExtractor, DeclaredCharsetsAreConvertedToUtf8) {
  // windows-1252 bytes: á, ñ, € (0x80), curly quotes (0x93, 0x94).
  std::string text = "Pi\xF1" "era said the fare rose to 3 \x80, \x93" "a fair price\x94, on Monday morning.";
  for (const char* meta : {"<meta charset=\"windows-1252\">", "<meta charset=iso-8859-1>",
                           "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"}) {
    ExtractedArticle article = extract(page(meta, "Sebasti\xE1n Pi\xF1" "era", text));
    EXPECT_EQ(article.title, "Sebastián Piñera") << meta;
    EXPECT_EQ(article.body, "Piñera said the fare rose to 3 €, “a fair price”, on Monday morning.") << meta;
  }
}

TEST(HtmlExtractor, UndeclaredNonUtf8IsWindows1252) {
  ExtractedArticle article = extract(page("", "Caf\xE9", "Caf\xE9 prices rose by 3 \x80 this week in Lima."));
  EXPECT_EQ(article.title, "Café");
  EXPECT_EQ(article.body, "Café prices rose by 3 € this week in Lima.");
  ExtractedArticle utf8 = extract(page("", "Caf\xC3\xA9", "Caf\xC3\xA9 prices rose this week in Lima."));
  EXPECT_EQ(utf8.body, "Café prices rose this week in Lima.") << "undeclared UTF-8 stays UTF-8";
}

TEST(HtmlExtractor, Utf16WithByteOrderMark) {
  std::string utf8 = "<html><body><p>Caf\xC3\xA9 owners in the old town welcomed the new parking rules this week.</p></body></html>";
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      utf16 += c;
      utf16 += '\0';
    }
    if (byte == 0xC3) continue;
    if (byte == 0xA9) utf16 += "\xE9", utf16 += '\0';  // é is U+00E9
  }
  EXPECT_EQ(ingest::declared_charset(utf16), "utf-16le");
  ExtractedArticle article = extract(utf16);
  EXPECT_EQ(article.body, "Café owners in the old town welcomed the new parking rules this week.");
}

TEST(HtmlExtractor, MislabelledUtf8StaysUtf8) {
  // Declared Latin-1, but the bytes are UTF-8: re-encoding them would give "PiÃ±era".
  ExtractedArticle article =
      extract(page("<meta charset=iso-8859-1>", "Pi\xC3\xB1" "era", "Pi\xC3\xB1" "era arrived."));
  EXPECT_EQ(article.title, "Piñera");
  EXPECT_EQ(article.body, "Piñera arrived.");
}

TEST(HtmlExtractor, PublicationDatesAsPagesWriteThem) {
  using ingest::parse_page_date;
  EXPECT_EQ(parse_page_date("2025-07-15T10:00:00Z"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("2025/07/15"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("20250715"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("July 15, 2025"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("Tue, 15 Jul 2025 08:00:00 GMT"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("https://news.example/2025/07/15/story"), day(2025, 7, 15));
  EXPECT_EQ(parse_page_date("Dec 19th 2025"), day(2025, 12, 19));
  EXPECT_EQ(parse_page_date("03-09-2026"), day(2026, 3, 9));
  EXPECT_EQ(parse_page_date("25/12/2024"), day(2024, 12, 25));
  EXPECT_EQ(parse_page_date("2025-02-30"), std::nullopt);
  EXPECT_EQ(parse_page_date("yesterday"), std::nullopt);
  EXPECT_EQ(parse_page_date("https://news.example/story/12345"), std::nullopt);
}

}  // namespace
}  // namespace dossier
