// One test per analysis rule (see lib/analysis/analyzer.h).
#include "analysis/analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/folding.h"

namespace dossier::analysis {
namespace {

std::vector<std::string> terms(std::string_view text, AnalysisOptions options = {}) {
  Analyzer analyzer(options);
  std::vector<std::string> out;
  analyzer.analyze(text, [&](const Token& token) { out.emplace_back(token.term); });
  return out;
}

using Terms = std::vector<std::string>;

TEST(Folding, CaseAndAccentsFoldTogether) {
  EXPECT_EQ(fold("Piñera"), "pinera");
  EXPECT_EQ(fold("PIÑERA"), "pinera");
  EXPECT_EQ(fold("Pinera"), "pinera");
  EXPECT_EQ(fold("Cúcuta"), "cucuta");
  EXPECT_EQ(fold("Guaidó"), "guaido");
}

TEST(Folding, LettersWithoutDecompositionAreSpelledOut) {
  EXPECT_EQ(fold("Søren Łódź"), "soren lodz");
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("Æsir"), "aesir");
}

TEST(Folding, AccentsKeptWhenFoldingIsOff) {
  EXPECT_EQ(fold("PIÑERA", false), "piñera");
  // Decomposed input composes, so both encodings of ñ are one term.
  EXPECT_EQ(fold("Pin\xCC\x83" "era", false), "piñera");
}

TEST(Analyzer, SegmentsWordsAndReportsByteOffsets) {
  Analyzer analyzer({});
  std::string text = "Sebastián Piñera met Pompeo.";
  std::vector<std::string> words;
  analyzer.analyze(text, [&](const Token& token) {
    words.push_back(text.substr(token.begin, token.end - token.begin));
  });
  EXPECT_EQ(words, (Terms{"Sebastián", "Piñera", "met", "Pompeo"}));
}

TEST(Analyzer, AccentedAndPlainSpellingsGiveOneTerm) {
  EXPECT_EQ(terms("Piñera"), terms("PINERA"));
  EXPECT_EQ(terms("Cúcuta"), terms("Cucuta"));
}

TEST(Analyzer, AccentFoldingCanBeTurnedOff) {
  AnalysisOptions keep_accents;
  keep_accents.fold_accents = false;
  EXPECT_NE(terms("Piñera", keep_accents), terms("Pinera", keep_accents));
  EXPECT_EQ(terms("PIÑERA", keep_accents), terms("piñera", keep_accents));
}

TEST(Analyzer, StemsSoPluralsMatch) {
  EXPECT_EQ(terms("refugees"), terms("refugee"));
  EXPECT_EQ(terms("elections"), terms("election"));
}

TEST(Analyzer, NoStemmingWhenLanguageIsNone) {
  AnalysisOptions unstemmed;
  unstemmed.language = "none";
  EXPECT_EQ(terms("refugees", unstemmed), (Terms{"refugees"}));
}

TEST(Analyzer, PossessivesIndexAsTheName) {
  EXPECT_EQ(terms("Pompeo's"), (Terms{"pompeo"}));
  EXPECT_EQ(terms("Pompeo\xE2\x80\x99s"), (Terms{"pompeo"}));  // ’
  EXPECT_EQ(terms("Pompeo"), (Terms{"pompeo"}));
}

TEST(Analyzer, OtherApostrophesAreDropped) {
  EXPECT_EQ(terms("O'Brien"), terms("OBrien"));
  EXPECT_EQ(terms("O\xE2\x80\x99" "Brien"), terms("O'Brien"));
}

TEST(Analyzer, DottedAbbreviationsLoseTheirDots) {
  EXPECT_EQ(terms("U.S."), (Terms{"us"}));
  EXPECT_EQ(terms("U.S."), terms("US"));
  EXPECT_EQ(terms("Washington, D.C."), (Terms{"washington", "dc"}));
}

TEST(Analyzer, DottedRunsThatAreNotAbbreviationsSplit) {
  EXPECT_EQ(terms("bbc.co.uk"), (Terms{"bbc", "co", "uk"}));
  EXPECT_EQ(terms("said.The"), (Terms{"said", "the"}));
}

TEST(Analyzer, NumbersKeepDecimalsAndLoseThousandsSeparators) {
  EXPECT_EQ(terms("730,000"), (Terms{"730000"}));
  EXPECT_EQ(terms("3.5 percent"), (Terms{"3.5", "percent"}));
  EXPECT_EQ(terms("2019"), (Terms{"2019"}));
}

TEST(Analyzer, HyphensSplitIntoConsecutivePositions) {
  Analyzer analyzer({});
  std::vector<std::pair<std::string, std::uint32_t>> out;
  analyzer.analyze("the anti-Maduro Inter-American bloc", [&](const Token& token) {
    out.emplace_back(std::string(token.term), token.position);
  });
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[1], std::make_pair(std::string("anti"), 1u));
  EXPECT_EQ(out[2], std::make_pair(std::string("maduro"), 2u));
  EXPECT_EQ(out[3].first, "inter");
  EXPECT_EQ(out[4], std::make_pair(std::string("american"), 4u));
}

TEST(Analyzer, OverlongWordsAreSkippedButKeepTheirPosition) {
  Analyzer analyzer({});
  std::vector<std::uint32_t> positions;
  std::string text = "before " + std::string(300, 'x') + " after";
  analyzer.analyze(text, [&](const Token& token) { positions.push_back(token.position); });
  EXPECT_EQ(positions, (std::vector<std::uint32_t>{0, 2}));
}

TEST(Analyzer, PunctuationAndSymbolsAreNotWords) {
  EXPECT_EQ(terms("“Hello,” — she said… (!)"), (Terms{"hello", "she", "said"}));
  EXPECT_TRUE(terms("  ... --- ,,, ").empty());
}

TEST(Analyzer, ColonsSeparateWords) {
  EXPECT_EQ(terms("Update:Maduro"), (Terms{"updat", "maduro"}));
}

TEST(Analyzer, StopwordsAreEnglishFunctionWords) {
  Analyzer analyzer({});
  EXPECT_TRUE(analyzer.is_stopword("the"));
  EXPECT_TRUE(analyzer.is_stopword("what"));
  EXPECT_FALSE(analyzer.is_stopword("pompeo"));
}

}  // namespace
}  // namespace dossier::analysis
