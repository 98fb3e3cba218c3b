// The character set of a saved web page, and its conversion to UTF-8 (ICU).
#pragma once

#include <string>
#include <string_view>

namespace dossier::ingest {

// The encoding the page declares: a byte-order mark, else <meta charset=...> or
// <meta http-equiv="Content-Type" content="...; charset=..."> in its first
// 4 KiB; lower case, empty when none.
std::string declared_charset(std::string_view bytes);

// The page as valid UTF-8. UTF-8 (declared or not) is repaired (U+FFFD for bad
// bytes); other declared encodings are converted with ICU, ISO-8859-1 and ASCII
// read as windows-1252 as browsers do. An undeclared page that is not valid
// UTF-8 is read as windows-1252, as browsers in Western locales do. A page declared as a single-byte
// encoding whose bytes are valid UTF-8 with multi-byte characters is read as
// UTF-8: saved pages are often re-encoded without fixing the declaration.
std::string html_to_utf8(std::string_view bytes);

}  // namespace dossier::ingest
