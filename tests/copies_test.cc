// One story, many copies (issue 16): near-duplicate signatures, copy groups
// kept right through replace and delete, collapsing, and related articles.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <sstream>

#include "copies_fixture.h"
#include "dossier/dossier.h"
#include "index/near_duplicate.h"
#include "index/schema.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::ScratchDir;
using namespace testing::copies;

std::optional<index::CopySignature> signature_of(const std::string& text) {
  index::SignatureBuilder builder;
  std::istringstream words(text);
  for (std::string word; words >> word;) builder.add_word(word);
  return builder.finish();
}

TEST(CopySignature, ExactCopyLightEditAndOtherStory) {
  auto wire = signature_of(kWire), copy = signature_of(kWire), edited = signature_of(kWireEdited),
       other = signature_of(kVenezuelaOther);
  ASSERT_TRUE(wire && copy && edited && other);
  EXPECT_EQ(index::similarity(*wire, *copy), 1.0);
  EXPECT_GE(index::similarity(*wire, *edited), index::kSameStory);
  EXPECT_LT(index::similarity(*wire, *other), 0.2);
  EXPECT_EQ(index::band_terms(*wire), index::band_terms(*copy));
  EXPECT_EQ(index::founding_group_key(*wire), index::founding_group_key(*copy));
  EXPECT_NE(index::founding_group_key(*wire), index::founding_group_key(*edited));
  auto decoded = index::decode_signature(index::encode_signature(*edited));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->minimums, edited->minimums);
  EXPECT_FALSE(index::decode_signature("short"));
}

TEST(CopySignature, KeyAtAShareBoundsThatShareOfTheHashSpace) {
  EXPECT_EQ(index::group_key_at_share(0), "0000000000000000");
  EXPECT_EQ(index::group_key_at_share(0.5), "8000000000000000");
  EXPECT_EQ(index::group_key_at_share(1), "ffffffffffffffff");
  EXPECT_EQ(index::group_key_at_share(2), "ffffffffffffffff");
  // Keys are 16 lower-case hex digits, compared as bytes by OP_VALUE_LE.
  const std::string key = index::founding_group_key(*signature_of(
      "one two three four five six seven eight nine ten eleven twelve"));
  ASSERT_EQ(key.size(), 16u);
  EXPECT_LE(key, index::group_key_at_share(1));
  EXPECT_EQ(key <= index::group_key_at_share(0.5), key[0] < '8' || key == "8000000000000000");
}

TEST(CopySignature, ShortTextHasNone) {
  EXPECT_FALSE(signature_of("Photo: Reuters"));
  EXPECT_FALSE(signature_of("one two three four five six seven eight nine"));  // 7 shingles
  EXPECT_TRUE(signature_of("one two three four five six seven eight nine ten"));
}

// A small archive of wire copies and other stories.
class CopyGroups : public ::testing::Test {
 protected:
  void SetUp() override {
    add(archive());
  }

  void add(const std::vector<Document>& articles) {
    auto writer = IndexWriter::Open(path());
    ASSERT_TRUE(writer) << writer.error().to_string();
    for (const Document& article : articles) ASSERT_TRUE(writer->add_or_replace(article));
    ASSERT_TRUE(writer->commit());
  }
  void remove(const std::string& id) {
    auto writer = IndexWriter::Open(path());
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->remove(id));
    ASSERT_TRUE(writer->commit());
  }

  // With snippets, hits read their copy group from the word map; without,
  // from the summary.
  SearchResults search(const std::string& query, bool collapse, std::size_t snippet_bytes = 240) {
    auto searcher = Searcher::Open(path());
    EXPECT_TRUE(searcher) << searcher.error().to_string();
    SearchRequest request{.query = query, .snippet_bytes = snippet_bytes};
    request.collapse_copies = collapse;
    auto results = searcher->search(request);
    EXPECT_TRUE(results) << results.error().to_string();
    return results ? *results : SearchResults{};
  }

  const Hit* find(const SearchResults& results, const std::string& id) {
    for (const Hit& hit : results.hits) {
      if (hit.id == id) return &hit;
    }
    return nullptr;
  }

  std::filesystem::path path() const { return dir_ / "index"; }
  ScratchDir dir_{"copies"};
};

