// The docid bookkeeping the in-memory facet columns share: for each docid of
// one local index, a row of ordinals into a table of keys (the entity column's
// entities, facet_column.h; the attribute column's field values,
// attribute_column.h). Reading a value slot into rows, bringing rows up to a
// later revision by the docids its commits touched (index/change_log.h), and
// putting newly met keys in order are written here once; what a value means
// and which keys there are stays with each column.
//
// Rows live in blocks of kBlockDocids consecutive docids, each block shared by
// every revision whose commits left it alone: a commit that touches a few
// docids costs the blocks they fall in, not a copy of every row.
//
// A key is any struct with a `std::uint32_t documents` count: the rows keep it
// equal to the number of rows that name the key.
//
// DocidRows is immutable once made: safe to share between threads.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier::search {

class DocidRows {
 public:
  using Row = std::pair<const std::uint32_t*, const std::uint32_t*>;

  static constexpr unsigned kBlockBits = 12;
  static constexpr std::size_t kBlockDocids = std::size_t{1} << kBlockBits;

  // The ordinals of a document; {nullptr, nullptr} when it has none.
  Row row(Xapian::docid docid) const {
    const std::size_t block = docid >> kBlockBits;
    if (block >= blocks_.size()) return {nullptr, nullptr};
    return blocks_[block]->row(docid & (kBlockDocids - 1));
  }

  // Calls on_row(begin, end) with the ordinals of each of `docids` that has
  // a row, in order. The block is looked up once per run of docids falling
  // in it, not once per docid: the matches of a search ascend, so most of
  // them share their neighbour's block. (Any order is still read right.)
  template <class OnRow>
  void for_each_row(std::span<const Xapian::docid> docids, OnRow&& on_row) const {
    const Xapian::docid* next = docids.data();
    const Xapian::docid* const end = next + docids.size();
    while (next != end) {
      const std::size_t b = *next >> kBlockBits;
      if (b >= blocks_.size()) {
        ++next;
        continue;
      }
      const Block& block = *blocks_[b];
      const std::uint32_t* offsets = block.offsets.data();
      const std::uint32_t* ordinals = block.ordinals.data();
      const std::size_t first = b << kBlockBits;
      const std::size_t rows = block.rows();
      // (Unsigned: a docid before the block ends the run too.)
      std::size_t i;
      for (; next != end && (i = *next - first) < rows; ++next) {
        on_row(ordinals + offsets[i], ordinals + offsets[i + 1]);
      }
      // Past the rows this block holds (the last one, being read): no row.
      if (next != end && (*next >> kBlockBits) == b) ++next;
    }
  }

  // How many of this one's blocks are the very blocks of `other` (shared,
  // not copies): what a commit left alone.
  std::size_t blocks_shared_with(const DocidRows& other) const {
    std::size_t shared = 0;
    for (std::size_t b = 0; b < std::min(blocks_.size(), other.blocks_.size()); ++b) {
      shared += blocks_[b] == other.blocks_[b];
    }
    return shared;
  }
  std::size_t block_count() const { return blocks_.size(); }
  // Docids with a row (empty or not): the last docid read, plus one.
  std::size_t docid_count() const {
    return blocks_.empty() ? 0 : (blocks_.size() - 1) * kBlockDocids + blocks_.back()->rows();
  }

