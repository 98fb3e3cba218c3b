#include "index/schema.h"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "util/hash.h"
#include "util/varint.h"

namespace dossier::index {
namespace {

// Stored-field encoding: a version byte, then fields as varint length + bytes.
// Version 2 appends the keyword fields; version 1 (without them) still reads.
constexpr char kStoredVersion = 2;

using util::put_varint;

void put_string(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out.append(text);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool varint(std::uint64_t& value) { return util::get_varint(data_, value); }
  bool string(std::string& out) {
    std::uint64_t size;
    if (!varint(size) || size > data_.size()) return false;
    out.assign(data_.substr(0, size));
    data_.remove_prefix(size);
    return true;
  }
  bool at_end() const { return data_.empty(); }
  std::string_view rest() const { return data_; }
  bool byte(char& out) {
    if (data_.empty()) return false;
    out = data_[0];
    data_.remove_prefix(1);
    return true;
  }

 private:
  std::string_view data_;
};

}  // namespace

std::string_view entity_prefix(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return "XP";
    case EntityKind::kPlace: return "XL";
    case EntityKind::kOrganization: return "XO";
  }
  return "X?";
}

char entity_kind_code(EntityKind kind) { return entity_prefix(kind)[1]; }

bool entity_kind_from_code(char code, EntityKind& kind) {
  switch (code) {
    case 'P': kind = EntityKind::kPerson; return true;
    case 'L': kind = EntityKind::kPlace; return true;
    case 'O': kind = EntityKind::kOrganization; return true;
    default: return false;
  }
}

std::string id_term(std::string_view id) {
  std::string term(kIdPrefix);
  term += id;
  return term;
}

std::string entity_term(EntityKind kind, std::string_view key) {
  std::string term(entity_prefix(kind));
  term += key;
  return term;
}

std::string canonical_entity_term(EntityKind kind, std::string_view key) {
  std::string term(kCanonicalEntityPrefix);
  term += entity_kind_code(kind);
  term += key;
  return term;
}

std::string copy_outlet_term(std::string_view key, std::string_view outlet) {
  std::string term(kCopyOutletPrefix);
  term += key;
  term += ':';
  // Within Xapian's 245-byte term limit; not cut, as a cut could end mid-letter.
  if (outlet.size() <= kMaxKeyBytes) term += outlet;
  return term;
}

Status validate_field_name(std::string_view name) {
  auto invalid = [&](std::string_view why) {
    return make_error(ErrorCode::kInvalidArgument,
                      "field name \"" + std::string(name) + "\" " + std::string(why));
  };
  if (name.empty()) return invalid("is empty");
  if (name.size() > kMaxFieldNameBytes) {
    return invalid("is longer than " + std::to_string(kMaxFieldNameBytes) + " bytes");
  }
  const bool identifier =
      name[0] >= 'a' && name[0] <= 'z' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
  if (!identifier) {
    return invalid("must be a lowercase ASCII letter followed by letters, digits or _");
  }
  if (std::find(std::begin(kBuiltinQueryFields), std::end(kBuiltinQueryFields), name) !=
      std::end(kBuiltinQueryFields)) {
    return invalid("is a field of the query language itself; choose another name");
  }
  return {};
}

}  // namespace dossier::index

namespace dossier {

Status validate_field(const Field& field) {
  if (auto valid = index::validate_field_name(field.name); !valid) return valid;
  if (field.value.empty() || field.value.size() > index::kMaxKeyBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "field \"" + field.name + "\" needs a value of 1 to " +
                          std::to_string(index::kMaxKeyBytes) + " bytes");
  }
  return {};
}

}  // namespace dossier

