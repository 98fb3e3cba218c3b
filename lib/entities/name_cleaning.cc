#include "entities/name_cleaning.h"

#include <algorithm>
#include <cctype>

#include "util/words.h"

namespace dossier::entities {
namespace {

// Quotes, brackets and clause punctuation the recognizer may leave around a
// name. Dots are kept: they belong to "U.S." and "Jr.".
constexpr std::string_view kLeadingJunk[] = {
    "\"", "'", "(", "[", "{", "<", ",", ";", ":", "!", "?", "*", "-",
    "\xE2\x80\x9C", "\xE2\x80\x98", "\xE2\x80\x9E", "\xC2\xAB", "\xE2\x80\xB9",
    "\xE2\x80\x93", "\xE2\x80\x94"};
constexpr std::string_view kTrailingJunk[] = {
    "\"", ")", "]", "}", ">", ",", ";", ":", "!", "?", "*", "-",
    "\xE2\x80\x9D", "\xC2\xBB", "\xE2\x80\xBA", "\xE2\x80\x93", "\xE2\x80\x94"};

bool has_name_character(std::string_view word) {
  for (char ch : word) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c) || c == '&') return true;
  }
  return false;
}

// Offices, honorifics and nationality nouns that stand before a person's name.
constexpr std::string_view kTitleHeads[] = {
    "president", "president-elect", "vice-president", "secretary", "secretary-general",
    "undersecretary", "minister", "chancellor", "king", "queen", "prince", "princess",
    "pope", "emperor", "empress", "mr", "mrs", "ms", "miss", "mx", "dr", "doctor",
    "prof", "professor", "sen", "senator", "rep", "representative", "congressman",
    "congresswoman", "gov", "governor", "gen", "general", "col", "colonel", "lt",
    "lieutenant", "capt", "captain", "maj", "major", "adm", "admiral", "sgt", "sergeant",
    "cmdr", "commander", "sir", "dame", "rev", "reverend", "fr", "father", "ambassador",
    "envoy", "judge", "justice", "mayor", "speaker", "sheikh", "sheik", "emir", "sultan",
    "ayatollah", "cardinal", "archbishop", "bishop", "rabbi", "imam", "premier",
    "commissioner", "chairman", "chairwoman", "chair", "ceo", "director", "spokesman",
    "spokeswoman", "spokesperson", "attorney", "adviser", "advisor", "lawmaker",
    "councilman", "councilwoman", "inspector", "detective", "superintendent",
    // Nationality nouns stand where a title does: "Englishman Peter Alliss".
    "englishman", "englishwoman", "frenchman", "frenchwoman", "irishman", "irishwoman",
    "scotsman", "scotswoman", "welshman", "welshwoman", "dutchman", "dutchwoman",
    "countryman", "countrywoman", "compatriot"};

// Heads that are titles only after a qualifier: "First Lady Melania Trump",
// "Majority Leader Mitch McConnell" (but "Lady Gaga" is a name).
constexpr std::string_view kQualifiedHeads[] = {"lady", "leader", "officer"};

// Words that qualify an office ("Foreign Minister", "former President").
constexpr std::string_view kTitleQualifiers[] = {
    "affairs", "vice", "deputy", "prime", "foreign", "defense", "defence", "finance", "interior",
    "health", "justice", "trade", "economy", "economic", "energy", "education",
    "treasury", "home", "environment", "labor", "labour", "agriculture", "commerce",
    "transport", "transportation", "information", "culture", "senate", "house",
    "majority", "minority", "crown", "attorney", "supreme", "chief", "opposition",
    "party", "state", "former", "late", "then", "acting", "interim", "ex", "outgoing",
    "incoming", "first", "grand", "special", "high", "national", "security", "policy",
    "executive", "assistant", "senior", "federal"};

// What may follow "Secretary of" / "Minister of" in an office name.
constexpr std::string_view kDepartmentWords[] = {
    "the", "state", "defense", "defence", "treasury", "foreign", "affairs", "interior",
    "justice", "health", "finance", "commerce", "homeland", "security", "energy",
    "education", "labor", "labour", "staff", "agriculture", "transportation",
    "transport", "economy", "trade", "housing", "veterans", "external", "home",
    "public", "works", "information", "culture", "communications"};

