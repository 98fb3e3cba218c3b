// How an article is laid out in a Xapian database. Writer and searcher both
// read these definitions; nothing else may spell a prefix or slot number.
//
// Terms (prefixes follow Xapian's Omega conventions):
//   <term>        title and body words, folded and stemmed, with positions.
//                 Title words come first, with a higher wdf (kTitleWdf), so a
//                 title match weighs more; the body starts kFieldGap positions
//                 later so that no phrase spans title and body.
//   S<term>       title words again, for `title:` queries.
//   XS<term>      source words, for `source:` queries.
//   Q<id>         the unique id (boolean).
//   XP/XL/XO<key> person/place/organization alias keys (boolean), for filters;
//                 the canonical key of each entity is always among them.
//   XC<code><key>  the canonical key alone (code: entity_kind_code), one per
//                 entity the article names: what entity facets count over
//                 remote shards (search/term_facets.h), where an alias term
//                 would also count the articles of another entity.
//   XF<name>:<value>  a keyword field's value, exact (boolean); the outlet is
//                 the field "source" here (exact), beside its words in XS.
//   XB<band><hash>  one per band of the copy signature (near_duplicate.h).
//   XG<key>       the article's copy group (boolean): its copies' postings.
//   XK<key>:<outlet>  the copy group with the article's outlet (boolean; empty
//                 outlet when it has none), so that one term scan says how
//                 many copies a group has and from which outlets
//                 (copy_outlet_term; in indexes flagged kCopyOutletTermsKey).
// Values:
//   kPublishedSlot  days since 1970-01-01, Xapian::sortable_serialise'd.
//   kEntitiesSlot   the article's canonical entity keys, for facet counting.
//   kSummarySlot    id, title and date: what a hit without a snippet shows,
//                   readable without decompressing the stored article; then
//                   the copy group key (empty for none) and whether other
//                   articles of the index may share it, which the writer
//                   adds (SummaryCopyGroup), so that a hit without copies
//                   reads one value and nothing else; then (format 4) the
//                   article's outlet, which its copies' outlets leave out.
//   kWordMapSlot    where each body word is (WordMap), for snippets.
//   kAttributesSlot the source and keyword field values, for their facets:
//                   name, 0x1F, value, NUL, for each (source first).
//   kCopySignatureSlot  the MinHash signature of the body (near_duplicate.h).
//   kCopyGroupSlot  the copy group key, the collapse key of "one hit per story".
//                   Articles indexed before copy groups have neither (and
//                   are never collapsed).
// Document data: the stored fields, see encode_stored().
// Spelling table (Xapian's): each article's distinct folded title and body
//   words, for "did you mean" (index/spelling_words.h, search/spelling.h);
//   a replaced or removed article's words are taken out again where the
//   index is flagged kSpellingCountsKey.
//   Optional: indexes without it are read alike (no format change).
// Metadata:
//   kSettingsKey    the analysis settings the index was created with.
//   kEntityNamePrefix + kind + key -> display name chosen across articles.
//   kAliasesKey     the user's alias file, so readers resolve filters alike.
//   kChangeLogKey   the docids each recent commit touched (change_log.h).
//   kCanonicalTermsKey  whether every article has its canonical-key terms.
//   kSpellingCountsKey  whether the spelling table counts each article once.
//   kFieldSchemaKey the keyword fields the index has seen: "keyword <name>"
//                   lines. Fields are discovered, and of one type (keyword);
//                   a line of another type (a later Dossier's) or an invalid
//                   name makes the index kIncompatible for this one.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier::index {

inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kSourcePrefix = "XS";
inline constexpr std::string_view kFieldPrefix = "XF";
inline constexpr std::string_view kCopyBandPrefix = "XB";
inline constexpr std::string_view kCopyGroupPrefix = "XG";
inline constexpr std::string_view kCopyOutletPrefix = "XK";
// The outlet as a keyword field, in kFieldPrefix terms and kAttributesSlot.
inline constexpr std::string_view kSourceField = "source";
// Names the query language gives a meaning of its own (search/query_parser.cc):
// no keyword field may take them.
inline constexpr std::string_view kBuiltinQueryFields[] = {
    "title", "source", "outlet", "person", "place", "location", "org", "organization",
    "organisation"};
inline constexpr std::size_t kMaxFieldNameBytes = 32;

// "XP", "XL", "XO".
std::string_view entity_prefix(EntityKind kind);
// 'P', 'L', 'O': one byte that names a kind inside values and metadata keys.
char entity_kind_code(EntityKind kind);
bool entity_kind_from_code(char code, EntityKind& kind);