namespace dossier::index {

std::string field_term(std::string_view name, std::string_view value) {
  std::string term(kFieldPrefix);
  term += name;
  term += ':';
  term += value;
  return term;
}

std::string encode_attributes(const Document& document) {
  std::string out;
  auto add = [&](std::string_view name, std::string_view value) {
    out += name;
    out += '\x1F';
    out += value;
    out += '\0';
  };
  // A source too long for a term is still stored, not counted.
  if (!document.source.empty() && document.source.size() <= kMaxKeyBytes) {
    add(kSourceField, document.source);
  }
  for (const Field& field : document.fields) add(field.name, field.value);
  return out;
}

std::string encode_field_schema(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += "keyword " + name + "\n";
  return out;
}

Result<std::vector<std::string>> decode_field_schema(std::string_view encoded,
                                                     const std::string& index) {
  std::vector<std::string> names;
  std::istringstream in{std::string(encoded)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string name = space == std::string::npos ? "" : line.substr(space + 1);
    if (type != "keyword") {
      return make_error(ErrorCode::kIncompatible,
                        "index " + index + " has a field of type \"" + type +
                            "\"; this Dossier knows keyword fields only (" + line + ")");
    }
    if (auto valid = validate_field_name(name); !valid) {
      return make_error(ErrorCode::kIncompatible,
                        "index " + index + " has a field this Dossier cannot use: " +
                            valid.error().message);
    }
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string merged_field_schema(const Xapian::Database& database,
                                const std::vector<std::string>& names) {
  const std::string stored = database.get_metadata(std::string(kFieldSchemaKey));
  auto known = decode_field_schema(stored, "being written");
  if (!known) return std::string();
  std::vector<std::string> merged = *known;
  merged.insert(merged.end(), names.begin(), names.end());
  std::sort(merged.begin(), merged.end());
  merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
  if (merged == *known) return std::string();
  return encode_field_schema(merged);
}

std::string entity_name_key(EntityKind kind, std::string_view key) {
  std::string name_key(kEntityNamePrefix);
  name_key += entity_kind_code(kind);
  name_key += key;
  return name_key;
}

std::string encode_settings(const AnalysisOptions& options) {
  std::ostringstream out;
  out << "format=" << kFormatVersion << "\n"
      << "language=" << options.language << "\n"
      << "fold_accents=" << (options.fold_accents ? 1 : 0) << "\n";
  return out.str();
}

Result<AnalysisOptions> decode_settings(std::string_view encoded,
                                        const std::filesystem::path& index, int* format_out) {
  AnalysisOptions options;
  int format = -1;
  std::istringstream in{std::string(encoded)};
  for (std::string line; std::getline(in, line);) {
    std::size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::string name = line.substr(0, equals), value = line.substr(equals + 1);
    if (name == "format") {
      format = std::atoi(value.c_str());
    } else if (name == "language") {
      options.language = value;
    } else if (name == "fold_accents") {
      options.fold_accents = value == "1";
    }
  }
  if (format < 0) {
    return make_error(ErrorCode::kCorruption,
                      "index settings are damaged: " + index.string());
  }
  if (format < kOldestReadableFormat || format > kFormatVersion) {
    return make_error(ErrorCode::kIncompatible,
                      "index " + index.string() + " has format version " +
                          std::to_string(format) + "; this Dossier reads versions " +
                          std::to_string(kOldestReadableFormat) + " to " +
                          std::to_string(kFormatVersion));
  }
  if (format_out) *format_out = format;
  return options;
}

namespace {

// Days since 1970 plus one and an offset, so that 0 means "no date" and dates
// before 1970 stay non-negative.
void put_date(std::string& out, const std::optional<std::chrono::sys_days>& date) {
  put_varint(out, date ? 1 + static_cast<std::uint64_t>(date->time_since_epoch().count() +
                                                        1'000'000)
                       : 0);
}

std::optional<std::chrono::sys_days> date_from(std::uint64_t encoded) {
  if (encoded == 0) return std::nullopt;
  auto days = static_cast<std::int64_t>(encoded - 1) - 1'000'000;
  return std::chrono::sys_days(std::chrono::days(days));
}

}  // namespace

std::string encode_summary(const Summary& summary) {
  std::string out;
  put_string(out, summary.id);
  put_string(out, summary.title);
  put_date(out, summary.published);
  if (summary.copy_group) {
    put_string(out, summary.copy_group->key);
    out.push_back(summary.copy_group->may_have_copies ? '\1' : '\0');
    if (summary.copy_group->outlet) put_string(out, *summary.copy_group->outlet);
  }
  return out;
}

Result<Summary> decode_summary(std::string_view encoded) {
  Reader in(encoded);
  Summary summary;
  std::uint64_t published;
  if (!in.string(summary.id) || !in.string(summary.title) || !in.varint(published)) {
    return make_error(ErrorCode::kCorruption, "stored document summary is damaged");
  }
  summary.published = date_from(published);
  if (!in.at_end()) {
    SummaryCopyGroup& group = summary.copy_group.emplace();
    char may_have_copies;
    if (!in.string(group.key) || !in.byte(may_have_copies) || may_have_copies > 1 ||
        may_have_copies < 0 || (!in.at_end() && !in.string(group.outlet.emplace())) ||
        !in.at_end()) {
      return make_error(ErrorCode::kCorruption, "stored document summary is damaged");
    }
    group.may_have_copies = may_have_copies == 1;
  }
  return summary;
}

Result<std::string> decode_summary_id(std::string_view encoded) {
  Reader in(encoded);
  std::string id;
  if (!in.string(id)) return make_error(ErrorCode::kCorruption, "stored document summary is damaged");
  return id;
}

std::string encode_stored(const Document& document, const std::vector<Entity>& entities) {
  std::string out;
  out.reserve(document.title.size() + document.body.size() + 64);
  out.push_back(kStoredVersion);
  put_string(out, document.id);
  put_string(out, document.title);
  put_string(out, document.body);
  put_string(out, document.source);
  put_string(out, document.url);
  put_date(out, document.published);
  put_varint(out, entities.size());
  for (const Entity& entity : entities) {
    out.push_back(entity_kind_code(entity.kind));
    put_string(out, entity.key);
    put_string(out, entity.name);
    put_varint(out, entity.mentions);
  }
  put_varint(out, document.fields.size());
  for (const Field& field : document.fields) {
    put_string(out, field.name);
    put_string(out, field.value);
  }
  return out;
}

std::uint8_t word_term_check(std::string_view term) {
  return static_cast<std::uint8_t>(util::mix64(util::fnv1a64(term)) >> 56);
}

namespace {
// A map with term checks opens with one of these bytes, which an older map's
// first varint (its body start, past the title and kFieldGap) never is; the
// second is followed by the copy group's key and its may_have_copies byte.
constexpr char kWordMapWithChecks = 0;
constexpr char kWordMapWithChecksAndGroup = 1;
// Then each word in one byte when it can: the gap since the previous word's
// end (0 to 2 bytes, mostly a space) in the top two bits, its length (up to
// 63 bytes) in the other six; or kWideWord, then both as varints.
constexpr unsigned kMaxPackedGap = 2;
constexpr unsigned kMaxPackedLength = 63;
constexpr unsigned char kWideWord = 0xC0;
}  // namespace

std::string encode_word_map(const WordMap& word_map) {
  // Then the word's term check, one byte: two bytes a word, most often.
  std::string out;
  out.reserve(2 * word_map.words.size() + 32);
  out.push_back(kWordMapWithChecks);
  put_varint(out, word_map.body_start);
  std::uint32_t previous_end = 0;
  for (std::size_t i = 0; i < word_map.words.size(); ++i) {
    const auto [begin, end] = word_map.words[i];
    const std::uint32_t gap = begin - previous_end, length = end - begin;
    if (gap <= kMaxPackedGap && length <= kMaxPackedLength) {
      out.push_back(static_cast<char>(gap << 6 | length));
    } else {
      out.push_back(static_cast<char>(kWideWord));
      put_varint(out, gap);
      put_varint(out, length);
    }
    const std::uint8_t check = i < word_map.term_checks.size() ? word_map.term_checks[i] : 0;
    out.push_back(static_cast<char>(check));
    previous_end = end;
  }
  return out;
}

namespace {

// The map after its marker and body start: one packed byte (or kWideWord and
// two varints) and a one-byte check per word. Decoded on every hit with a
// snippet, so written as one tight loop.
bool decode_checked_words(std::string_view in, std::size_t body_bytes, WordMap& word_map) {
  auto& words = word_map.words;
  auto& checks = word_map.term_checks;
  const std::size_t most = in.size() / 2;
  words.resize(most);
  checks.resize(most);
  std::size_t count = 0;
  std::uint64_t previous_end = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t at = 0;
  while (at < in.size()) {
    std::uint64_t gap, length;
    const unsigned char bits = data[at];
    if (bits < kWideWord) {
      gap = bits >> 6;
      length = bits & kMaxPackedLength;
      ++at;
    } else {
      std::string_view rest = in.substr(at + 1);
      if (bits != kWideWord || !util::get_varint(rest, gap) || !util::get_varint(rest, length))
        return false;
      at = in.size() - rest.size();
    }
    // Bounded first, so that no sum wraps: words only move forward.
    if (gap > body_bytes || length > body_bytes) return false;
    const std::uint64_t begin = previous_end + gap, end = begin + length;
    if (end > body_bytes || at >= in.size() || count == most) return false;
    words[count] = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
    checks[count] = data[at];
    ++at;
    ++count;
    previous_end = end;
  }
  words.resize(count);
  checks.resize(count);
  return true;
}

}  // namespace

std::string with_copy_group(std::string_view encoded_word_map, const SummaryCopyGroup& group) {
  if (encoded_word_map.empty()) return {};
  const char format = encoded_word_map.front();
  Reader in(encoded_word_map.substr(1));
  if (format == kWordMapWithChecksAndGroup) {
    std::string old_key;
    char old_mark;
    if (!in.string(old_key) || !in.byte(old_mark)) return std::string(encoded_word_map);
  } else if (format != kWordMapWithChecks) {
    return std::string(encoded_word_map);
  }
  std::string out(1, kWordMapWithChecksAndGroup);
  put_string(out, group.key);
  out.push_back(group.may_have_copies ? 1 : 0);
  out.append(in.rest());
  return out;
}

bool decode_word_map(std::string_view encoded, std::size_t body_bytes, WordMap& word_map) {
  const char format = encoded.empty() ? '\xFF' : encoded.front();
  const bool with_checks = format == kWordMapWithChecks || format == kWordMapWithChecksAndGroup;
  Reader in(with_checks ? encoded.substr(1) : encoded);
  word_map.copy_group.reset();
  if (format == kWordMapWithChecksAndGroup) {
    SummaryCopyGroup& group = word_map.copy_group.emplace();
    char mark;
    if (!in.string(group.key) || !in.byte(mark) || mark < 0 || mark > 1) return false;
    group.may_have_copies = mark == 1;
  }
  std::uint64_t body_start;
  if (!in.varint(body_start)) return false;
  word_map.body_start = static_cast<Xapian::termpos>(body_start);
  word_map.words.clear();
  word_map.term_checks.clear();
  if (with_checks) return decode_checked_words(in.rest(), body_bytes, word_map);
  word_map.words.reserve(encoded.size() / 2);
  std::uint64_t previous_end = 0;
  while (!in.at_end()) {
    std::uint64_t gap, length;
    if (!in.varint(gap) || !in.varint(length)) return false;
    if (gap > body_bytes || length > body_bytes) return false;
    const std::uint64_t begin = previous_end + gap, end = begin + length;
    if (end > body_bytes) return false;
    word_map.words.emplace_back(static_cast<std::uint32_t>(begin),
                                static_cast<std::uint32_t>(end));
    previous_end = end;
  }
  return true;
}

Result<Document> decode_stored(std::string_view encoded, bool with_entities) {
  auto damaged = [] {
    return make_error(ErrorCode::kCorruption, "stored document fields are damaged");
  };
  Reader in(encoded);
  char version;
  if (!in.byte(version) || (version != 1 && version != kStoredVersion)) return damaged();
  Document document;
  std::uint64_t published, entity_count;
  if (!in.string(document.id) || !in.string(document.title) || !in.string(document.body) ||
      !in.string(document.source) || !in.string(document.url) || !in.varint(published) ||
      !in.varint(entity_count)) {
    return damaged();
  }
  document.published = date_from(published);
  if (!with_entities) return document;
  for (std::uint64_t i = 0; i < entity_count; ++i) {
    Entity entity;
    char code;
    std::uint64_t mentions;
    if (!in.byte(code) || !entity_kind_from_code(code, entity.kind) ||
        !in.string(entity.key) || !in.string(entity.name) || !in.varint(mentions)) {
      return damaged();
    }
    entity.mentions = static_cast<std::uint32_t>(mentions);
    document.entities.push_back(std::move(entity));
  }
  std::uint64_t field_count = 0;
  if (version >= 2 && !in.varint(field_count)) return damaged();
  for (std::uint64_t i = 0; i < field_count; ++i) {
    Field field;
    if (!in.string(field.name) || !in.string(field.value)) return damaged();
    document.fields.push_back(std::move(field));
  }
  return document;
}

std::string encode_entity_keys(const std::vector<Entity>& entities) {
  std::string out;
  for (const Entity& entity : entities) {
    out.push_back(entity_kind_code(entity.kind));
    out += entity.key;
    out.push_back('\0');
  }
  return out;
}

}  // namespace dossier::index