// Generational suffixes, which are not a surname: "Martin Luther King Jr.".
constexpr std::string_view kGenerational[] = {"jr", "sr", "ii", "iii", "iv", "v"};

// Countries and bodies named before a title: "U.S. Secretary of State ...",
// "United States Secretary of State ...", "UN Secretary-General ...".
constexpr std::string_view kTitlePrefixes[] = {
    "us", "usa", "uk", "un", "eu", "nato", "united states", "united kingdom", "united nations",
    "european union"};
// "Chilean", "Chinese", "British", "Israeli", "French": a nationality before a
// title. Checked only at the start of a name and only when a title follows.
bool looks_like_demonym(std::string_view word) {
  if (word.empty() || !(word[0] >= 'A' && word[0] <= 'Z')) return false;
  std::size_t length = 0;
  static constexpr std::string_view kEndings[] = {"an", "ese", "ish", "ch", "i"};
  return word.size() > 3 && ends_with_any(word, kEndings, &length);
}

// Where the name begins after the titles at words[from...], or `from` when no
// title starts there.
std::size_t skip_one_title(const std::vector<std::string_view>& words, std::size_t from) {
  std::size_t j = from;
  bool qualified = false;
  while (j < words.size() && in_list(kTitleQualifiers, title_form(words[j]))) {
    ++j;
    qualified = true;
  }
  // Qualifiers double as heads ("Attorney General", "Justice Sotomayor"), so
  // back up one when the run of qualifiers is followed by no head.
  auto is_head = [&](std::size_t k) {
    if (k >= words.size()) return false;
    const std::string w = title_form(words[k]);
    return in_list(kTitleHeads, w) || (qualified && in_list(kQualifiedHeads, w));
  };
  if (!is_head(j)) {
    if (j > from && in_list(kTitleHeads, title_form(words[j - 1]))) return j;
    return from;
  }
  ++j;
  // "Secretary of State", "Minister of Foreign Affairs".
  if (j < words.size() && title_form(words[j]) == "of") {
    std::size_t k = j + 1;
    while (k < words.size() && in_list(kDepartmentWords, title_form(words[k]))) ++k;
    if (k > j + 1) j = k;
  }
  return j;
}

std::size_t skip_titles(const std::vector<std::string_view>& words) {
  std::size_t i = 0;
  // A nationality or country counts only when an office follows it.
  std::string prefix;
  for (std::size_t n = 1; n <= 2 && n < words.size(); ++n) {
    if (n > 1) prefix += ' ';
    prefix += title_form(words[n - 1]);
    if ((n == 1 && looks_like_demonym(words[0])) || in_list(kTitlePrefixes, prefix)) {
      if (std::size_t after = skip_one_title(words, n); after > n) i = after;
    }
  }
  for (;;) {
    std::size_t next = skip_one_title(words, i);
    if (next == i) break;
    i = next;
  }
  return i;
}

}  // namespace

