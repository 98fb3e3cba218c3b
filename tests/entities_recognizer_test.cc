#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dossier/entities.h"
#include "entities/ner_features.h"
#include "entities/ner_tokenizer.h"

namespace dossier {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string corpus_file(std::string_view prefix) {
  for (const auto& e : std::filesystem::directory_iterator(DOSSIER_CORPUS_DIR)) {
    if (e.path().filename().string().starts_with(prefix)) return read_file(e.path());
  }
  ADD_FAILURE() << "no corpus file " << prefix;
  return {};
}

bool has(const std::vector<EntityMention>& mentions, EntityKind kind, std::string_view surface) {
  return std::any_of(mentions.begin(), mentions.end(), [&](const EntityMention& m) {
    return m.kind == kind && m.surface == surface;
  });
}

std::vector<std::string> words(std::string_view text) {
  entities::TokenizedText t;
  entities::tokenize(text, t);
  std::vector<std::string> out;
  for (const auto& tok : t.tokens) out.emplace_back(text.substr(tok.begin, tok.end - tok.begin));
  return out;
}

TEST(EntityTokenizer, SplitsLikeConll) {
  EXPECT_EQ(words("U.S. Secretary of State Mike Pompeo (right) shakes hands."),
            (std::vector<std::string>{"U.S.", "Secretary", "of", "State", "Mike", "Pompeo", "(",
                                      "right", ")", "shakes", "hands", "."}));
  EXPECT_EQ(words("Venezuela's Maduro didn't say \"no\", Mr. Smith-Jones said."),
            (std::vector<std::string>{"Venezuela", "'s", "Maduro", "did", "n't", "say", "\"",
                                      "no", "\"", ",", "Mr.", "Smith-Jones", "said", "."}));
  EXPECT_EQ(words("the Dialogue\xE2\x80\x99s advisor paid $1,000 at 10:30."),
            (std::vector<std::string>{"the", "Dialogue", "\xE2\x80\x99s", "advisor", "paid", "$",
                                      "1,000", "at", "10:30", "."}));
  // At the end of a line an abbreviation gives its period to the sentence.
  EXPECT_EQ(words("He works for Acme Inc."),
            (std::vector<std::string>{"He", "works", "for", "Acme", "Inc", "."}));
}

TEST(EntityTokenizer, SentencesFollowLinesAndFullStops) {
  entities::TokenizedText t;
  entities::tokenize("One line here\nAnother one. And a third.", t);
  // Sentences: [One line here] [Another one .] [And a third .]
  ASSERT_EQ(t.sentence_starts, (std::vector<std::uint32_t>{0, 3, 6, 10}));
}

TEST(EntityTokenizer, OffsetsCoverTheTextAndSurviveBadUtf8) {
  std::string text = "Caf\xC3\xA9 \xFF\xFE M\xC3\xBCller \xE2\x82 end\xC3";
  entities::TokenizedText t;
  entities::tokenize(text, t);
  ASSERT_FALSE(t.tokens.empty());
  std::size_t last = 0;
  for (const auto& tok : t.tokens) {
    EXPECT_LE(last, tok.begin);
    EXPECT_LT(tok.begin, tok.end);
    EXPECT_LE(tok.end, text.size());
    last = tok.end;
  }
}

TEST(EntityFeatures, NormalisationFoldsCaseAccentsDigitsAndQuotes) {
  std::string out;
  entities::normalize_word("Piñera", out);
  EXPECT_EQ(out, "pinera");
  entities::normalize_word("1996-08-22", out);
  EXPECT_EQ(out, "0000-00-00");
  entities::normalize_word("\xE2\x80\x99s", out);
  EXPECT_EQ(out, "'s");
  entities::normalize_word("bad\xFFword", out);  // must not throw or crash
  EXPECT_FALSE(out.empty());
}

TEST(EntityRecognizer, FindsPeoplePlacesAndOrganisationsInTheCorpus) {
  const EntityRecognizer& r = EntityRecognizer::Default();
  std::string text = corpus_file("000_");
  auto mentions = r.recognize(text).value();
  EXPECT_TRUE(has(mentions, EntityKind::kPerson, "Mike Pompeo"));
  EXPECT_TRUE(has(mentions, EntityKind::kPlace, "Venezuela"));
  EXPECT_TRUE(has(mentions, EntityKind::kPlace, "Chile"));
  EXPECT_TRUE(has(mentions, EntityKind::kOrganization, "Lima Group"));
  EXPECT_TRUE(has(mentions, EntityKind::kPerson, "Nicolás Maduro"));  // accents are letters

  std::string peru = corpus_file("001_");
  auto more = r.recognize(peru).value();
  EXPECT_TRUE(has(more, EntityKind::kPerson, "Mike Pompeo"));
  EXPECT_TRUE(has(more, EntityKind::kPlace, "Peru"));
  EXPECT_TRUE(has(more, EntityKind::kOrganization, "Lima Group"));
}

TEST(EntityRecognizer, MentionsAreOrderedAndSliceToTheirSurface) {
  const EntityRecognizer& r = EntityRecognizer::Default();
  for (const auto& e : std::filesystem::directory_iterator(DOSSIER_CORPUS_DIR)) {
    std::string text = read_file(e.path());
    auto mentions = r.recognize(text).value();
    EXPECT_FALSE(mentions.empty()) << e.path();
    std::size_t last_end = 0;
    for (const auto& m : mentions) {
      ASSERT_LT(m.begin, m.end);
      ASSERT_LE(m.end, text.size());
      EXPECT_LE(last_end, m.begin);
      EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.surface);
      last_end = m.end;
    }
  }
}