TEST_F(CopyGroups, CopiesAreCountedWithTheirSources) {
  SearchResults all = search("venezuela oil exports", /*collapse=*/false);
  ASSERT_EQ(testing::hit_ids(all),
            (std::set<std::string>{"reuters-1", "bbc-1", "guardian-1", "venezuela-2", "short-1",
                                   "short-2"}));
  const Hit* bbc = find(all, "bbc-1");
  ASSERT_NE(bbc, nullptr);
  EXPECT_EQ(bbc->other_copies, 2u);  // the exact copy and the light edit
  EXPECT_EQ(bbc->copy_sources, (std::vector<std::string>{"Reuters", "The Guardian"}));
  const Hit* guardian = find(all, "guardian-1");
  ASSERT_NE(guardian, nullptr);
  EXPECT_EQ(guardian->other_copies, 2u);
  EXPECT_EQ(guardian->copy_sources, (std::vector<std::string>{"BBC News", "Reuters"}));
  // Another story on the same topic, and bodies too short to judge, stand alone.
  EXPECT_EQ(find(all, "venezuela-2")->other_copies, 0u);
  EXPECT_EQ(find(all, "short-1")->other_copies, 0u);
}

TEST_F(CopyGroups, CollapsingListsOneHitPerStoryAndCountsArticles) {
  SearchResults all = search("venezuela oil exports", false);
  SearchResults collapsed = search("venezuela oil exports", true);
  EXPECT_EQ(all.hits.size(), 6u);
  EXPECT_EQ(all.total, 6u);
  EXPECT_EQ(all.stories, 6u);
  // One of the three copies stands for them all; total and facets count articles.
  EXPECT_EQ(collapsed.hits.size(), 4u);
  EXPECT_EQ(collapsed.total, 6u);
  EXPECT_TRUE(collapsed.exact);
  EXPECT_EQ(collapsed.stories, 4u);
  std::size_t wire_hits = 0;
  for (const Hit& hit : collapsed.hits) {
    if (hit.id == "reuters-1" || hit.id == "bbc-1" || hit.id == "guardian-1") {
      ++wire_hits;
      EXPECT_EQ(hit.other_copies, 2u);
    }
  }
  EXPECT_EQ(wire_hits, 1u);
  std::size_t source_count = 0;
  for (const FieldFacet& facet : collapsed.field_facets) {
    if (facet.field != "source") continue;
    for (const FacetValue& value : facet.top) source_count += value.count;
  }
  EXPECT_EQ(source_count, 6u);
}

TEST_F(CopyGroups, GroupOutlivesItsFoundingArticle) {
  remove("reuters-1");  // the oldest copy, whose signature named the group
  SearchResults collapsed = search("venezuela oil exports", true);
  // The two remaining copies, venezuela-2 and the two short ones (never grouped).
  EXPECT_EQ(collapsed.hits.size(), 4u);
  const Hit* wire =
      find(collapsed, "bbc-1") ? find(collapsed, "bbc-1") : find(collapsed, "guardian-1");
  ASSERT_NE(wire, nullptr);
  EXPECT_EQ(wire->other_copies, 1u);
  // A new copy joins the group the remaining copies keep.
  add({{"ap-1", "Venezuelan exports slump", kWire, "AP"}});
  SearchResults again = search("venezuela oil exports", false);
  ASSERT_NE(find(again, "ap-1"), nullptr);
  EXPECT_EQ(find(again, "ap-1")->other_copies, 2u);
  EXPECT_EQ(find(again, "ap-1")->copy_sources,
            (std::vector<std::string>{"BBC News", "The Guardian"}));
}

