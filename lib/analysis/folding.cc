#include "analysis/folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace dossier::analysis {
namespace {

// Letters that do not decompose into a base letter plus marks under NFD.
const char16_t* spelled_out(UChar32 c) {
  switch (c) {
    case u'ø': return u"o";
    case u'đ': return u"d";
    case u'ð': return u"d";
    case u'ł': return u"l";
    case u'ħ': return u"h";
    case u'ı': return u"i";
    case u'æ': return u"ae";
    case u'œ': return u"oe";
    case u'þ': return u"th";
    default: return nullptr;
  }
}

// ICU's normalizers, fetched once behind a C++ static. ICU creates them
// thread-safely, but with atomics inside the (uninstrumented) ICU library,
// which ThreadSanitizer cannot see: two writer threads folding their first
// words at once were reported as a race. The static's guard is visible to it.
struct Normalizers {
  const icu::Normalizer2* nfd = nullptr;  // null if ICU could not load it
  const icu::Normalizer2* nfc = nullptr;
};

const Normalizers& normalizers() {
  static const Normalizers instances = [] {
    UErrorCode nfd_status = U_ZERO_ERROR, nfc_status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(nfd_status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(nfc_status);
    return Normalizers{U_SUCCESS(nfd_status) ? nfd : nullptr,
                       U_SUCCESS(nfc_status) ? nfc : nullptr};
  }();
  return instances;
}

icu::UnicodeString strip_accents(const icu::UnicodeString& folded) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = normalizers().nfd;
  if (!nfd) return folded;
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) return folded;
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (const char16_t* replacement = spelled_out(c)) {
      stripped.append(replacement);
    } else {
      stripped.append(c);
    }
  }
  return stripped;
}

}  // namespace

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string fold(std::string_view text, bool fold_accents) {
  if (is_ascii(text)) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();
  if (fold_accents) {
    unicode = strip_accents(unicode);
  } else {
    UErrorCode status = U_ZERO_ERROR;
    if (const icu::Normalizer2* nfc = normalizers().nfc) {
      icu::UnicodeString composed = nfc->normalize(unicode, status);
      if (U_SUCCESS(status)) unicode = composed;
    }
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

}  // namespace dossier::analysis
