#include "index/near_duplicate.h"

#include <algorithm>
#include <set>

#include "index/schema.h"
#include "util/hash.h"

namespace dossier::index {
namespace {

constexpr std::size_t kRowsPerBand = kMinHashes / kBands;
static_assert(kRowsPerBand * kBands == kMinHashes);

// The i-th hash function of the MinHash family: the shingle's hash mixed
// with a per-function constant.
std::uint32_t hash_of(std::uint64_t shingle, std::size_t function) {
  return static_cast<std::uint32_t>(
      util::mix64(shingle ^ (0x9e3779b97f4a7c15ULL * (function + 1))) >> 32);
}

void append_hex(std::string& out, std::uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

}  // namespace

void SignatureBuilder::add_word(std::string_view term) {
  recent_[words_ % kShingleWords] = util::fnv1a64(term);
  ++words_;
  if (words_ < kShingleWords) return;
  // The shingle's words in order, whatever slot of recent_ holds each.
  std::uint64_t shingle = 0;
  for (std::size_t back = kShingleWords; back > 0; --back) {
    shingle = util::mix64(shingle + recent_[(words_ - back) % kShingleWords]);
  }
  ++shingles_;
  for (std::size_t i = 0; i < kMinHashes; ++i) {
    signature_.minimums[i] = std::min(signature_.minimums[i], hash_of(shingle, i));
  }
}

std::optional<CopySignature> SignatureBuilder::finish() const {
  if (shingles_ < kMinShingles) return std::nullopt;
  return signature_;
}

double similarity(const CopySignature& a, const CopySignature& b) {
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kMinHashes; ++i) equal += a.minimums[i] == b.minimums[i];
  return static_cast<double>(equal) / kMinHashes;
}

std::string encode_signature(const CopySignature& signature) {
  std::string encoded;
  encoded.reserve(kMinHashes * 4);
  for (std::uint32_t minimum : signature.minimums) {
    for (int byte = 0; byte < 4; ++byte) encoded += static_cast<char>((minimum >> (8 * byte)) & 0xFF);
  }
  return encoded;
}

std::optional<CopySignature> decode_signature(std::string_view encoded) {
  if (encoded.size() != kMinHashes * 4) return std::nullopt;
  CopySignature signature;
  for (std::size_t i = 0; i < kMinHashes; ++i) {
    std::uint32_t minimum = 0;
    for (int byte = 0; byte < 4; ++byte) {
      minimum |= static_cast<std::uint32_t>(static_cast<unsigned char>(encoded[i * 4 + byte]))
                 << (8 * byte);
    }
    signature.minimums[i] = minimum;
  }
  return signature;
}

std::vector<std::string> band_terms(const CopySignature& signature) {
  std::vector<std::string> terms;
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint64_t hash = band;
    for (std::size_t row = 0; row < kRowsPerBand; ++row) {
      hash = util::mix64(hash + signature.minimums[band * kRowsPerBand + row]);
    }
    std::string term(kCopyBandPrefix);
    append_hex(term, band, 1);
    append_hex(term, hash, 16);
    terms.push_back(std::move(term));
  }
  return terms;
}

std::string founding_group_key(const CopySignature& signature) {
  std::uint64_t hash = 0;
  for (std::uint32_t minimum : signature.minimums) hash = util::mix64(hash + minimum);
  std::string key;
  append_hex(key, hash, 16);
  return key;
}

namespace {

// The docids of the article stored under `id_term`: its version being
// replaced now, if any.
std::set<Xapian::docid> current_versions(const Xapian::Database& database,
                                         const std::string& id_term) {
  return {database.postlist_begin(id_term), database.postlist_end(id_term)};
}

}  // namespace

std::string group_key_at_share(double share) {
  share = std::clamp(share, 0.0, 1.0);
  // 2^64 - 1 as a double rounds up to 2^64: the top of the range is taken apart.
  const std::uint64_t last = share >= 1.0 ? ~std::uint64_t{0}
                                          : static_cast<std::uint64_t>(share * 18446744073709551616.0);
  std::string key;
  append_hex(key, last, 16);
  return key;
}

std::string join_copy_group(const Xapian::Database& database, const std::string& id_term,
                            const CopySignature& signature) {
  const std::set<Xapian::docid> own = current_versions(database, id_term);
  std::set<Xapian::docid> candidates;
  for (const std::string& term : band_terms(signature)) {
    for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term);
         ++posting) {
      if (!own.contains(*posting)) candidates.insert(*posting);
    }
  }
  // Oldest first; a huge group is judged by its oldest kMaxCandidates.
  std::size_t checked = 0;
  for (Xapian::docid candidate : candidates) {
    if (++checked > kMaxCandidates) break;
    const Xapian::Document document = database.get_document(candidate);
    auto stored = decode_signature(document.get_value(kCopySignatureSlot));
    if (!stored || similarity(*stored, signature) < kSameStory) continue;
    std::string key = document.get_value(kCopyGroupSlot);
    if (!key.empty()) return key;
  }
  return founding_group_key(signature);
}

namespace {

// Sets may_have_copies in the summary of `docid`, if the summary keeps its
// group (an older summary has no mark to set: its hits look the group up),
// and in its word map, which keeps the group for hits with a snippet.
void mark_has_copies(Xapian::WritableDatabase& database, Xapian::docid docid) {
  Xapian::Document document = database.get_document(docid);
  auto summary = decode_summary(document.get_value(kSummarySlot));
  if (!summary || !summary->copy_group || summary->copy_group->may_have_copies) return;
  summary->copy_group->may_have_copies = true;
  document.add_value(kSummarySlot, encode_summary(*summary));
  const std::string word_map = document.get_value(kWordMapSlot);
  if (!word_map.empty()) {
    document.add_value(kWordMapSlot, with_copy_group(word_map, *summary->copy_group));
  }
  database.replace_document(docid, document);
}

}  // namespace

bool note_group_member(Xapian::WritableDatabase& database, const std::string& key,
                       const std::string& id_term) {
  const std::set<Xapian::docid> own = current_versions(database, id_term);
  const std::string term = std::string(kCopyGroupPrefix) + key;
  std::vector<Xapian::docid> others;
  for (auto posting = database.postlist_begin(term);
       posting != database.postlist_end(term) && others.size() < 2; ++posting) {
    if (!own.contains(*posting)) others.push_back(*posting);
  }
  // Two or more: each was marked when the group first had two.
  if (others.size() == 1) mark_has_copies(database, others.front());
  return !others.empty();
}

void mark_shared_copy_groups(Xapian::WritableDatabase& database) {
  const std::string prefix(kCopyGroupPrefix);
  std::vector<std::string> shared;  // collected first: marking rewrites documents
  for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix); ++term) {
    if (term.get_termfreq() > 1) shared.push_back(*term);
  }
  for (const std::string& term : shared) {
    std::vector<Xapian::docid> members(database.postlist_begin(term), database.postlist_end(term));
    for (Xapian::docid member : members) mark_has_copies(database, member);
  }
}

}  // namespace dossier::index