// Each summary keeps its article's copy group (kCopyGroupSlot's key, empty
// for none) and whether others share it, so that a hit without copies reads
// one value, and so does each word map, for hits with a snippet; an index
// written before summaries and word maps kept it still reports the same
// copies.
TEST_F(CopyGroups, SummariesKeepTheGroupAndOlderSummariesStillWork) {
  const SearchResults before = search("venezuela oil exports", false);
  {
    Xapian::WritableDatabase database(path().string());
    std::set<std::string> marked;
    for (auto posting = database.postlist_begin(""); posting != database.postlist_end("");
         ++posting) {
      Xapian::Document document = database.get_document(*posting);
      auto summary = index::decode_summary(document.get_value(index::kSummarySlot));
      ASSERT_TRUE(summary);
      ASSERT_TRUE(summary->copy_group);
      EXPECT_EQ(summary->copy_group->key, document.get_value(index::kCopyGroupSlot)) << summary->id;
      if (summary->copy_group->may_have_copies) marked.insert(summary->id);
      // The word map, which hits with a snippet read, keeps the same group.
      index::WordMap word_map;
      ASSERT_TRUE(index::decode_word_map(document.get_value(index::kWordMapSlot), SIZE_MAX,
                                         word_map));
      ASSERT_TRUE(word_map.copy_group) << summary->id;
      EXPECT_EQ(word_map.copy_group->key, summary->copy_group->key) << summary->id;
      EXPECT_EQ(word_map.copy_group->may_have_copies, summary->copy_group->may_have_copies)
          << summary->id;
      // Rewrite it as an index of before: id, title and date only, and a word
      // map without the group.
      summary->copy_group.reset();
      document.add_value(index::kSummarySlot, index::encode_summary(*summary));
      word_map.copy_group.reset();
      document.add_value(index::kWordMapSlot, index::encode_word_map(word_map));
      database.replace_document(*posting, document);
    }
    // The founder (reuters-1) too, marked when bbc-1 joined it; no other.
    EXPECT_EQ(marked, (std::set<std::string>{"reuters-1", "bbc-1", "guardian-1"}));
    database.commit();
  }
  const SearchResults after = search("venezuela oil exports", false);
  ASSERT_EQ(testing::hit_ids(after), testing::hit_ids(before));
  for (const Hit& hit : before.hits) {
    const Hit* same = find(after, hit.id);
    ASSERT_NE(same, nullptr);
    EXPECT_EQ(same->other_copies, hit.other_copies) << hit.id;
    EXPECT_EQ(same->copy_sources, hit.copy_sources) << hit.id;
  }
  EXPECT_EQ(find(after, "bbc-1")->other_copies, 2u);
}

// A lone article is marked as it gets its first copy, in a later commit.
TEST_F(CopyGroups, LoneArticleIsMarkedWhenACopyJoinsIt) {
  EXPECT_EQ(find(search("pdvsa", false), "venezuela-2")->other_copies, 0u);
  add({{"ap-2", "PDVSA output cut", kVenezuelaOther, "AP"}});
  const SearchResults results = search("pdvsa", false);
  ASSERT_NE(find(results, "venezuela-2"), nullptr);
  EXPECT_EQ(find(results, "venezuela-2")->other_copies, 1u);
  EXPECT_EQ(find(results, "venezuela-2")->copy_sources, (std::vector<std::string>{"AP"}));
  EXPECT_EQ(find(results, "ap-2")->copy_sources, (std::vector<std::string>{"Reuters"}));
  const SearchResults without_snippets = search("pdvsa", false, /*snippet_bytes=*/0);
  ASSERT_NE(find(without_snippets, "venezuela-2"), nullptr);
  EXPECT_EQ(find(without_snippets, "venezuela-2")->other_copies, 1u);
}

TEST(CopySummary, RoundTripAndDamage) {
  index::Summary written{"a", "T", std::nullopt, std::nullopt};
  std::string summary = index::encode_summary(written);
  EXPECT_FALSE(index::decode_summary(summary)->copy_group);
  written.copy_group = index::SummaryCopyGroup{"key", true, std::nullopt};
  summary = index::encode_summary(written);
  auto read = index::decode_summary(summary);
  ASSERT_TRUE(read && read->copy_group);
  EXPECT_EQ(read->copy_group->key, "key");
  EXPECT_TRUE(read->copy_group->may_have_copies);
  EXPECT_FALSE(read->copy_group->outlet);  // a summary of before format 4
  EXPECT_FALSE(index::decode_summary(summary + "x"));  // bytes after the mark, not an outlet
  written.copy_group->outlet = "BBC News";
  const std::string with_outlet = index::encode_summary(written);
  read = index::decode_summary(with_outlet);
  ASSERT_TRUE(read && read->copy_group);
  EXPECT_EQ(read->copy_group->outlet, "BBC News");
  EXPECT_FALSE(index::decode_summary(with_outlet + "x"));  // bytes after the outlet
  summary.back() = '\2';                                  // a mark that is neither
  EXPECT_FALSE(index::decode_summary(summary));
  summary.pop_back();                                      // no mark
  EXPECT_FALSE(index::decode_summary(summary));
}

