// After a commit, the facet column is extended by what the commit touched
// instead of rebuilt; it must equal a column built from scratch, and every
// Searcher must count from it exactly.
#include "search/facet_column.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "entities/collection.h"
#include "index/change_log.h"
#include "test_support.h"

namespace dossier::testing {
namespace {

// What a column says, by entity key strings rather than ordinals.
struct Described {
  std::map<std::string, std::uint32_t> documents;  // kind + key -> articles (non-zero)
  std::map<Xapian::docid, std::vector<std::string>> entities;
  bool operator==(const Described&) const = default;
};

Described describe(const search::FacetColumn& column, Xapian::docid last) {
  Described out;
  auto name = [&](std::uint32_t ordinal) {
    return std::string(to_string(column.key(ordinal).kind)) + ":" + column.key(ordinal).key;
  };
  for (std::uint32_t ordinal = 0; ordinal < column.size(); ++ordinal) {
    if (column.key(ordinal).documents > 0) out.documents[name(ordinal)] = column.key(ordinal).documents;
    EXPECT_EQ(column.kind(ordinal), column.key(ordinal).kind);
  }
  const std::vector<std::uint32_t>& by_key = column.by_key();
  EXPECT_EQ(by_key.size(), column.size());
  for (std::uint32_t rank = 0; rank < by_key.size(); ++rank) {
    EXPECT_EQ(column.rank(by_key[rank]), rank);
    if (rank > 0) {
      const auto& before = column.key(by_key[rank - 1]);
      const auto& key = column.key(by_key[rank]);
      EXPECT_LT(std::tie(before.kind, before.key), std::tie(key.kind, key.key))
          << "by_key out of (kind, key) order";
    }
  }
  for (Xapian::docid docid = 1; docid <= last; ++docid) {
    auto [begin, end] = column.entities(docid);
    for (auto ordinal = begin; ordinal != end; ++ordinal) out.entities[docid].push_back(name(*ordinal));
  }
  return out;
}

// What an attribute column says, by (field, value) strings rather than ordinals.
struct DescribedAttributes {
  std::map<std::string, std::uint32_t> documents;  // field=value -> articles (non-zero)
  std::map<Xapian::docid, std::vector<std::string>> values;
  std::map<Xapian::docid, std::int32_t> days;
  std::int32_t first_day = 0, last_day = 0;
  bool operator==(const DescribedAttributes&) const = default;
};

DescribedAttributes describe(const search::AttributeColumn& column, Xapian::docid last) {
  DescribedAttributes out;
  auto name = [&](std::uint32_t ordinal) {
    return column.key(ordinal).field + "=" + column.key(ordinal).value;
  };
  for (std::uint32_t ordinal = 0; ordinal < column.size(); ++ordinal) {
    if (column.key(ordinal).documents > 0) out.documents[name(ordinal)] = column.key(ordinal).documents;
    if (ordinal > 0) {
      const auto& before = column.key(ordinal - 1);
      const auto& key = column.key(ordinal);
      EXPECT_LT(std::tie(before.field, before.value), std::tie(key.field, key.value))
          << "ordinals out of (field, value) order";
    }
  }
  for (Xapian::docid docid = 1; docid <= last; ++docid) {
    auto [begin, end] = column.attributes(docid);
    for (auto ordinal = begin; ordinal != end; ++ordinal) out.values[docid].push_back(name(*ordinal));
    if (column.day(docid) != search::AttributeColumn::kNoDate) out.days[docid] = column.day(docid);
  }
  out.first_day = column.first_day();
  out.last_day = column.last_day();
  return out;
}

class FacetColumnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto read = read_text_folder(kCorpusDir, [&](Document&& document) {
      articles_.push_back(std::move(document));
      return Status{};
    });
    ASSERT_TRUE(read);
    std::sort(articles_.begin(), articles_.end(),
              [](const Document& a, const Document& b) { return a.id < b.id; });
    ASSERT_EQ(articles_.size(), 5u);
    // Sources, fields and dates for the attribute column beside the entities.
    for (std::size_t i = 0; i < articles_.size(); ++i) {
      articles_[i].source = i % 2 ? "Wire" : "Daily";
      articles_[i].fields = {{"category", i < 3 ? "world" : "politics"}};
      if (i != 2) articles_[i].published = std::chrono::sys_days(std::chrono::days(18000 + 3 * i));
    }
  }

