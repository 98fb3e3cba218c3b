// Case and accent folding: the one place that decides when two spellings of a
// word are the same word. Used for index terms, query terms and entity keys.
#pragma once

#include <string>
#include <string_view>

namespace dossier::analysis {

// Lower-cases (Unicode full case folding) and, when fold_accents is set, strips
// diacritics and spells out letters that have no decomposition (ø -> o,
// ł -> l, æ -> ae, ß -> ss), so "Piñera", "PINERA" and "Pinera" all fold to
// "pinera". Pure ASCII input takes a fast path. Input must be valid UTF-8.
std::string fold(std::string_view text, bool fold_accents = true);

// True when every byte is ASCII.
bool is_ascii(std::string_view text);

}  // namespace dossier::analysis
