// DocidRows keeps rows in blocks of docids shared between revisions: an
// extended set of rows must read exactly as rows read afresh, and share every
// block its commits left alone.
#include "search/docid_rows.h"

#include <gtest/gtest.h>

#include <charconv>
#include <string>

namespace dossier::testing {
namespace {

using search::DocidRows;

struct Key {
  std::uint32_t documents = 0;
};

constexpr std::uint32_t kKeys = 64;
constexpr Xapian::valueno kSlot = 3;

// A value is a comma-separated list of ordinals.
auto ordinals_of = [](std::string_view value, auto emit) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view item = value.substr(0, comma);
    std::uint32_t ordinal = 0;
    std::from_chars(item.data(), item.data() + item.size(), ordinal);
    emit(ordinal);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
};

std::string value_for(std::size_t n) {
  return std::to_string(n % kKeys) + "," + std::to_string((n * 7 + 3) % kKeys);
}

// Every third document has no value (an article naming no entity).
Xapian::Document document_for(std::size_t n) {
  Xapian::Document document;
  if (n % 3 != 0) document.add_value(kSlot, value_for(n));
  return document;
}

std::vector<std::uint32_t> ordinals(DocidRows::Row row) {
  return row.first ? std::vector<std::uint32_t>(row.first, row.second) : std::vector<std::uint32_t>{};
}

void expect_same_rows(const DocidRows& actual, const DocidRows& expected, Xapian::docid last) {
  for (Xapian::docid docid = 0; docid <= last + 2; ++docid) {
    ASSERT_EQ(ordinals(actual.row(docid)), ordinals(expected.row(docid))) << "docid " << docid;
  }
}

void expect_same_counts(const std::vector<Key>& actual, const std::vector<Key>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t k = 0; k < actual.size(); ++k) {
    EXPECT_EQ(actual[k].documents, expected[k].documents) << "key " << k;
  }
}

class DocidRowsTest : public ::testing::Test {
 protected:
  DocidRowsTest() : database_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    // Three whole blocks and part of a fourth.
    for (std::size_t n = 1; n < 3 * DocidRows::kBlockDocids + 100; ++n) {
      database_.add_document(document_for(n));
    }
    database_.commit();
    base_ = DocidRows::Read(database_, kSlot, base_keys_, ordinals_of);
  }

  DocidRows extend(const std::vector<Xapian::docid>& touched, std::vector<Key>& keys) {
    keys = base_keys_;
    return DocidRows::Extend(base_, database_, kSlot, touched, 2, keys, ordinals_of,
                             [](Xapian::docid) {});
  }

  Xapian::WritableDatabase database_;
  std::vector<Key> base_keys_ = std::vector<Key>(kKeys);
  DocidRows base_;
};

TEST_F(DocidRowsTest, ReadGivesEachDocidItsValuesOrdinals) {
  EXPECT_EQ(base_.block_count(), 4u);
  EXPECT_EQ(base_.docid_count(), std::size_t{database_.get_lastdocid()} + 1);
  EXPECT_EQ(ordinals(base_.row(0)), std::vector<std::uint32_t>{});
  EXPECT_EQ(ordinals(base_.row(3)), std::vector<std::uint32_t>{});
  EXPECT_EQ(ordinals(base_.row(5000)), (std::vector<std::uint32_t>{5000 % kKeys, (5000 * 7 + 3) % kKeys}));
  EXPECT_EQ(ordinals(base_.row(database_.get_lastdocid() + 1)), std::vector<std::uint32_t>{});
  std::uint32_t named = 0;
  for (const Key& key : base_keys_) named += key.documents;
  std::uint32_t with_value = 0;
  for (Xapian::docid docid = 1; docid <= database_.get_lastdocid(); ++docid) with_value += docid % 3 != 0;
  EXPECT_EQ(named, 2 * with_value);
}

