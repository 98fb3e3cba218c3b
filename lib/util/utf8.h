// UTF-8 validation and repair for text that comes from files.
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::util {

// True when text is well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Replaces each ill-formed sequence with U+FFFD and NUL bytes with spaces.
// Returns true when anything was changed.
bool repair_utf8(std::string& text);

// The code point that starts at text[pos] (pos < text.size()) and its length in
// bytes; an ill-formed sequence reads as U+FFFD with the length of its maximal
// ill-formed part, so decoding never stalls. Inline: tokenizers call it per character.
inline char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  length = 1;
  if (lead < 0x80) return lead;
  // A window of at most 4 bytes keeps ICU's int32_t offsets small on any text.
  const auto window = static_cast<std::int32_t>(std::min<std::size_t>(text.size() - pos, 4));
  std::int32_t end = 0;
  UChar32 c;
  U8_NEXT(text.data() + pos, end, window, c);
  length = static_cast<std::size_t>(end);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

// Appends c as UTF-8 (U+FFFD for a surrogate or a value past U+10FFFF).
inline void append_utf8(char32_t c, std::string& out) {
  char bytes[U8_MAX_LENGTH];
  std::int32_t length = 0;
  UBool error = false;
  U8_APPEND(bytes, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
  if (error) {
    out += "\xEF\xBF\xBD";
    return;
  }
  out.append(bytes, static_cast<std::size_t>(length));
}

}  // namespace dossier::util