  // Rows for docids 1..lastdocid of `database`, from every value of `slot`:
  // ordinals_of(value, emit) calls emit(ordinal) for each key the value names
  // (adding new keys to `keys` as it meets them); each is counted in
  // keys[ordinal].documents. O(documents).
  template <class Key, class OrdinalsOf>
  static DocidRows Read(const Xapian::Database& database, Xapian::valueno slot,
                        std::vector<Key>& keys, OrdinalsOf ordinals_of) {
    Builder rows;
    for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot);
         ++value) {
      rows.empty_rows_to(value.get_docid());
      rows.start_row();
      rows.read_row(*value, keys, ordinals_of);
    }
    rows.empty_rows_to(static_cast<std::size_t>(database.get_lastdocid()) + 1);
    return rows.finish();
  }

  // `base` brought up to `database`, given the docids the commits since touched
  // (sorted): a block with no touched docid is shared as it is; in the others
  // the rows of untouched docids are copied, a touched docid's old keys are
  // uncounted, its value read again as Read() does, and then on_touched(docid)
  // lets the column refresh what it keeps beside the rows. `per_document`
  // guesses a row's length, so that a block's ordinals are allocated once.
  // O(blocks) plus copying and reading the touched blocks.
  template <class Key, class OrdinalsOf, class OnTouched>
  static DocidRows Extend(const DocidRows& base, const Xapian::Database& database,
                          Xapian::valueno slot, const std::vector<Xapian::docid>& touched,
                          std::size_t per_document, std::vector<Key>& keys,
                          OrdinalsOf ordinals_of, OnTouched on_touched) {
    const std::size_t docids = static_cast<std::size_t>(database.get_lastdocid()) + 1;
    Builder rows;
    auto value = database.valuestream_begin(slot);
    const auto values_end = database.valuestream_end(slot);
    auto next = touched.begin();
    for (std::size_t first = 0; first < docids; first += kBlockDocids) {
      const std::size_t end = std::min(first + kBlockDocids, docids);
      const bool touched_here = next != touched.end() && *next < end;
      if (const Block* old = base.block_at(first);
          !touched_here && old && old->rows() == end - first) {
        rows.share(base.blocks_[first >> kBlockBits]);
        continue;
      }
      rows.reserve_block(per_document);
      for (std::size_t d = first; d < end; ++d) {
        const auto docid = static_cast<Xapian::docid>(d);
        rows.start_row();
        if (next == touched.end() || *next != docid) {
          rows.copy_row(base.row(docid));
          continue;
        }
        ++next;
        // What the base counted for the document goes; what it has now comes.
        auto [old_begin, old_end] = base.row(docid);
        for (const std::uint32_t* ordinal = old_begin; ordinal != old_end; ++ordinal) {
          --keys[*ordinal].documents;
        }
        if (value != values_end) value.skip_to(docid);
        if (value != values_end && value.get_docid() == docid) {
          rows.read_row(*value, keys, ordinals_of);
        }
        on_touched(docid);
      }
    }
    return rows.finish();
  }

  // The rows of `base`, each rewritten: rewrite(docid, begin, end, emit)
  // calls emit(ordinal) for each ordinal of the new row. With `earlier`, an
  // earlier rewrite of `earlier_base`: a block `base` shares with
  // `earlier_base` is taken from `earlier`, rewritten already, when
  // still_rewritten(ordinals of the block) says that rewrite holds.
  // O(ordinals of the blocks rewritten).
  template <class Rewrite>
  static DocidRows Rewritten(
      const DocidRows& base, Rewrite rewrite, const DocidRows* earlier_base = nullptr,
      const DocidRows* earlier = nullptr,
      const std::function<bool(std::span<const std::uint32_t>)>& still_rewritten = {}) {
    Builder rows;
    auto emit = [&rows](std::uint32_t ordinal) { rows.push(ordinal); };
    for (std::size_t b = 0; b < base.blocks_.size(); ++b) {
      if (earlier && b < earlier_base->blocks_.size() && b < earlier->blocks_.size() &&
          earlier_base->blocks_[b] == base.blocks_[b] &&
          (!still_rewritten || still_rewritten(base.blocks_[b]->ordinals))) {
        rows.share(earlier->blocks_[b]);
        continue;
      }
      const Block& block = *base.blocks_[b];
      rows.reserve_block(block.ordinals.size() / std::max<std::size_t>(block.rows(), 1) + 1);
      for (std::size_t i = 0; i < block.rows(); ++i) {
        rows.start_row();
        auto [begin, end] = block.row(i);
        if (begin != end) rewrite(static_cast<Xapian::docid>((b << kBlockBits) + i), begin, end, emit);
      }
    }
    return rows.finish();
  }

  // After the keys were renumbered: ordinal o becomes renumbered[o]. Every
  // block is copied (blocks may be shared with other revisions).
  void renumber(const std::vector<std::uint32_t>& renumbered) {
    for (std::shared_ptr<const Block>& block : blocks_) {
      auto copy = std::make_shared<Block>(*block);
      for (std::uint32_t& ordinal : copy->ordinals) ordinal = renumbered[ordinal];
      block = std::move(copy);
    }
  }

 private:
  // The rows of docids [b * kBlockDocids, b * kBlockDocids + rows()).
  struct Block {
    std::vector<std::uint32_t> offsets;  // by docid in the block; offsets[i+1] ends row i
    std::vector<std::uint32_t> ordinals;

    std::size_t rows() const { return offsets.empty() ? 0 : offsets.size() - 1; }
    Row row(std::size_t i) const {
      if (i + 1 >= offsets.size()) return {nullptr, nullptr};
      return {ordinals.data() + offsets[i], ordinals.data() + offsets[i + 1]};
    }
  };

  // Makes rows docid by docid from docid 0, closing a block at every
  // kBlockDocids docids.
  class Builder {
   public:
    // Starts the next docid's row, empty until push().
    void start_row() {
      if (current_.offsets.size() == kBlockDocids) seal();
      if (current_.offsets.empty()) current_.offsets.reserve(kBlockDocids + 1);
      current_.offsets.push_back(static_cast<std::uint32_t>(current_.ordinals.size()));
      ++docids_;
    }
    void push(std::uint32_t ordinal) { current_.ordinals.push_back(ordinal); }
    // Empty rows for the docids before `end` not yet started.
    void empty_rows_to(std::size_t end) {
      while (docids_ < end) start_row();
    }
    void copy_row(Row row) {
      if (row.first) current_.ordinals.insert(current_.ordinals.end(), row.first, row.second);
    }
    // For the block about to start: room for `per_row` ordinals a row.
    void reserve_block(std::size_t per_row) {
      if (current_.offsets.size() == kBlockDocids) seal();
      current_.ordinals.reserve(kBlockDocids * per_row);
    }
    // At a block boundary: a whole block made before.
    void share(std::shared_ptr<const Block> block) {
      if (!current_.offsets.empty()) seal();
      docids_ += block->rows();
      blocks_.push_back(std::move(block));
    }
    template <class Key, class OrdinalsOf>
    void read_row(std::string_view value, std::vector<Key>& keys, OrdinalsOf& ordinals_of) {
      ordinals_of(value, [&](std::uint32_t ordinal) {
        ++keys[ordinal].documents;
        push(ordinal);
      });
    }
    DocidRows finish() {
      if (!current_.offsets.empty()) seal();
      DocidRows rows;
      rows.blocks_ = std::move(blocks_);
      return rows;
    }

   private:
    void seal() {
      current_.offsets.push_back(static_cast<std::uint32_t>(current_.ordinals.size()));
      current_.ordinals.shrink_to_fit();
      blocks_.push_back(std::make_shared<const Block>(std::move(current_)));
      current_ = Block{};
    }

    std::vector<std::shared_ptr<const Block>> blocks_;
    Block current_;
    std::size_t docids_ = 0;  // rows started or shared
  };

  const Block* block_at(std::size_t first_docid) const {
    const std::size_t b = first_docid >> kBlockBits;
    return b < blocks_.size() ? blocks_[b].get() : nullptr;
  }

  std::vector<std::shared_ptr<const Block>> blocks_;
};
// Puts `keys` in `less` order when keys[0, sorted_prefix) are in order already
// and the rest were appended as met: sorts the rest and merges. Returns each
// old ordinal's new one, for DocidRows::renumber; empty when nothing was added.
template <class Key, class Less>
std::vector<std::uint32_t> sort_new_keys(std::vector<Key>& keys, std::size_t sorted_prefix,
                                         Less less) {
  if (sorted_prefix == keys.size()) return {};
  std::vector<std::uint32_t> order(keys.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto before = [&](std::uint32_t a, std::uint32_t b) { return less(keys[a], keys[b]); };
  auto middle = order.begin() + static_cast<std::ptrdiff_t>(sorted_prefix);
  std::sort(middle, order.end(), before);
  std::inplace_merge(order.begin(), middle, order.end(), before);
  std::vector<std::uint32_t> renumbered(order.size());
  std::vector<Key> sorted;
  sorted.reserve(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    renumbered[order[i]] = i;
    sorted.push_back(std::move(keys[order[i]]));
  }
  keys = std::move(sorted);
  return renumbered;
}

}  // namespace dossier::search
