// The lines of scraped pages that are not article prose (issue 10): each class
// of noise is recognised, entity recognition skips it, the text is unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/entities.h"
#include "entities/article_lines.h"

namespace dossier::entities {
namespace {

// The kind of the one line of text that contains needle.
LineKind kind_of(std::string_view text, std::string_view needle) {
  for (const auto& l : classify_lines(text)) {
    std::string_view line = text.substr(l.begin, l.end - l.begin);
    if (line.find(needle) != std::string_view::npos) return l.kind;
  }
  ADD_FAILURE() << "no line with " << needle;
  return LineKind::kArticle;
}

bool recognised(std::string_view text, std::string_view surface) {
  auto mentions = EntityRecognizer::Default().recognize(text).value();
  return std::any_of(mentions.begin(), mentions.end(),
                     [&](const EntityMention& m) { return m.surface.find(surface) != std::string::npos; });
}

constexpr std::string_view kProse =
    "Secretary of State Mike Pompeo met President Martin Vizcarra in Lima on Saturday.\n";

TEST(ArticleLines, PhotoCreditsAreNotArticleText) {
  std::string text = std::string(kProse) + "REUTERS / Stephen Lam\n" +
                     "John Thys / Pool via REUTERS / File Photo\n" +
                     "© AP Photo / Sait Serkan GurbuzSecretary of State Mike Pompeo answers a question\n";
  EXPECT_EQ(kind_of(text, "Stephen Lam"), LineKind::kPhotoCredit);
  EXPECT_EQ(kind_of(text, "John Thys"), LineKind::kPhotoCredit);
  EXPECT_EQ(kind_of(text, "AP Photo"), LineKind::kPhotoCredit);
  EXPECT_EQ(kind_of(text, "Vizcarra"), LineKind::kArticle);
  EXPECT_FALSE(recognised(text, "Stephen Lam"));
  EXPECT_FALSE(recognised(text, "Thys"));
  EXPECT_FALSE(recognised(text, "AP Photo"));
  EXPECT_FALSE(recognised(text, "Gurbuz"));
  EXPECT_TRUE(recognised(text, "Vizcarra"));
}

TEST(ArticleLines, CreditInsideACaptionIsCutOut) {
  std::string text =
      "Chilean President Sebastian Pinera shaking hands with Mike Pompeo "
      "(© Martin Bernetti/AFP/Getty Images)\n";
  EXPECT_EQ(kind_of(text, "Pinera"), LineKind::kArticle);
  EXPECT_TRUE(recognised(text, "Sebastian Pinera"));
  EXPECT_FALSE(recognised(text, "Bernetti"));
  EXPECT_FALSE(recognised(text, "Getty"));
}

TEST(ArticleLines, FilePhotoMarkerIsSkippedButTheCaptionIsRead) {
  std::string text = "FILE PHOTO: Chilean President Sebastian Pinera speaks in Santiago, Chile, April 12, 2019.\n";
  EXPECT_EQ(kind_of(text, "Pinera"), LineKind::kFilePhoto);
  EXPECT_FALSE(recognised(text, "FILE"));
  EXPECT_TRUE(recognised(text, "Sebastian Pinera"));
}

TEST(ArticleLines, BylinesLoseTheirMarkerAndKeepTheAuthor) {
  std::string text = std::string(kProse) + "(By Gina Chon)\nBy Dasha Afanasieva\n" +
                     "By late November, many retailers already sold out.\n";
  EXPECT_EQ(kind_of(text, "Gina Chon"), LineKind::kByline);
  EXPECT_EQ(kind_of(text, "Dasha"), LineKind::kByline);
  EXPECT_EQ(kind_of(text, "late November"), LineKind::kArticle);  // a sentence
  auto mentions = EntityRecognizer::Default().recognize(text).value();
  for (const auto& m : mentions) EXPECT_FALSE(m.surface.starts_with("By")) << m.surface;
  EXPECT_TRUE(recognised(text, "Gina Chon"));
}

TEST(ArticleLines, ReadMoreLinksAreSkipped) {
  std::string text = std::string(kProse) +
                     "READ MORE: US, Brazilian Vice Presidents Talk Efforts to Oust Venezuela's Maduro — Report\n";
  EXPECT_EQ(kind_of(text, "READ MORE"), LineKind::kReadMore);
  EXPECT_FALSE(recognised(text, "Report"));
  EXPECT_FALSE(recognised(text, "Brazilian"));
}

TEST(ArticleLines, TitleCasedHeadlinesAreSkipped) {
  std::string text = "Pompeo Begins Latin America Tour Intent on Boosting Anti-Maduro Coalition\n" +
                     std::string(kProse) +
                     "Havana Slams US Threat to Take Action Against Cuba Over Venezuela as 'Blackmail'\n";
  EXPECT_EQ(kind_of(text, "Pompeo Begins"), LineKind::kHeadline);
  EXPECT_EQ(kind_of(text, "Havana Slams"), LineKind::kHeadline);
  EXPECT_FALSE(recognised(text, "Tour Intent"));
  EXPECT_FALSE(recognised(text, "Havana"));
  EXPECT_FALSE(recognised(text, "Take Action"));
  EXPECT_TRUE(recognised(text, "Mike Pompeo"));
}

TEST(ArticleLines, ListsBylinesAndSubheadsAreNotHeadlines) {
  // Sports results, reporter bylines and a two-word subhead stay article text.
  std::string text =
      "Lima Group\n"
      "65 Billy Andrade, Duffy Waldorf, Jesper Parnevik (Sweden)\n"
      "(Reporting by Guy Faulconbridge and Paul Sandle; editing by Sarah Young)\n"
      "Company Name Homegate Hospitality Inc\n"
      "Man of the Match: Aravinda de Silva\n";
  for (auto needle : {"Lima Group", "Billy Andrade", "Reporting by", "Homegate", "Man of the Match"})
    EXPECT_EQ(kind_of(text, needle), LineKind::kArticle) << needle;
}

TEST(ArticleLines, ShareSubscribeAndNavigationAreSkipped) {
  std::string text = "World\nSubscribe\n" + std::string(kProse) +
                     "Share on Facebook\nFollow us on Twitter\nNewsfeed\n0\nlog in or register\nAndina\n";
  for (auto needle : {"World", "Subscribe", "Share on Facebook", "Follow us", "Newsfeed",
                      "log in", "Andina"})
    EXPECT_EQ(kind_of(text, needle), LineKind::kInterface) << needle;
  EXPECT_FALSE(recognised(text, "Facebook"));
  EXPECT_FALSE(recognised(text, "Twitter"));
  EXPECT_FALSE(recognised(text, "Andina"));
  EXPECT_FALSE(recognised(text, "Subscribe"));
}

TEST(ArticleLines, AWireSignOffIsSkipped) {
  std::string text = std::string(kProse) + "(END) NDP/DTK/MVB\nJC/RTR/PK\n-- END --\n" +
                     "-- Endorsed by the board\nHIV/AIDS\n";
  EXPECT_EQ(kind_of(text, "(END)"), LineKind::kInterface);
  EXPECT_EQ(kind_of(text, "JC/RTR/PK"), LineKind::kInterface);
  EXPECT_EQ(kind_of(text, "-- END --"), LineKind::kInterface);
  // Prose, and a name of two parts, are no sign-off.
  EXPECT_EQ(kind_of(text, "Pompeo"), LineKind::kArticle);
  EXPECT_NE(kind_of(text, "Endorsed"), LineKind::kInterface);
  EXPECT_NE(kind_of(text, "HIV/AIDS"), LineKind::kInterface);
  EXPECT_FALSE(recognised(text, "NDP"));
  EXPECT_FALSE(recognised(text, "DTK"));
}

TEST(ArticleLines, TextInAnotherScriptIsSkipped) {
  std::string text = std::string(kProse) + "Заголовок открываемого материала\n";
  EXPECT_EQ(kind_of(text, "Заголовок"), LineKind::kForeignScript);
  EXPECT_FALSE(recognised(text, "Заголовок"));
  // A text wholly in one script is its own main script.
  EXPECT_EQ(kind_of("Заголовок открываемого материала\n", "Заголовок"), LineKind::kArticle);
}

TEST(ArticleLines, RepeatedSiteSuffixIsCutOut) {
  std::string text =
      "Venezuelan President Nicolas Maduro waves the national flag in Caracas. - Sputnik International\n"
      "Secretary of State Mike Pompeo answers a question in Washington - Sputnik International\n";
  auto spans = boilerplate_spans(text, classify_lines(text));
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "- Sputnik International");
  EXPECT_FALSE(recognised(text, "Sputnik"));
  EXPECT_TRUE(recognised(text, "Maduro"));
}

TEST(ArticleLines, GluedWordsDoNotMakeAPersonsName) {
  EXPECT_EQ(glue_point("Serkan GurbuzSecretary"), 13u);
  for (auto name : {"McDonald", "DeSantis", "MacKenzie", "PayPal", "YouTube", "LeBron James"})
    EXPECT_EQ(glue_point(name), std::string_view::npos) << name;
  EntityMention glued{EntityKind::kPerson, 100, 122, "Serkan GurbuzSecretary"};
  cut_at_glue(glued);
  EXPECT_EQ(glued.surface, "Serkan Gurbuz");
  EXPECT_EQ(glued.end, 113u);
  EntityMention company{EntityKind::kOrganization, 0, 15, "GlaxoSmithKline"};
  cut_at_glue(company);  // only people: brands are written this way
  EXPECT_EQ(company.surface, "GlaxoSmithKline");
  // In article text, no person's name runs into the glued word.
  std::string text = "The picture was taken by Sait Serkan GurbuzSecretary of State Mike Pompeo.\n";
  EXPECT_FALSE(recognised(text, "Secretary"));
  EXPECT_TRUE(recognised(text, "Mike Pompeo"));
}

TEST(ArticleLines, BlankingKeepsOffsetsAndNewlines) {
  std::string text = std::string(kProse) + "REUTERS / Stephen Lam\n";
  std::string blanked;
  ASSERT_TRUE(blank_non_article(text, blanked));
  ASSERT_EQ(blanked.size(), text.size());
  EXPECT_EQ(blanked.substr(0, kProse.size()), kProse);
  EXPECT_EQ(blanked.find_first_not_of(' ', kProse.size()), text.size() - 1);
  EXPECT_FALSE(blank_non_article(kProse, blanked));
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// What a reader of corpus/ sees in the entity lists: none of the page's
// furniture, all of the people, places and organisations the articles are about.
TEST(ArticleLines, CorpusEntitiesAreTheArticlesNotThePage) {
  std::set<std::string> found;
  for (const auto& e : std::filesystem::directory_iterator(DOSSIER_CORPUS_DIR)) {
    std::string text = read_file(e.path());
    auto mentions = EntityRecognizer::Default().recognize(text);
    ASSERT_TRUE(mentions) << mentions.error().to_string();
    for (const auto& m : *mentions) found.insert(m.surface);
  }
  auto found_containing = [&](std::string_view part) {
    return std::any_of(found.begin(), found.end(),
                       [&](const std::string& s) { return s.find(part) != std::string::npos; });
  };
  for (auto junk : {"Pompeo Begins", "Tour Intent", "Havana Slams", "Nebenzia Urges",
                    "Take Action", "Subscribe", "AP Photo", "Getty", "Andina", "Gurbuz",
                    "Report", "Sputnik International", "Newsfeed", "Bernetti", "Заголовок",
                    "Senior State", "NDP"})
    EXPECT_FALSE(found_containing(junk)) << junk;
  for (auto real : {"Mike Pompeo", "Nicolás Maduro", "Nicolas Maduro", "Juan Guaido",
                    "Sebastián Piñera", "Sebastian Pinera", "Martin Vizcarra", "Venezuela",
                    "Colombia", "Peru", "Chile", "Paraguay", "Lima Group", "Santiago",
                    "Caracas", "State Department"})
    EXPECT_TRUE(found.contains(real)) << real;
}

}  // namespace
}  // namespace dossier::entities
