#include "entities/display_name.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>

#include "util/words.h"

namespace dossier::entities {
namespace {

struct NameShape {
  std::size_t words = 0;     // whole words: initials ("R.") do not count
  std::size_t initials = 0;  // one letter, with or without its dot
  std::size_t accented = 0;  // non-ASCII letters
  bool has_upper = false;
  bool has_lower = false;
};

NameShape shape_of(std::string_view name) {
  NameShape shape;
  for (std::string_view word : util::split_words(name)) {
    std::string_view letters = word.ends_with('.') ? word.substr(0, word.size() - 1) : word;
    bool initial = letters.size() == 1 && ((letters[0] >= 'A' && letters[0] <= 'Z') ||
                                           (letters[0] >= 'a' && letters[0] <= 'z'));
    ++(initial ? shape.initials : shape.words);
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(name.data());
  const auto size = static_cast<std::int32_t>(name.size());
  for (std::int32_t i = 0; i < size;) {
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) continue;
    if (c >= 0x80 && u_isalpha(c)) ++shape.accented;
    if (u_isupper(c)) shape.has_upper = true;
    if (u_islower(c)) shape.has_lower = true;
  }
  return shape;
}

}  // namespace

bool better_display_name(std::string_view candidate, std::string_view current) {
  const NameShape a = shape_of(candidate);
  const NameShape b = shape_of(current);
  if (a.words != b.words) return a.words > b.words;
  // The everyday form over the formal one: "Mike Pompeo" over "Michael R. Pompeo".
  if (a.initials != b.initials) return a.initials < b.initials;
  if (a.accented != b.accented) return a.accented > b.accented;
  const bool a_all_caps = a.has_upper && !a.has_lower;
  const bool b_all_caps = b.has_upper && !b.has_lower;
  return b_all_caps && !a_all_caps && a.has_lower;
}

}  // namespace dossier::entities
