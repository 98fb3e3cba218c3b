// Which lines of a scraped article are its prose, and which are the page's
// furniture: photo credits, "FILE PHOTO:" captions, "READ MORE" links, lists of
// related headlines in title case, share/subscribe boxes and navigation, UI text
// in another script, repeated site-name suffixes. Entity recognition reads only
// the prose; indexing still indexes every line (this never changes the text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/entities.h"

namespace dossier::entities {

enum class LineKind : std::uint8_t {
  kArticle,        // prose (and short subheads such as "Lima Group")
  kPhotoCredit,    // "© AP Photo / …", "REUTERS / Name", "Name / Pool via REUTERS"
  kFilePhoto,      // "FILE PHOTO: caption": the marker is skipped, the caption kept
  kByline,         // "By Gina Chon": "By" is skipped, the author's name kept
  kReadMore,       // "READ MORE: …", "Related: …"
  kHeadline,       // a title-cased line: the page's or a related article's headline
  kInterface,      // "Subscribe", "Share on Facebook", "log in or register", an agency name
                   // alone, a wire sign-off ("(END) NDP/DTK/MVB")
  kForeignScript,  // letters mostly in another script than the document's
};

struct ArticleLine {
  std::size_t begin = 0;  // byte offsets into the text, end exclusive (no newline)
  std::size_t end = 0;
  LineKind kind = LineKind::kArticle;
};

// Every non-blank line of text with its kind, in order.
std::vector<ArticleLine> classify_lines(std::string_view text);

// Byte ranges inside article lines that are credits or boilerplate:
// "(© Name/AFP/Getty Images)", a trailing " - Site Name" that several lines share.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::vector<ByteRange> boilerplate_spans(std::string_view text,
                                         const std::vector<ArticleLine>& lines);

// The text with every non-article line (of a FILE PHOTO caption or a byline,
// the marker alone) and boilerplate span blanked to spaces
// (newlines kept), so that byte offsets stay those of the original. Returns
// false, leaving out untouched, when the whole text is article prose.
bool blank_non_article(std::string_view text, std::string& out);

// Where a missing space glued two words of a scraped page ("Serkan
// GurbuzSecretary of State"): the first byte of a capital that follows three
// lower-case letters and is followed by three, or npos. Names such as
// "McDonald", "DeSantis" or "MacKenzie" have no such point.
std::size_t glue_point(std::string_view text);

// A person mention that runs into a glued word ends where the glue is:
// "Sait Serkan GurbuzSecretary" -> "Sait Serkan Gurbuz".
void cut_at_glue(EntityMention& mention);

}  // namespace dossier::entities