  void commit(const std::function<void(IndexWriter&)>& changes) {
    auto writer = IndexWriter::Open(index_);
    ASSERT_TRUE(writer) << writer.error().to_string();
    changes(*writer);
    ASSERT_TRUE(writer->commit());
  }

  ScratchDir scratch_{"facet-column"};
  std::filesystem::path index_ = scratch_.path() / "index";
  std::vector<Document> articles_;
};

TEST_F(FacetColumnTest, ChangeLogListsWhatEachCommitTouched) {
  commit([&](IndexWriter& w) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(w.add_or_replace(articles_[i]));
  });
  const Xapian::rev first = Xapian::Database(index_.string()).get_revision();
  commit([&](IndexWriter& w) {
    ASSERT_TRUE(w.add_or_replace(articles_[1]));  // docid 2, replaced
    ASSERT_TRUE(w.remove(articles_[2].id));       // docid 3, deleted
    ASSERT_TRUE(w.add_or_replace(articles_[3]));  // docid 4, new
  });
  Xapian::Database database(index_.string());
  const Xapian::rev second = database.get_revision();
  EXPECT_EQ(second, first + 1);
  EXPECT_EQ(index::changed_between(database, first, second),
            (std::vector<Xapian::docid>{2, 3, 4}));
  EXPECT_EQ(index::changed_between(database, second, second), std::vector<Xapian::docid>{});
  // A revision the log does not cover: a commit made without Dossier.
  {
    Xapian::WritableDatabase raw(index_.string());
    raw.set_metadata("other", "x");
    raw.commit();
  }
  Xapian::Database later(index_.string());
  EXPECT_FALSE(index::changed_between(later, first, later.get_revision()));
}

TEST_F(FacetColumnTest, ExtendedEqualsBuiltThroughAddsReplacesAndRemovals) {
  commit([&](IndexWriter& w) {
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(w.add_or_replace(articles_[i]));
  });
  std::shared_ptr<const search::FacetColumn> column =
      search::SharedFacetColumn(Xapian::Database(index_.string()));
  ASSERT_GT(column->size(), 0u) << "the corpus articles name entities";
  // Each step changes which entities exist: new articles, an article whose
  // text becomes another's, a removal, and one that names nothing.
  std::vector<std::function<void(IndexWriter&)>> steps = {
      [&](IndexWriter& w) { ASSERT_TRUE(w.add_or_replace(articles_[2])); },
      [&](IndexWriter& w) {
        Document changed = articles_[3];
        changed.id = articles_[0].id;
        ASSERT_TRUE(w.add_or_replace(changed));
        ASSERT_TRUE(w.add_or_replace(articles_[4]));
      },
      [&](IndexWriter& w) { ASSERT_TRUE(w.remove(articles_[1].id)); },
      [&](IndexWriter& w) {
        Document recategorised = articles_[2];  // indexed in the first step
        recategorised.fields = {{"category", "sport"}, {"tag", "new"}};
        recategorised.published.reset();
        ASSERT_TRUE(w.add_or_replace(recategorised));
      },
      [&](IndexWriter& w) {
        ASSERT_TRUE(w.add_or_replace({.id = "plain", .title = "weather", .body = "rain later"}));
        ASSERT_TRUE(w.remove(articles_[4].id));
      },
  };
  for (std::size_t step = 0; step < steps.size(); ++step) {
    commit(steps[step]);
    Xapian::Database database(index_.string());
    auto touched = index::changed_between(database, column->revision(), database.get_revision());
    ASSERT_TRUE(touched) << "step " << step;
    auto extended = search::FacetColumn::Extend(*column, database, *touched);
    auto built = search::FacetColumn::Build(database, database.get_revision(), /*attributes=*/true);
    EXPECT_EQ(describe(*extended, database.get_lastdocid()),
              describe(*built, database.get_lastdocid()))
        << "step " << step;
    ASSERT_TRUE(extended->attributes() && built->attributes());
    EXPECT_EQ(describe(*extended->attributes(), database.get_lastdocid()),
              describe(*built->attributes(), database.get_lastdocid()))
        << "step " << step;
    // The shared column is the extension, not a rebuild.
    auto shared = search::SharedFacetColumn(database);
    EXPECT_EQ(shared->revision(), database.get_revision());
    EXPECT_EQ(describe(*shared, database.get_lastdocid()), describe(*built, database.get_lastdocid()));
    column = shared;
  }
}

