// The docid bookkeeping the in-memory facet columns share: for each docid of
// one local index, a row of ordinals into a table of keys (the entity column's
// entities, facet_column.h; the attribute column's field values,
// attribute_column.h), all rows in one flat array. Reading a value slot into
// rows, bringing rows up to a later revision by the docids its commits touched
// (index/change_log.h), and putting newly met keys in order are written here
// once; what a value means and which keys there are stays with each column.
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
#include <string_view>
#include <utility>
#include <vector>

namespace dossier::search {

class DocidRows {
 public:
  using Row = std::pair<const std::uint32_t*, const std::uint32_t*>;

  // The ordinals of a document; {nullptr, nullptr} when it has none.
  Row row(Xapian::docid docid) const {
    if (docid + 1 >= offsets_.size()) return {nullptr, nullptr};
    return {ordinals_.data() + offsets_[docid], ordinals_.data() + offsets_[docid + 1]};
  }

  // Rows for docids 1..lastdocid of `database`, from every value of `slot`:
  // ordinals_of(value, emit) calls emit(ordinal) for each key the value names
  // (adding new keys to `keys` as it meets them); each is counted in
  // keys[ordinal].documents. O(documents).
  template <class Key, class OrdinalsOf>
  static DocidRows Read(const Xapian::Database& database, Xapian::valueno slot,
                        std::vector<Key>& keys, OrdinalsOf ordinals_of) {
    DocidRows rows;
    rows.offsets_.assign(static_cast<std::size_t>(database.get_lastdocid()) + 2, 0);
    Xapian::docid previous = 0;
    for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot);
         ++value) {
      const Xapian::docid docid = value.get_docid();
      // Documents with no value in between get empty rows.
      rows.start_rows(previous + 1, docid + 1);
      previous = docid;
      rows.read_row(*value, keys, ordinals_of);
    }
    rows.start_rows(previous + 1, rows.offsets_.size());
    return rows;
  }

  // `base` brought up to `database`, given the docids the commits since touched
  // (sorted): the rows of untouched docids are copied; a touched docid's old
  // keys are uncounted, its value read again as Read() does, and then
  // on_touched(docid) lets the column refresh what it keeps beside the rows.
  // `per_document` guesses a touched row's length, so that the ordinals are
  // allocated once. O(ordinals) copying plus reading only the touched values.
  template <class Key, class OrdinalsOf, class OnTouched>
  static DocidRows Extend(const DocidRows& base, const Xapian::Database& database,
                          Xapian::valueno slot, const std::vector<Xapian::docid>& touched,
                          std::size_t per_document, std::vector<Key>& keys,
                          OrdinalsOf ordinals_of, OnTouched on_touched) {
    DocidRows rows;
    const auto last = static_cast<std::size_t>(database.get_lastdocid());
    rows.offsets_.assign(last + 2, 0);
    rows.ordinals_.reserve(base.ordinals_.size() + touched.size() * per_document);
    auto value = database.valuestream_begin(slot);
    const auto values_end = database.valuestream_end(slot);
    std::size_t copied_from = 1;  // docids before this are done
    for (auto next = touched.begin(); next != touched.end() && *next <= last; ++next) {
      const Xapian::docid docid = *next;
      rows.copy_rows(base, copied_from, docid);
      // What the base counted for the document goes; what it has now comes.
      auto [old_begin, old_end] = base.row(docid);
      for (const std::uint32_t* ordinal = old_begin; ordinal != old_end; ++ordinal) {
        --keys[*ordinal].documents;
      }
      rows.start_rows(docid, docid + 1);
      if (value != values_end) value.skip_to(docid);
      if (value != values_end && value.get_docid() == docid) {
        rows.read_row(*value, keys, ordinals_of);
      }
      on_touched(docid);
      copied_from = docid + 1;
    }
    rows.copy_rows(base, copied_from, last + 1);
    rows.start_rows(last + 1, last + 2);
    return rows;
  }

  // The rows of `base`, each rewritten: rewrite(docid, begin, end, emit)
  // calls emit(ordinal) for each ordinal of the new row. O(ordinals).
  template <class Rewrite>
  static DocidRows Rewritten(const DocidRows& base, Rewrite rewrite) {
    DocidRows rows;
    rows.offsets_.assign(base.offsets_.size(), 0);
    rows.ordinals_.reserve(base.ordinals_.size());
    auto emit = [&rows](std::uint32_t ordinal) { rows.ordinals_.push_back(ordinal); };
    for (std::size_t d = 0; d + 1 < base.offsets_.size(); ++d) {
      rows.offsets_[d] = static_cast<std::uint32_t>(rows.ordinals_.size());
      auto [begin, end] = base.row(static_cast<Xapian::docid>(d));
      if (begin != end) rewrite(static_cast<Xapian::docid>(d), begin, end, emit);
    }
    if (!rows.offsets_.empty()) {
      rows.offsets_.back() = static_cast<std::uint32_t>(rows.ordinals_.size());
    }
    return rows;
  }

  // After the keys were renumbered: ordinal o becomes renumbered[o].
  void renumber(const std::vector<std::uint32_t>& renumbered) {
    for (std::uint32_t& ordinal : ordinals_) ordinal = renumbered[ordinal];
  }

 private:
  // Docids [from, to) start where the ordinals end so far (rows yet empty).
  void start_rows(std::size_t from, std::size_t to) {
    for (std::size_t d = from; d < to; ++d) {
      offsets_[d] = static_cast<std::uint32_t>(ordinals_.size());
    }
  }

  // Docids [from, to) get their rows in `base` (empty for docids new since).
  void copy_rows(const DocidRows& base, std::size_t from, std::size_t to) {
    for (std::size_t d = from; d < to; ++d) {
      offsets_[d] = static_cast<std::uint32_t>(ordinals_.size());
      auto [begin, end] = base.row(static_cast<Xapian::docid>(d));
      if (begin) ordinals_.insert(ordinals_.end(), begin, end);
    }
  }

  template <class Key, class OrdinalsOf>
  void read_row(std::string_view value, std::vector<Key>& keys, OrdinalsOf& ordinals_of) {
    ordinals_of(value, [&](std::uint32_t ordinal) {
      ++keys[ordinal].documents;
      ordinals_.push_back(ordinal);
    });
  }

  std::vector<std::uint32_t> offsets_;  // by docid; offsets_[docid+1] ends it
  std::vector<std::uint32_t> ordinals_;
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
