#include "index/change_log.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/schema.h"
#include "util/varint.h"

namespace dossier::index {
namespace {

// A record: the revision, then the number of docids plus one (0: too many to
// list), then the docids as gaps from the previous one. Records are oldest
// first.

using util::get_varint;
using util::put_varint;

struct Record {
  Xapian::rev revision = 0;
  bool listed = false;  // false: the commit touched too many to list
  std::vector<Xapian::docid> docids;
};

// The records of an encoded log; stops at damage (readers then rebuild).
std::vector<Record> parse(std::string_view in) {
  std::vector<Record> records;
  while (!in.empty()) {
    Record record;
    std::uint64_t revision, count;
    if (!get_varint(in, revision) || !get_varint(in, count)) break;
    record.revision = static_cast<Xapian::rev>(revision);
    record.listed = count > 0;
    bool whole = true;
    std::uint64_t docid = 0;
    for (std::uint64_t i = 1; i < count && whole; ++i) {
      std::uint64_t gap;
      whole = get_varint(in, gap);
      docid += gap;
      record.docids.push_back(static_cast<Xapian::docid>(docid));
    }
    if (!whole) break;
    records.push_back(std::move(record));
  }
  return records;
}

void encode(std::string& out, const Record& record) {
  put_varint(out, record.revision);
  if (!record.listed) {
    put_varint(out, 0);
    return;
  }
  put_varint(out, record.docids.size() + 1);
  Xapian::docid previous = 0;
  for (Xapian::docid docid : record.docids) {
    put_varint(out, docid - previous);
    previous = docid;
  }
}

}  // namespace

void ChangeLog::write(Xapian::WritableDatabase& database) {
  const std::string key(kChangeLogKey);
  std::vector<Record> records = parse(database.get_metadata(key));
  Record record;
  record.revision = database.get_revision() + 1;
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  record.listed = touched_.size() <= kChangeLogMaxDocids;
  if (record.listed) record.docids = std::move(touched_);
  records.push_back(std::move(record));
  const std::size_t dropped = records.size() > kChangeLogCommits ? records.size() - kChangeLogCommits : 0;
  std::string out;
  for (std::size_t i = dropped; i < records.size(); ++i) encode(out, records[i]);
  database.set_metadata(key, out);
  clear();
}

std::optional<std::vector<Xapian::docid>> changed_between(const Xapian::Database& database,
                                                          Xapian::rev from, Xapian::rev to) {
  std::vector<Xapian::docid> changed;
  Xapian::rev covered = from;  // every revision up to here is accounted for
  for (Record& record : parse(database.get_metadata(std::string(kChangeLogKey)))) {
    if (record.revision <= from || record.revision > to) continue;
    if (record.revision != covered + 1 || !record.listed) return std::nullopt;
    changed.insert(changed.end(), record.docids.begin(), record.docids.end());
    covered = record.revision;
  }
  if (covered != to) return std::nullopt;
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

}  // namespace dossier::index