// A hit's copies come from one scan of its group's XK terms (index::
// kCopyOutletTermsKey) in an index created now, and from reading each copy
// in an older one: both must say the same, with snippets (outlet from the
// stored article) and without (from the summary), including a copy from the
// hit's own outlet.
TEST_F(CopyGroups, OutletTermsSayWhatReadingEveryCopySays) {
  add({{"reuters-2", "Venezuela oil exports fall again", kWire, "Reuters"},
       {"ap-1", "Venezuelan exports slump", kWire, "AP"}});
  {
    Xapian::Database database(path().string());
    ASSERT_EQ(database.get_metadata(std::string(index::kCopyOutletTermsKey)), "1");
    std::size_t outlet_terms = 0;
    const std::string prefix(index::kCopyOutletPrefix);
    for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix);
         ++term) {
      outlet_terms += term.get_termfreq();
    }
    std::size_t grouped = 0;
    for (auto posting = database.postlist_begin(""); posting != database.postlist_end("");
         ++posting) {
      grouped += !database.get_document(*posting).get_value(index::kCopyGroupSlot).empty();
    }
    EXPECT_EQ(outlet_terms, grouped);  // one XK term per grouped article
  }
  const std::vector<std::string> queries{"venezuela oil exports", "pdvsa", "liverpool"};
  std::vector<SearchResults> from_terms;
  for (const std::string& query : queries) {
    for (std::size_t snippet_bytes : {std::size_t{0}, std::size_t{240}}) {
      from_terms.push_back(search(query, false, snippet_bytes));
    }
  }
  const Hit* reuters = find(from_terms[0], "reuters-1");
  ASSERT_NE(reuters, nullptr);
  EXPECT_EQ(reuters->other_copies, 4u);
  EXPECT_EQ(reuters->copy_sources,
            (std::vector<std::string>{"AP", "BBC News", "Reuters", "The Guardian"}));
  EXPECT_EQ(find(from_terms[0], "bbc-1")->copy_sources,
            (std::vector<std::string>{"AP", "Reuters", "The Guardian"}));
  {
    Xapian::WritableDatabase database(path().string());
    database.set_metadata(std::string(index::kCopyOutletTermsKey), "");
    database.commit();
  }
  std::size_t i = 0;
  for (const std::string& query : queries) {
    for (std::size_t snippet_bytes : {std::size_t{0}, std::size_t{240}}) {
      const SearchResults read = search(query, false, snippet_bytes);
      const SearchResults& scanned = from_terms[i++];
      ASSERT_EQ(testing::hit_ids(read), testing::hit_ids(scanned)) << query;
      for (const Hit& hit : scanned.hits) {
        const Hit* same = find(read, hit.id);
        ASSERT_NE(same, nullptr);
        EXPECT_EQ(same->other_copies, hit.other_copies) << query << " " << hit.id;
        EXPECT_EQ(same->copy_sources, hit.copy_sources) << query << " " << hit.id;
      }
    }
  }
}

TEST_F(CopyGroups, ReplacingAnArticleMovesItBetweenGroups) {
  add({{"bbc-1", "Liverpool beat City", kFootball, "BBC News"}});  // now a football copy
  SearchResults wire = search("venezuela oil exports", false);
  EXPECT_EQ(find(wire, "reuters-1")->other_copies, 1u);
  EXPECT_EQ(find(wire, "reuters-1")->copy_sources, (std::vector<std::string>{"The Guardian"}));
  SearchResults football = search("liverpool", false);
  ASSERT_NE(find(football, "football-1"), nullptr);
  EXPECT_EQ(find(football, "football-1")->other_copies, 1u);
  // Replaced by the same text, an article stays in its group.
  add({{"guardian-1", "Oil exports fall in Venezuela", kWireEdited, "The Guardian"}});
  EXPECT_EQ(find(search("venezuela oil exports", false), "guardian-1")->other_copies, 1u);
}

