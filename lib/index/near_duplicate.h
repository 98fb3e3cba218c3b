// One story, many copies: a near-duplicate signature per article, and the
// copy group an article joins when it is added.
//
// The signature is a MinHash of the article's body as the Analyzer sees it
// (folded, stemmed words), over shingles of kShingleWords consecutive words:
// two bodies agree on each of the kMinHashes minimums with probability equal
// to the Jaccard similarity of their shingle sets, so the share of equal
// minimums estimates it. Wire copy reprinted word for word agrees on all of
// them; a light edit (a changed sentence, a new paragraph) on most.
//
// Grouping is incremental, inside one index (one shard), on the writer's
// thread: the signature is cut into kBands bands, each indexed as a boolean
// term (kCopyBandPrefix); a new article looks up the articles sharing any
// band, confirms each by its stored signature (similarity >= kSameStory) and
// takes the group key of the oldest confirmed one (lowest docid). An article
// like no other founds a group whose key is a hash of its own signature, so
// exact copies that land in different shards still share a key.
//
// A group key is a label, not a member: deleting or replacing the founding
// article leaves the other members with the key they have (they stay one
// group, and newcomers like them still join it). Groups are never split
// again: if B joined through A and C through B, removing B leaves A and C in
// one group.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::index {

inline constexpr std::size_t kMinHashes = 64;
inline constexpr std::size_t kBands = 16;  // of kMinHashes / kBands rows each
inline constexpr std::size_t kShingleWords = 3;
// Bodies with fewer shingles than this get no signature: a line or two of
// text says too little to call two articles one story.
inline constexpr std::size_t kMinShingles = 8;
// Estimated Jaccard similarity of shingle sets from which two articles are
// copies of one story. With 16 bands of 4 rows, a pair at 0.7 shares a band
// with probability 0.98; one at 0.3 with 0.12 (and is then refused).
inline constexpr double kSameStory = 0.7;

struct CopySignature {
  std::array<std::uint32_t, kMinHashes> minimums{};
};

// Builds a signature from the words of one text, fed in order.
class SignatureBuilder {
 public:
  void add_word(std::string_view term);
  // Empty when the text had fewer than kMinShingles shingles.
  std::optional<CopySignature> finish() const;

 private:
  std::array<std::uint64_t, kShingleWords> recent_{};  // hashes of the last words
  std::size_t words_ = 0;
  std::size_t shingles_ = 0;
  CopySignature signature_ = [] {
    CopySignature empty;
    empty.minimums.fill(UINT32_MAX);
    return empty;
  }();
};

// Share of equal minimums: the estimated Jaccard similarity.
double similarity(const CopySignature& a, const CopySignature& b);

// The kCopySignatureSlot value (kMinHashes little-endian 32-bit words).
std::string encode_signature(const CopySignature& signature);
std::optional<CopySignature> decode_signature(std::string_view encoded);

// The kCopyBandPrefix terms of a signature, one per band.
std::vector<std::string> band_terms(const CopySignature& signature);

// The key of a group founded by an article with this signature.
std::string founding_group_key(const CopySignature& signature);

// The greatest group key within the first `share` (0 to 1) of the keys'
// hash space: keys up to it (Xapian's OP_VALUE_LE on kCopyGroupSlot) pick
// about that share of the stories, at random.
std::string group_key_at_share(double share);

// The group key an article with `signature`, stored under `id_term`, joins in
// `database` (its earlier version, if any, is not a candidate). Reads up to
// kMaxCandidates articles' signatures.
inline constexpr std::size_t kMaxCandidates = 256;
std::string join_copy_group(const Xapian::Database& database, const std::string& id_term,
                            const CopySignature& signature);

// Before the article stored under `id_term` joins group `key` of `database`:
// whether other articles have the key (its own earlier version does not
// count). When exactly one has, its summary is marked as having copies
// (SummaryCopyGroup::may_have_copies), so that every member of a group of
// two or more says so.
bool note_group_member(Xapian::WritableDatabase& database, const std::string& key,
                       const std::string& id_term);

// Marks every member of every group that two or more articles of `database`
// share: after merging shards, whose members could not see each other.
void mark_shared_copy_groups(Xapian::WritableDatabase& database);

}  // namespace dossier::index