std::string join(const std::vector<std::string_view>& words, std::size_t from,
                 std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

namespace {

// The first of `affixes` that `s` starts with (kAtEnd: ends with); `length`
// gets its size.
template <bool kAtEnd>
bool has_affix(std::string_view s, std::span<const std::string_view> affixes,
               std::size_t* length) {
  for (std::string_view affix : affixes) {
    if (kAtEnd ? s.ends_with(affix) : s.starts_with(affix)) {
      *length = affix.size();
      return true;
    }
  }
  return false;
}

}  // namespace

bool starts_with_any(std::string_view s, std::span<const std::string_view> prefixes,
                     std::size_t* length) {
  return has_affix<false>(s, prefixes, length);
}

bool ends_with_any(std::string_view s, std::span<const std::string_view> suffixes,
                   std::size_t* length) {
  return has_affix<true>(s, suffixes, length);
}

std::string title_form(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (char c : word) {
    if (c == '.') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool is_generational(std::string_view word) { return in_list(kGenerational, word); }

bool is_title_head(std::string_view word) { return in_list(kTitleHeads, title_form(word)); }

// Forms of address that are never a name on their own.
constexpr std::string_view kHonorifics[] = {"mr",  "mrs", "ms",  "miss", "mx",
                                             "messrs", "dr", "mme", "mlle"};

CleanName clean_surface(EntityKind kind, std::string_view surface) {
  std::vector<std::string_view> words = util::split_words(surface);
  std::size_t length = 0;
  // Surrounding quotes and punctuation.
  while (!words.empty()) {
    std::string_view& first = words.front();
    while (starts_with_any(first, kLeadingJunk, &length)) first.remove_prefix(length);
    std::string_view& last = words.back();
    while (ends_with_any(last, kTrailingJunk, &length)) last.remove_suffix(length);
    if (!words.front().empty() && !words.back().empty()) break;
    if (words.front().empty()) words.erase(words.begin());
    if (!words.empty() && words.back().empty()) words.pop_back();
  }
  std::erase_if(words, [](std::string_view w) { return !has_name_character(w); });
  if (words.empty()) return {};

  // Possessives: "Pompeo's", "Pompeo’s", "Chavez'".
  std::string_view& last = words.back();
  static constexpr std::string_view kPossessive[] = {"'s", "'S", "\xE2\x80\x99s",
                                                     "\xE2\x80\x99S"};
  static constexpr std::string_view kApostrophe[] = {"'", "\xE2\x80\x99"};
  if (ends_with_any(last, kPossessive, &length) && last.size() > length) {
    last.remove_suffix(length);
  } else if (ends_with_any(last, kApostrophe, &length) && last.size() > length) {
    last.remove_suffix(length);
  }

  CleanName out;
  std::size_t begin = 0;
  if (kind == EntityKind::kPerson) {
    // "the Rev. Al Sharpton", "the Pope".
    const std::size_t after_the = words.size() > 1 && title_form(words[0]) == "the" ? 1 : 0;
    std::vector<std::string_view> rest(words.begin() + after_the, words.end());
    begin = after_the + skip_titles(rest);
    // A name that is all title ("King", "Pope") is left whole: it is a name.
    // Honorifics alone ("Mr", "Dr"), what the tagger keeps of "Mr Baez Silva"
    // when it splits the name, name nobody.
    if (begin >= words.size()) {
      const bool honorifics_only = std::all_of(
          words.begin() + after_the, words.end(),
          [](std::string_view word) { return in_list(kHonorifics, title_form(word)); });
      if (honorifics_only) return out;
      begin = after_the;
    }
  } else if (words.size() > 1 && title_form(words[0]) == "the") {
    begin = 1;
    out.had_the = true;
  }
  out.name = join(words, begin, words.size());
  return out;
}

std::string clean_name(EntityKind kind, std::string_view surface) {
  return clean_surface(kind, surface).name;
}

void drop_leading_title(EntityMention& mention) {
  if (mention.kind != EntityKind::kPerson) return;
  const std::string name = clean_name(mention.kind, mention.surface);
  if (name.empty() || name.size() >= mention.surface.size() || !mention.surface.ends_with(name)) return;
  if (name[0] >= 'a' && name[0] <= 'z') return;  // "Mayor of London Boris Johnson": not a clean cut
  const std::size_t cut = mention.surface.size() - name.size();
  mention.begin += cut;
  mention.surface.erase(0, cut);
}

void take_name_particles(std::string_view text, std::size_t floor, EntityMention& mention) {
  static constexpr std::string_view kParticles[] = {"von", "van", "der", "den", "de", "da",
                                                    "di", "du", "del", "della", "bin", "ibn", "al"};
  if (mention.kind != EntityKind::kPerson || mention.begin > text.size()) return;
  std::size_t begin = mention.begin;
  while (begin >= 2 && text[begin - 1] == ' ') {
    std::size_t word = text.rfind(' ', begin - 2);
    word = word == std::string_view::npos ? 0 : word + 1;
    if (word < floor) break;
    std::string_view previous = text.substr(word, begin - 1 - word);
    if (std::find(std::begin(kParticles), std::end(kParticles), previous) == std::end(kParticles))
      break;
    begin = word;
  }
  if (begin == mention.begin) return;
  mention.surface.insert(0, text.substr(begin, mention.begin - begin));
  mention.begin = begin;
}

}  // namespace dossier::entities