inline constexpr Xapian::valueno kPublishedSlot = 0;
inline constexpr Xapian::valueno kEntitiesSlot = 1;
inline constexpr Xapian::valueno kSummarySlot = 2;
inline constexpr Xapian::valueno kWordMapSlot = 3;
inline constexpr Xapian::valueno kAttributesSlot = 4;
inline constexpr Xapian::valueno kCopySignatureSlot = 5;
inline constexpr Xapian::valueno kCopyGroupSlot = 6;

// Longest id or entity key: Xapian's term limit is 245 bytes, prefix included.
inline constexpr std::size_t kMaxKeyBytes = 200;

inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termpos kFieldGap = 100;

// The file Xapian's glass backend rewrites (by rename) at every commit; its
// presence marks a directory as an index.
inline constexpr std::string_view kVersionFile = "iamglass";

inline constexpr std::string_view kSettingsKey = "dossier.settings";
inline constexpr std::string_view kEntityNamePrefix = "dossier.name.";
// Which documents the last commits touched (index/change_log.h).
inline constexpr std::string_view kChangeLogKey = "dossier.changes";
// The text of the user's alias file (IndexOptions::entity_aliases).
inline constexpr std::string_view kAliasesKey = "dossier.aliases";
// "1" once every article carries its entities' canonical keys as filter terms:
// set when the index is created, or when every article's entities are derived
// again (older indexes have articles without them).
inline constexpr std::string_view kCanonicalTermsKey = "dossier.canonical-terms";
inline constexpr std::string_view kFieldSchemaKey = "dossier.fields";
// "1" when every article carries its XC canonical-entity terms: set when the
// index is created (an older index counts remote facets the older way).
inline constexpr std::string_view kFacetTermsKey = "dossier.facet-terms";
// "1" when every article carries its XK copy-outlet term and its outlet in
// its summary: set when the index is created (an older index's hits read
// each copy's outlet instead).
inline constexpr std::string_view kCopyOutletTermsKey = "dossier.copy-outlet-terms";
// "1" while the spelling dictionary holds each article's words exactly once:
// set when the index is created, cleared by a writer that keeps no dictionary.
// Only then does a replaced or removed article take its words back out (an
// article indexed before the dictionary, or without it, never put them in).
inline constexpr std::string_view kSpellingCountsKey = "dossier.spelling-counts";
// Bumped when the on-disk layout changes in a way old readers cannot read.
// 3: articles may carry keyword fields (stored-data version 2).
// 4: summaries may end with the article's outlet.
// This Dossier also reads versions 2 and 3, and a writer that opens one
// marks it 4 at once (before it writes an article an older reader would call
// damaged).
inline constexpr int kFormatVersion = 4;
inline constexpr int kOldestReadableFormat = 2;

std::string id_term(std::string_view id);
// The filter term of an entity key: entity_prefix(kind) + key.
std::string entity_term(EntityKind kind, std::string_view key);
inline constexpr std::string_view kCanonicalEntityPrefix = "XC";
// "XC" + entity_kind_code(kind) + key: the article names this entity (not
// only one of its aliases).
std::string canonical_entity_term(EntityKind kind, std::string_view key);

// kInvalidArgument naming the problem for a bad name (see dossier::Field).
Status validate_field_name(std::string_view name);
// "XF<name>:<value>".
std::string field_term(std::string_view name, std::string_view value);

// The kAttributesSlot value: source (when set) and fields, or "" for none.
std::string encode_attributes(const Document& document);
template <typename OnAttribute>  // on_attribute(std::string_view name, std::string_view value)
void for_each_attribute(std::string_view encoded, OnAttribute&& on_attribute);

// kFieldSchemaKey: names sorted, one "keyword <name>" line each.
std::string encode_field_schema(const std::vector<std::string>& names);
// kIncompatible (naming `index`) for a type or name this version cannot use.
Result<std::vector<std::string>> decode_field_schema(std::string_view encoded,
                                                     const std::string& index);
// The schema stored in `database` with `names` added; "" when unchanged (or
// when the stored one is unreadable: IndexWriter::Open refused such an index).
std::string merged_field_schema(const Xapian::Database& database,
                                        const std::vector<std::string>& names);

std::string encode_settings(const AnalysisOptions& options);
// Fails with kIncompatible for a format version this Dossier cannot read,
// kCorruption for garbage. `format`, when given, receives the version.
Result<AnalysisOptions> decode_settings(std::string_view encoded,
                                        const std::filesystem::path& index,
                                        int* format = nullptr);

