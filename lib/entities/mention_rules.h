// Rules over all of one article's mentions, after tagging: what the tagger
// decides word by word, the article as a whole can correct. Measured on both
// dev sets (README, entity section).
#pragma once

#include <string_view>
#include <vector>

#include "dossier/entities.h"

namespace dossier::entities {

// In place, keeping the order of the mentions:
//   - names of events, diseases and motor-racing series ("Brexit",
//     "COVID-19", "Formula One"; "Mercedes Formula One" is Mercedes), a name that
//     ends with an event word ("DreamHack Masters") or runs into one
//     ("Conservative Party Conference"), social-media
//     handles or hashtags ("@govbr"), words with no capital ("midfield") and a
//     platform named as a medium ("said on Twitter", "a Facebook video") are
//     not people, places or organisations: dropped;
//   - an organisation's name starts after a rank the tagger ran into it
//     ("U.S. Senior State Department Official" -> "State Department");
//   - the agency in a dateline ("WASHINGTON (Sputnik) -") is an
//     organisation, whatever other kind than person the tagger gave it;
//   - a one-word mention of another kind that is the last word of a person's
//     fuller name in the article is that person ("Garbers" beside "Chase
//     Garbers");
//   - a one-word person that is no word of any fuller person's name in the
//     article is dropped: news introduces a person by full name, and a lone
//     capitalised word tagged as a person is mostly a company or brand the
//     tagger does not know ("Debenhams", "Moncler") or a first name quoted;
//     unless a title stands before it ("Secretary Pompeo", "Mr. Pompeo"):
//     that is a person, whom the index may know in full;
//   - "the Trump administration" names a person, Trump;
//   - a generational suffix after a person's name is part of it ("Lloyd
//     Austin III", "Martin Luther King Jr.").
// `text` is the text the mentions' byte offsets point into.
// Thread-safe: a pure function of its arguments.
void apply_article_rules(std::string_view text, std::vector<EntityMention>& mentions);

}  // namespace dossier::entities
