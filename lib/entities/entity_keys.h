// Entity keys: the folded form by which an entity is one entity across
// articles, and the shorter keys it may be called by (a person's surname, an
// organisation's initials, the spellings of the alias table).
//
// Keys are folded with analysis::fold (case and accents), abbreviation dots
// dropped, hyphens and other punctuation read as spaces, whitespace collapsed:
// "Nicolás Maduro" -> "nicolas maduro", "U.S." -> "us".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"

namespace dossier::entities {

// The folded key of a cleaned name, without alias lookup: "Nicolás Maduro" ->
// "nicolas maduro", "U.S." -> "us". Invalid UTF-8 is repaired first.
std::string name_key(std::string_view name);

// A person's key with middle initials dropped and a familiar first name
// replaced by the formal one: "mike r pompeo" -> "michael pompeo".
std::string canonical_person_key(std::string_view key);

// The key by which a name of `kind` is looked up and stored: name_key, and
// for a person canonical_person_key ("Mike Pompeo" -> "michael pompeo"), so
// that an article's, an alias file's and a filter's spellings meet.
std::string entity_key(EntityKind kind, std::string_view name);

// The shorter keys a person may be called by in the same article: the
// trailing parts of the name ("pompeo" for "mike pompeo"), and the name
// without a generational suffix.
std::vector<std::string> person_short_keys(std::string_view key);

// The acronym spelled by a single-word organisation name ("OAS", "F.A.R.C."),
// lower-cased, or "" when it is no acronym.
std::string acronym_of(std::string_view name);

// Initials of a multi-word organisation key, with and without the small words.
std::vector<std::string> initials_of(std::string_view key);

// The key of one alias spelling. A leading "the" is kept for places and
// organisations ("the States") because lookups try the "the" form first.
std::string alias_key(EntityKind kind, std::string_view spelled);

// `key` first, then the other aliases sorted, without duplicates or "".
void sort_alias_keys(std::vector<std::string>& aliases, const std::string& key);

}  // namespace dossier::entities