TEST_F(DocidRowsTest, ExtendedReadsAsReadAfreshAndSharesUntouchedBlocks) {
  const Xapian::docid replaced = 5000, removed = 9000, emptied = 9001;
  database_.replace_document(replaced, [] {
    Xapian::Document document;
    document.add_value(kSlot, "1,2,3");
    return document;
  }());
  database_.delete_document(removed);
  database_.replace_document(emptied, Xapian::Document());
  std::vector<Xapian::docid> touched{replaced, removed, emptied};
  for (std::size_t n = 0; n < 5000; ++n) touched.push_back(database_.add_document(document_for(n)));
  database_.commit();

  std::vector<Key> extended_keys;
  const DocidRows extended = extend(touched, extended_keys);
  std::vector<Key> fresh_keys(kKeys);
  const DocidRows fresh = DocidRows::Read(database_, kSlot, fresh_keys, ordinals_of);

  expect_same_rows(extended, fresh, database_.get_lastdocid());
  expect_same_counts(extended_keys, fresh_keys);
  EXPECT_EQ(extended.block_count(), fresh.block_count());
  // Block 0 was left alone; 1 and 2 hold the changed docids; 3 grew.
  EXPECT_EQ(extended.blocks_shared_with(base_), 1u);
}

TEST_F(DocidRowsTest, ExtendedByNothingSharesEveryBlock) {
  std::vector<Key> keys;
  const DocidRows extended = extend({}, keys);
  EXPECT_EQ(extended.blocks_shared_with(base_), base_.block_count());
  expect_same_counts(keys, base_keys_);
}

TEST_F(DocidRowsTest, RewrittenReusesTheEarlierRewriteOfSharedBlocks) {
  auto doubled = [](Xapian::docid, const std::uint32_t* begin, const std::uint32_t* end, auto emit) {
    for (const std::uint32_t* ordinal = begin; ordinal != end; ++ordinal) emit(*ordinal * 2);
  };
  const DocidRows base_doubled = DocidRows::Rewritten(base_, doubled);
  EXPECT_EQ(ordinals(base_doubled.row(5000)),
            (std::vector<std::uint32_t>{2 * (5000 % kKeys), 2 * ((5000 * 7 + 3) % kKeys)}));

  database_.replace_document(10, Xapian::Document());
  database_.commit();
  std::vector<Key> keys;
  const DocidRows extended = extend({10}, keys);
  const DocidRows reused = DocidRows::Rewritten(extended, doubled, &base_, &base_doubled);
  const DocidRows afresh = DocidRows::Rewritten(extended, doubled);
  expect_same_rows(reused, afresh, database_.get_lastdocid());
  EXPECT_EQ(reused.blocks_shared_with(base_doubled), base_.block_count() - 1);
  EXPECT_EQ(afresh.blocks_shared_with(base_doubled), 0u);
  // An earlier rewrite that no longer holds is not taken.
  const DocidRows refused = DocidRows::Rewritten(extended, doubled, &base_, &base_doubled,
                                                 [](std::span<const std::uint32_t>) { return false; });
  expect_same_rows(refused, afresh, database_.get_lastdocid());
  EXPECT_EQ(refused.blocks_shared_with(base_doubled), 0u);
}

TEST_F(DocidRowsTest, RenumberLeavesTheRowsItSharesUnchanged) {
  std::vector<Key> keys;
  DocidRows renumbered = extend({}, keys);
  std::vector<std::uint32_t> reversed(kKeys);
  for (std::uint32_t o = 0; o < kKeys; ++o) reversed[o] = kKeys - 1 - o;
  renumbered.renumber(reversed);
  EXPECT_EQ(ordinals(renumbered.row(5000)),
            (std::vector<std::uint32_t>{kKeys - 1 - 5000 % kKeys, kKeys - 1 - (5000 * 7 + 3) % kKeys}));
  EXPECT_EQ(ordinals(base_.row(5000)), (std::vector<std::uint32_t>{5000 % kKeys, (5000 * 7 + 3) % kKeys}));
}

}  // namespace
}  // namespace dossier::testing