TEST_F(FacetColumnTest, SearchersOfOneIndexShareOneColumnPerRevision) {
  commit([&](IndexWriter& w) {
    for (const Document& article : articles_) ASSERT_TRUE(w.add_or_replace(article));
  });
  Xapian::Database one(index_.string()), two(index_.string());
  EXPECT_EQ(search::SharedFacetColumn(one).get(), search::SharedFacetColumn(two).get());
}

// Counted from a column extended commit after commit (a Searcher kept open
// all along), every facet value must equal the number of articles whose
// stored entities name it, read one by one, which reads no column.
TEST_F(FacetColumnTest, CountsAfterCommitsEqualTheArticlesThatNameThem) {
  commit([&](IndexWriter& w) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(w.add_or_replace(articles_[i]));
  });
  auto searcher = Searcher::Open(index_);
  ASSERT_TRUE(searcher);
  SearchRequest everything;
  everything.facet_values = 1000;
  ASSERT_TRUE(searcher->search(everything));
  // (kind, key) -> articles naming it, from every article's stored entities,
  // each key counted as the entity it stands for across the articles
  // (entities/collection.h), an article once per entity.
  auto named_by_articles = [&] {
    using KindKey = std::pair<EntityKind, std::string>;
    SearchRequest all;
    all.limit = 100;
    all.facet_values = 0;
    auto results = searcher->search(all);
    EXPECT_TRUE(results);
    std::vector<std::vector<KindKey>> articles;
    std::map<KindKey, std::uint32_t> by_key;
    for (const Hit& hit : results->hits) {
      auto article = searcher->get(hit.id);
      EXPECT_TRUE(article);
      articles.emplace_back();
      for (const Entity& entity : article->entities) {
        articles.back().push_back({entity.kind, entity.key});
        ++by_key[{entity.kind, entity.key}];
      }
    }
    std::vector<entities::CollectionEntity> collection;
    for (const auto& [key, documents] : by_key) collection.push_back({key.first, key.second, documents});
    const std::vector<std::uint32_t> rep = entities::collection_representatives(collection);
    std::map<KindKey, std::size_t> named;
    for (const std::vector<KindKey>& keys : articles) {
      std::set<KindKey> stands_for;
      for (const KindKey& key : keys) {
        const auto at = static_cast<std::size_t>(std::distance(by_key.begin(), by_key.find(key)));
        stands_for.insert({collection[rep[at]].kind, std::string(collection[rep[at]].key)});
      }
      for (const KindKey& entity : stands_for) ++named[entity];
    }
    return named;
  };
  for (int i = 3; i < 5; ++i) {
    commit([&](IndexWriter& w) {
      ASSERT_TRUE(w.add_or_replace(articles_[i]));
      ASSERT_TRUE(w.remove(articles_[i - 3].id));
    });
    auto results = searcher->search(everything);
    ASSERT_TRUE(results);
    EXPECT_EQ(results->total, 3u);
    const auto named = named_by_articles();
    std::size_t values = 0;
    for (const Facet& facet : results->facets) {
      EXPECT_EQ(facet.top.size(), facet.distinct) << "every value fits in 1000";
      for (const FacetValue& value : facet.top) {
        auto found = named.find({facet.kind, value.key});
        ASSERT_NE(found, named.end()) << value.key << " is named by no article";
        EXPECT_EQ(value.count, found->second) << value.key;
        ++values;
      }
    }
    EXPECT_EQ(values, named.size());
    std::size_t suggested = 0;
    for (char letter = 'a'; letter <= 'z'; ++letter) {
      auto suggestions = searcher->suggest_entities(std::string(1, letter), {}, 1000);
      ASSERT_TRUE(suggestions);
      for (const FacetValue& value : *suggestions) {
        EXPECT_GT(value.count, 0u) << value.key << " is named by no article any more";
        ++suggested;
      }
    }
    EXPECT_GT(suggested, 0u);
  }
}

}  // namespace
}  // namespace dossier::testing