// Where each indexed word of an article's body is, so that a snippet can be
// cut from the positions Xapian already stores instead of analysing the body
// again. Covers the first kWordMapBytes of the body.
// The copy group part of a summary, which the writer adds once it knows the
// group (the articles before it decide it).
struct SummaryCopyGroup {
  std::string key;  // empty: the article has no copy group
  // False: no other article of this index had the key when this one was
  // written, nor since (the writer marks the lone member when a second joins
  // it, merge_shards every member of a group shards share). True may be
  // stale (a copy deleted since): the group term's frequency is the truth.
  bool may_have_copies = false;
  // The article's outlet ("" for none), which its copies' outlets leave out.
  // None in a summary written before format 4, and in a word map's group
  // (the stored article has the outlet).
  std::optional<std::string> outlet;
};
// The XK term of an article of copy group `key` from `outlet`; an outlet too
// long for a term counts as none.
std::string copy_outlet_term(std::string_view key, std::string_view outlet);
struct WordMap {
  Xapian::termpos body_start = 0;  // Xapian position of the body's word 0
  // Byte range in the body of each body word, by word position (0-based);
  // {begin, begin} for a position that indexes nothing (an overlong word).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> words;
  // word_term_check() of each word's term, beside `words` (0 where nothing is
  // indexed). Empty in maps written before checks: their matches come from
  // Xapian's position lists, two block reads per term and article.
  std::vector<std::uint8_t> term_checks;
  // The article's copy group, as its summary has it, once the writer added
  // it (with_copy_group): a hit with a snippet then reads no summary.
  std::optional<SummaryCopyGroup> copy_group;
};
inline constexpr std::size_t kWordMapBytes = 1 << 20;

// Eight bits of a term's hash: the words of a map whose check equals a query
// term's are the only ones that can have that term, so a snippet analyses
// those alone (about one other word in 256 shares a check: two or three of a
// news article's, each a few hundred instructions to rule out). Eight bits,
// not sixteen, keep the map at two bytes a word, as it was before checks:
// values share Xapian's postlist table, and a larger table costs every
// query more block reads.
std::uint8_t word_term_check(std::string_view term);

// The kWordMapSlot value. Kept out of the document data, which Xapian
// compresses: a value is read without inflating anything.
std::string encode_word_map(const WordMap& word_map);
// The encoded word map with `group` in it, replacing any it had; a map
// written before term checks (or none) is returned as it is.
std::string with_copy_group(std::string_view encoded_word_map, const SummaryCopyGroup& group);
// False for damaged input; `body_bytes` bounds every range.
bool decode_word_map(std::string_view encoded, std::size_t body_bytes, WordMap& word_map);

// Stored fields of an article, with `entities` in place of document.entities.
std::string encode_stored(const Document& document, const std::vector<Entity>& entities);
// Without `with_entities`, document.entities stays empty (a hit needs none).
Result<Document> decode_stored(std::string_view encoded, bool with_entities = true);

// What a hit shows without its snippet.
struct Summary {
  std::string id;
  std::string title;
  std::optional<std::chrono::sys_days> published;
  // None in a summary written before it kept the group (kCopyGroupSlot has
  // the key), and in the DocumentBuilder's, before the writer adds it.
  std::optional<SummaryCopyGroup> copy_group;
};
// The kSummarySlot value: id, title, publication date and copy group.
std::string encode_summary(const Summary& summary);
Result<Summary> decode_summary(std::string_view encoded);
// Only the id of a summary, for hits that show nothing else.
Result<std::string> decode_summary_id(std::string_view encoded);

// The entity keys of an article as stored in kEntitiesSlot: for each, the
// kind code, the key, then a NUL.
std::string encode_entity_keys(const std::vector<Entity>& entities);
template <typename OnKey>  // on_key(EntityKind, std::string_view key)
void for_each_entity_key(std::string_view encoded, OnKey&& on_key);

std::string entity_name_key(EntityKind kind, std::string_view key);

template <typename OnKey>
void for_each_entity_key(std::string_view encoded, OnKey&& on_key) {
  while (!encoded.empty()) {
    std::size_t end = encoded.find('\0');
    if (end == std::string_view::npos) end = encoded.size();
    EntityKind kind;
    if (end > 1 && entity_kind_from_code(encoded[0], kind)) {
      on_key(kind, encoded.substr(1, end - 1));
    }
    encoded.remove_prefix(std::min(end + 1, encoded.size()));
  }
}

template <typename OnAttribute>
void for_each_attribute(std::string_view encoded, OnAttribute&& on_attribute) {
  while (!encoded.empty()) {
    std::size_t end = encoded.find('\0');
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view entry = encoded.substr(0, end);
    if (std::size_t split = entry.find('\x1F'); split != std::string_view::npos) {
      on_attribute(entry.substr(0, split), entry.substr(split + 1));
    }
    encoded.remove_prefix(std::min(end + 1, encoded.size()));
  }
}

}  // namespace dossier::index
