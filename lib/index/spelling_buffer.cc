#include "index/spelling_buffer.h"

#include <cstdint>
#include <cstdio>

#include "index/schema.h"
#include "util/varint.h"

namespace dossier::index {
namespace {

using util::get_varint;
using util::put_varint;

// A record: for each word, its length, its bytes and its number of articles.
// Keys sort in the order the records were written: the revision their commit
// made, then their number within it (both zero-padded).
std::string record_key(Xapian::rev revision, std::size_t number) {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%010llu.%06zu", static_cast<unsigned long long>(revision),
                number);
  return std::string(kPendingSpellingPrefix) + suffix;
}

}  // namespace

void SpellingBuffer::add(Xapian::WritableDatabase& database, const SpellingCounts& words) {
  for (const auto& [word, articles] : words) {
    std::string owned(word);
    if (in_table_.contains(owned) || in_table_.size() < words_per_step_) {
      database.add_spelling(owned, articles);
      in_table_.insert(std::move(owned));
    } else {
      buffered_[std::move(owned)] += articles;
    }
  }
  if (buffered_.size() >= words_per_step_) write_record(database);
}

void SpellingBuffer::write_record(Xapian::WritableDatabase& database) {
  std::string encoded;
  for (const auto& [word, articles] : buffered_) {
    put_varint(encoded, word.size());
    encoded += word;
    put_varint(encoded, articles);
  }
  database.set_metadata(record_key(database.get_revision() + 1, records_++), encoded);
  buffered_.clear();
}

bool SpellingBuffer::finish(Xapian::WritableDatabase& database) {
  if (!buffered_.empty()) write_record(database);
  const bool pending = records_ > 0;
  clear();
  return pending;
}

void SpellingBuffer::clear() {
  in_table_.clear();
  buffered_.clear();
  records_ = 0;
}

std::vector<std::string> pending_spelling_records(const Xapian::Database& database) {
  std::vector<std::string> keys;
  const std::string prefix(kPendingSpellingPrefix);
  for (auto key = database.metadata_keys_begin(prefix); key != database.metadata_keys_end(prefix);
       ++key) {
    keys.push_back(*key);
  }
  return keys;
}

void apply_pending_spelling(Xapian::WritableDatabase& database, const std::string& record_key) {
  const std::string encoded = database.get_metadata(record_key);
  // A damaged record adds what it can and goes all the same: the dictionary
  // only suggests, and a record that failed every writer would stop them all.
  std::string_view in = encoded;
  std::uint64_t size, articles;
  while (get_varint(in, size) && size < in.size()) {
    std::string word(in.substr(0, size));
    in.remove_prefix(size);
    if (!get_varint(in, articles)) break;
    database.add_spelling(word, static_cast<Xapian::termcount>(articles));
  }
  database.set_metadata(record_key, "");
}

}  // namespace dossier::index