TEST(EntityRecognizer, PlainSentence) {
  auto mentions = EntityRecognizer::Default()
                      .recognize(
                          "German Chancellor Angela Merkel met officials of the European Union "
                          "in Brussels on Monday.")
                      .value();
  EXPECT_TRUE(has(mentions, EntityKind::kPerson, "Angela Merkel"));
  EXPECT_TRUE(has(mentions, EntityKind::kOrganization, "European Union"));
  EXPECT_TRUE(has(mentions, EntityKind::kPlace, "Brussels"));
  // MISC ("German") is never reported.
  EXPECT_FALSE(std::any_of(mentions.begin(), mentions.end(),
                           [](const EntityMention& m) { return m.surface == "German"; }));
}

// Names of the 2020s that the 1996 training text never saw: the gazetteers
// (data/lexicons) carry companies, outlets and team nicknames into the model.
TEST(EntityRecognizer, GazetteersNameCompaniesOutletsAndTeams) {
  const EntityRecognizer& r = EntityRecognizer::Default();
  auto companies = r.recognize(
                        "Shares of Moderna and BioNTech rose on Monday after the European "
                        "Medicines Agency met, Field Level Media reported.")
                       .value();
  EXPECT_TRUE(has(companies, EntityKind::kOrganization, "Moderna"));
  EXPECT_TRUE(has(companies, EntityKind::kOrganization, "BioNTech"));
  EXPECT_TRUE(has(companies, EntityKind::kOrganization, "European Medicines Agency"));
  EXPECT_TRUE(has(companies, EntityKind::kOrganization, "Field Level Media"));

  auto teams = r.recognize(
                    "The Huskies beat the Cougars 31-20 on Saturday, and the Buckeyes lost to "
                    "the Wolverines.")
                   .value();
  for (std::string_view team : {"Huskies", "Cougars", "Buckeyes", "Wolverines"})
    EXPECT_TRUE(has(teams, EntityKind::kOrganization, team)) << team;

  auto titled = r.recognize(
                     "Riverside County Sheriff Chad Bianco said deputies were sent to the "
                     "airport.")
                    .value();
  EXPECT_TRUE(has(titled, EntityKind::kPlace, "Riverside County"));
  EXPECT_TRUE(has(titled, EntityKind::kPerson, "Chad Bianco"));  // the title is not the name
}