TEST_F(CopyGroups, RelatedExcludesItselfAndItsCopies) {
  auto searcher = Searcher::Open(path());
  ASSERT_TRUE(searcher);
  auto related = searcher->related("reuters-1", 3);
  ASSERT_TRUE(related) << related.error().to_string();
  ASSERT_FALSE(related->empty());
  EXPECT_EQ(related->front().id, "venezuela-2");  // same topic, another story
  for (const Hit& hit : *related) {
    EXPECT_NE(hit.id, "reuters-1");
    EXPECT_NE(hit.id, "bbc-1");
    EXPECT_NE(hit.id, "guardian-1");
  }
  auto football = searcher->related("football-1", 3);
  ASSERT_TRUE(football);
  ASSERT_FALSE(football->empty());
  EXPECT_EQ(football->front().id, "football-2");
  auto missing = searcher->related("no-such-article");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CopyGroups, RelatedListsOneArticlePerStory) {
  auto searcher = Searcher::Open(path());
  ASSERT_TRUE(searcher);
  auto related = searcher->related("venezuela-2", 5);
  ASSERT_TRUE(related) << related.error().to_string();
  std::size_t wire_hits = 0;
  for (const Hit& hit : *related) {
    EXPECT_NE(hit.id, "venezuela-2");
    if (hit.id == "reuters-1" || hit.id == "bbc-1" || hit.id == "guardian-1") {
      ++wire_hits;
      EXPECT_EQ(hit.other_copies, 2u);
    }
  }
  EXPECT_EQ(wire_hits, 1u);
  EXPECT_EQ(related->front().other_copies, 2u);  // the wire story is the closest
}

// corpus/: five different stories, none a copy of another; a reprint of one
// joins it.
class CorpusCopies : public testing::CorpusIndexTest {};

TEST_F(CorpusCopies, NoCorpusArticleIsACopyAndRelatedSkipsItself) {
  SearchResults results = search(SearchRequest{.query = "", .limit = 10});
  ASSERT_EQ(results.hits.size(), 5u);
  for (const Hit& hit : results.hits) EXPECT_EQ(hit.other_copies, 0u) << hit.id;
  auto related = searcher_->related(testing::k000, 10);
  ASSERT_TRUE(related) << related.error().to_string();
  EXPECT_FALSE(related->empty());
  EXPECT_LE(related->size(), 4u);
  std::set<std::string> ids;
  for (const Hit& hit : *related) {
    EXPECT_NE(hit.id, testing::k000);
    ids.insert(hit.id);
  }
  EXPECT_EQ(ids.size(), related->size());
}

TEST(CorpusReprint, AReprintOfACorpusArticleJoinsIt) {
  ScratchDir dir("corpus-reprint");
  testing::index_corpus(dir / "index");
  auto searcher = Searcher::Open(dir / "index");
  ASSERT_TRUE(searcher);
  auto original = searcher->get(testing::k002);
  ASSERT_TRUE(original);
  {
    auto writer = IndexWriter::Open(dir / "index");
    ASSERT_TRUE(writer);
    Document reprint = *original;
    reprint.id = "reprint-of-002";
    reprint.source = "Reprint Daily";
    reprint.entities.clear();
    ASSERT_TRUE(writer->add_or_replace(reprint));
    ASSERT_TRUE(writer->commit());
  }
  SearchRequest request{.query = "", .limit = 10};
  request.collapse_copies = true;
  auto results = searcher->search(request);
  ASSERT_TRUE(results);
  EXPECT_EQ(results->total, 6u);
  ASSERT_EQ(results->hits.size(), 5u);
  std::size_t with_copy = 0;
  for (const Hit& hit : results->hits) {
    if (hit.other_copies == 0) continue;
    ++with_copy;
    EXPECT_TRUE(hit.id == testing::k002 || hit.id == "reprint-of-002") << hit.id;
  }
  EXPECT_EQ(with_copy, 1u);
}

}  // namespace
}  // namespace dossier
