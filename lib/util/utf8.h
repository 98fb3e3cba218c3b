// UTF-8 validation and repair for text that comes from files.
#pragma once

#include <string>
#include <string_view>

namespace dossier::util {

// True when text is well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Replaces each ill-formed sequence with U+FFFD and NUL bytes with spaces.
// Returns true when anything was changed.
bool repair_utf8(std::string& text);

}  // namespace dossier::util
