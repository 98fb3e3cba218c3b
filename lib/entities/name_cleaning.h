// Name cleaning: which part of a mention's text is the name itself. Titles,
// honorifics and possessives are not part of a person's name ("Secretary of
// State Mike Pompeo's" -> "Mike Pompeo"); a leading "the" is not part of an
// organisation's or place's name; surrounding quotes and punctuation go.
// Also the small word helpers the entity keys share (entity_keys.h).
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "dossier/entities.h"

namespace dossier::entities {

// A mention's name as it should be displayed, and whether a leading "the"
// was dropped (lookups try "the ..." first: "The Hague").
struct CleanName {
  std::string name;
  bool had_the = false;
};
CleanName clean_surface(EntityKind kind, std::string_view surface);

// The name part of a mention as it should be displayed: surrounding quotes and
// punctuation, possessives and (for people) leading titles removed; for
// organisations and places a leading "the" too. Whitespace collapsed.
// "U.S. Secretary of State Mike Pompeo's" -> "Mike Pompeo".
std::string clean_name(EntityKind kind, std::string_view surface);

// Moves a person mention's start past a leading title the tagger included
// ("President-elect Joe Biden" -> "Joe Biden"), so that mentions name the
// person as clean_name does. Other kinds and possessives are left alone.
void drop_leading_title(EntityMention& mention);

// Moves a person mention's start back over the lower-case particles of a
// surname the tagger left out ("von der" + "Leyen" -> "von der Leyen"; also
// van, de, da, di, du, del, della, bin, ibn, al), never before `floor` (the end
// of the previous mention). `text` is what the mention's offsets point into.
void take_name_particles(std::string_view text, std::size_t floor, EntityMention& mention);

// "jr", "sr", "ii"...: generational suffixes, which are not a surname.
bool is_generational(std::string_view word);

// Whether `word` is an office, honorific or nationality noun that stands
// before a person's name ("Secretary", "Mr.", "Englishman"), in any case.
bool is_title_head(std::string_view word);

// Word helpers.
// words[from, to) joined by single spaces.
std::string join(const std::vector<std::string_view>& words, std::size_t from, std::size_t to);
// Whether `s` starts (ends) with one of the strings; `length` gets its size.
bool starts_with_any(std::string_view s, std::span<const std::string_view> prefixes,
                     std::size_t* length);
bool ends_with_any(std::string_view s, std::span<const std::string_view> suffixes,
                   std::size_t* length);
// A title word as compared against the lists: ASCII lower case, no dots
// ("Sen." -> "sen"). Words with non-ASCII letters are never titles here.
std::string title_form(std::string_view word);

template <std::size_t N>
bool in_list(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

}  // namespace dossier::entities