TEST(EntityRecognizer, EmptyAndHostileInputDoNotCrash) {
  const EntityRecognizer& r = EntityRecognizer::Default();
  EXPECT_TRUE(r.recognize("").value().empty());
  EXPECT_TRUE(r.recognize("   \n\n\t ").value().empty());
  // Whatever hostile text gives (often nothing), each mention must be a
  // slice of the text, in order.
  auto expect_slices = [&](const std::string& text) {
    auto mentions = r.recognize(text);
    ASSERT_TRUE(mentions) << mentions.error().to_string();
    std::size_t last_end = 0;
    for (const auto& m : *mentions) {
      ASSERT_LT(m.begin, m.end);
      ASSERT_LE(m.end, text.size());
      EXPECT_LE(last_end, m.begin);
      EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.surface);
      last_end = m.end;
    }
  };
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
  expect_slices(junk);
  // Invalid UTF-8 around names: the names are still found.
  std::string invalid = "President \xC3 Pompeo visited \xFF\xFE Lima \xE2\x82 and \xF4\x90\x80\x80 Chile";
  expect_slices(invalid);
  EXPECT_FALSE(r.recognize(invalid).value().empty());
  // Long runs without spaces or sentence breaks.
  expect_slices(std::string(100000, 'A'));
  std::string long_sentence;
  for (int i = 0; i < 20000; ++i) long_sentence += "Smith ";
  expect_slices(long_sentence);
  expect_slices(std::string(5000, '.'));
  expect_slices(std::string(5000, '\''));
}

TEST(EntityRecognizer, ConcurrentCallsAgree) {
  const EntityRecognizer& r = EntityRecognizer::Default();
  std::string text = corpus_file("002_");
  auto expected = r.recognize(text).value();
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<std::size_t> counts(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) counts[t] = r.recognize(text).value().size();
    });
  }
  for (auto& th : threads) th.join();
  for (auto c : counts) EXPECT_EQ(c, expected.size());
}

class EntityModelFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dossier-ner-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, std::string_view bytes) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(EntityModelFile, LoadsTheShippedModel) {
  auto model = std::filesystem::path(DOSSIER_SOURCE_DIR) / "data" / "ner-model.bin";
  ASSERT_TRUE(std::filesystem::exists(model));
  auto r = EntityRecognizer::Load(model);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  auto mentions = r->recognize("Mike Pompeo flew to Lima, Peru.").value();
  EXPECT_TRUE(has(mentions, EntityKind::kPerson, "Mike Pompeo"));
  EXPECT_TRUE(has(mentions, EntityKind::kPlace, "Peru"));
}

TEST_F(EntityModelFile, TruncatedOrDamagedFilesAreCorruption) {
  auto model = std::filesystem::path(DOSSIER_SOURCE_DIR) / "data" / "ner-model.bin";
  std::string bytes = read_file(model);
  ASSERT_GT(bytes.size(), 1000u);
  for (std::size_t len : {std::size_t{0}, std::size_t{5}, std::size_t{40}, bytes.size() / 2,
                          bytes.size() - 1}) {
    auto r = EntityRecognizer::Load(write("cut.bin", std::string_view(bytes).substr(0, len)));
    ASSERT_FALSE(r.has_value()) << len;
    EXPECT_EQ(r.error().code, ErrorCode::kCorruption) << len;
    EXPECT_NE(r.error().message.find("cut.bin"), std::string::npos);
  }
  std::string flipped = bytes;
  flipped[flipped.size() / 3] ^= 0x40;
  auto r = EntityRecognizer::Load(write("flipped.bin", flipped));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
}

TEST_F(EntityModelFile, MissingFileIsNotFound) {
  auto r = EntityRecognizer::Load(dir_ / "nope.bin");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dossier
