// The entity tagger's word description, gazetteer features and UTF-8 reading,
// one rule at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "entities/ner_features.h"
#include "entities/ner_tokenizer.h"
#include "entities/ner_words.h"
#include "util/utf8.h"

namespace dossier {
namespace {

entities::WordInfo describe(std::string_view word) {
  entities::WordScratch scratch;
  entities::WordInfo info;
  entities::describe_word(word, scratch, info);
  return info;
}

// A gazetteer with one entry, hashed the way the trainer hashes lexicon lines.
entities::Lexicon lexicon_of(std::string_view entry) {
  entities::TokenizedText tokens;
  entities::tokenize(entry, tokens);
  std::uint64_t h = entities::kSeqSeed;
  std::string norm;
  for (const auto& t : tokens.tokens) {
    entities::normalize_word(entry.substr(t.begin, t.end - t.begin), norm);
    h = entities::seq_hash(h, entities::hash_bytes(norm));
  }
  entities::Lexicon lexicon;
  lexicon.add(h, 1u, static_cast<int>(tokens.tokens.size()));
  return lexicon;
}

// Features of each word of one sentence, as the first stage sees them.
std::vector<std::vector<std::uint64_t>> features(const std::vector<std::string_view>& words,
                                                 const entities::Lexicon* lexicon) {
  entities::DocWords doc;
  doc.words = words;
  doc.sentence_starts = {0, static_cast<std::uint32_t>(words.size())};
  entities::FeatureExtractor extractor;
  extractor.set_lexicon(lexicon);
  entities::FeatureList list;
  extractor.extract(doc, nullptr, list);
  std::vector<std::vector<std::uint64_t>> out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out.emplace_back(list.feats.begin() + list.offsets[i], list.feats.begin() + list.offsets[i + 1]);
  return out;
}

// The features of with that plain lacks, sorted.
std::vector<std::uint64_t> added(std::vector<std::uint64_t> with, std::vector<std::uint64_t> plain) {
  std::sort(with.begin(), with.end());
  std::sort(plain.begin(), plain.end());
  std::vector<std::uint64_t> out;
  std::set_difference(with.begin(), with.end(), plain.begin(), plain.end(), std::back_inserter(out));
  return out;
}

TEST(EntityWords, ShapeAndCaseDoNotDependOnTheLetters) {
  entities::WordInfo pompeo = describe("Pompeo"), pinera = describe("Piñera");
  EXPECT_EQ(pompeo.cshape, pinera.cshape);  // "Xx": an accented letter is a letter
  EXPECT_EQ(pompeo.flags, pinera.flags);
  EXPECT_TRUE(pompeo.flags & entities::kInitCap);
  EXPECT_FALSE(pompeo.flags & entities::kAllCaps);
  EXPECT_NE(pompeo.lower, pinera.lower);

  entities::WordInfo nato = describe("NATO");
  EXPECT_TRUE(nato.flags & entities::kAllCaps);
  EXPECT_NE(nato.cshape, pompeo.cshape);
  EXPECT_TRUE(describe("—").flags & entities::kNoAlnum);
  EXPECT_TRUE(describe("2020").flags & entities::kHasDigit);
}

TEST(EntityWords, CaseAndAccentsDoNotChangeTheNormalisedWord) {
  EXPECT_EQ(describe("PIÑERA").lower, describe("pinera").lower);
  EXPECT_EQ(describe("PIÑERA").suffix[2], describe("Pinera").suffix[2]);  // "era"
  EXPECT_NE(describe("PIÑERA").raw, describe("pinera").raw);             // as written
}

TEST(EntityWords, AffixesAreCutAtCharacterBoundaries) {
  entities::WordInfo accented = describe("Zoë");  // normalised "zoe"
  EXPECT_EQ(accented.suffix[0], describe("Joe").suffix[0]);
  EXPECT_EQ(accented.prefix[3], 0u);  // a three-letter word has no four-letter prefix
}

TEST(EntityGazetteer, AnEntryMarksEveryWordOfItsMatchAndItsNeighbours) {
  entities::Lexicon outlets = lexicon_of("Field Level Media");
  std::vector<std::string_view> sentence{"Reported", "by", "Field", "Level", "Media", "on",
                                         "Sunday"};
  auto plain = features(sentence, nullptr);
  auto with = features(sentence, &outlets);
  for (std::size_t i : {2, 3, 4}) EXPECT_GT(with[i].size(), plain[i].size()) << sentence[i];
  // Beginning, inside and last word get different codes.
  EXPECT_NE(added(with[2], plain[2]), added(with[3], plain[3]));
  EXPECT_NE(added(with[3], plain[3]), added(with[4], plain[4]));
  for (std::size_t i : {1, 5}) EXPECT_EQ(with[i].size(), plain[i].size() + 1) << sentence[i];
  for (std::size_t i : {0, 6}) EXPECT_EQ(with[i], plain[i]) << sentence[i];
}

TEST(EntityGazetteer, MatchesIgnoreCaseButNotPartialEntries) {
  entities::Lexicon outlets = lexicon_of("Field Level Media");
  std::vector<std::string_view> upper{"FIELD", "LEVEL", "MEDIA"};
  EXPECT_GT(features(upper, &outlets)[0].size(), features(upper, nullptr)[0].size());
  std::vector<std::string_view> partial{"Field", "Level", "reports"};
  EXPECT_EQ(features(partial, &outlets), features(partial, nullptr));
}

TEST(Utf8Codec, DecodesWellFormedCharacters) {
  std::size_t length = 0;
  EXPECT_EQ(util::decode_utf8("a", 0, length), U'a');
  EXPECT_EQ(length, 1u);
  EXPECT_EQ(util::decode_utf8("xñ", 1, length), U'ñ');
  EXPECT_EQ(length, 2u);
  EXPECT_EQ(util::decode_utf8("\xF0\x9F\x98\x80", 0, length), U'\U0001F600');
  EXPECT_EQ(length, 4u);
}

// The runtime scores the features of single words once per distinct word and
// leaves them out of the sentence's lists: together they must be every feature
// the trainer sees, in both stages, or the tags would change.
TEST(NerFeatures, WordFeaturesAndTheRestAreTogetherEveryFeature) {
  entities::DocWords doc;
  doc.words = {"Mr.", "Pompeo", "met", "NATO", "envoys", "in", "Brussels", "on", "1990s", "night", "."};
  doc.sentence_starts = {0, 4, static_cast<std::uint32_t>(doc.words.size())};
  const std::vector<std::uint8_t> stage1_tags = {0, entities::make_tag(entities::kPer, entities::kU), 0,
                                                 entities::make_tag(entities::kOrg, entities::kU), 0, 0,
                                                 entities::make_tag(entities::kLoc, entities::kU), 0, 0, 0, 0};
  entities::Lexicon lexicon = lexicon_of("Brussels");
  for (const std::uint8_t* tags : {static_cast<const std::uint8_t*>(nullptr), stage1_tags.data()}) {
    entities::FeatureExtractor extractor(lexicon);
    entities::FeatureList all, rest;
    extractor.extract(doc, tags, all);
    extractor.set_word_features(false);
    extractor.extract(doc, tags, rest);
    for (std::size_t i = 0; i < doc.words.size(); ++i) {
      std::vector<std::uint64_t> want(all.feats.begin() + all.offsets[i], all.feats.begin() + all.offsets[i + 1]);
      std::vector<std::uint64_t> got(rest.feats.begin() + rest.offsets[i], rest.feats.begin() + rest.offsets[i + 1]);
      const bool stage2 = tags != nullptr;
      entities::FeatureExtractor::own_features(describe(doc.words[i]), doc.words[i].size(), stage2, got);
      const bool first = i == 0 || i == 4, last = i == 3 || i + 1 == doc.words.size();
      entities::FeatureExtractor::neighbour_features(
          first ? entities::FeatureExtractor::sentence_edge(false) : describe(doc.words[i - 1]), -1, stage2, got);
      entities::FeatureExtractor::neighbour_features(
          last ? entities::FeatureExtractor::sentence_edge(true) : describe(doc.words[i + 1]), 1, stage2, got);
      // Two words away: the sentences are [0, 4) and [4, 11).
      const std::size_t sentence_begin = i < 4 ? 0 : 4, sentence_end = i < 4 ? 4 : doc.words.size();
      entities::FeatureExtractor::neighbour_features(
          i >= sentence_begin + 2 ? describe(doc.words[i - 2]) : entities::FeatureExtractor::sentence_edge(false),
          -2, stage2, got);
      entities::FeatureExtractor::neighbour_features(
          i + 2 < sentence_end ? describe(doc.words[i + 2]) : entities::FeatureExtractor::sentence_edge(true),
          2, stage2, got);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, want) << doc.words[i] << (tags ? " (stage 2)" : " (stage 1)");
      EXPECT_LT(rest.offsets[i + 1] - rest.offsets[i], all.offsets[i + 1] - all.offsets[i]);
    }
  }
}

TEST(Utf8Codec, AnIllFormedSequenceIsOneReplacementAndDecodingMovesOn) {
  std::string_view text = "\xE2\x82" "a\xFF" "b\xC3";  // truncated, stray byte, cut at the end
  std::u32string decoded;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    decoded += util::decode_utf8(text, pos, length);
    ASSERT_GE(length, 1u);
  }
  EXPECT_EQ(decoded, U"\uFFFDa\uFFFDb\uFFFD");
  std::size_t length = 0;
  EXPECT_EQ(util::decode_utf8("\xC0\xAF", 0, length), U'\uFFFD');  // overlong '/'
}

TEST(Utf8Codec, AppendsWhatItDecodesAndReplacesWhatIsNotACharacter) {
  std::string out;
  for (char32_t c : {U'A', U'ñ', U'€', U'\U0001F600'}) util::append_utf8(c, out);
  EXPECT_EQ(out, "Añ€\xF0\x9F\x98\x80");
  EXPECT_TRUE(util::is_valid_utf8(out));
  out.clear();
  util::append_utf8(0xD800, out);    // a surrogate
  util::append_utf8(0x110000, out);  // past Unicode
  EXPECT_EQ(out, "\uFFFD\uFFFD");
}

}  // namespace
}  // namespace dossier
