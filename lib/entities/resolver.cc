#include "entities/resolver.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <utility>

#include "analysis/folding.h"
#include "entities/aliases.h"
#include "entities/display_name.h"
#include "util/utf8.h"
#include "util/words.h"

namespace dossier::entities {
namespace {

// ---------------------------------------------------------------------------
// Words

// Keys are built with single spaces, so splitting them is simple.
std::vector<std::string_view> split_key(std::string_view key) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string join(const std::vector<std::string_view>& words, std::size_t from,
                 std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

bool starts_with_any(std::string_view s, std::span<const std::string_view> prefixes,
                     std::size_t* length) {
  for (std::string_view p : prefixes) {
    if (s.starts_with(p)) {
      *length = p.size();
      return true;
    }
  }
  return false;
}

bool ends_with_any(std::string_view s, std::span<const std::string_view> suffixes,
                   std::size_t* length) {
  for (std::string_view p : suffixes) {
    if (s.ends_with(p)) {
      *length = p.size();
      return true;
    }
  }
  return false;
}

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

// A title word as compared against the lists: ASCII lower case, no dots
// ("Sen." -> "sen"). Words with non-ASCII letters are never titles here.
std::string title_form(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (char c : word) {
    if (c == '.') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

template <std::size_t N>
bool in_list(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// Offices and honorifics that stand before a person's name.
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
    "councilman", "councilwoman", "inspector", "detective", "superintendent"};

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

struct CleanName {
  std::string name;
  bool had_the = false;  // a leading "the" was dropped
};

CleanName clean(EntityKind kind, std::string_view surface) {
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
    if (begin >= words.size()) begin = after_the;
  } else if (words.size() > 1 && title_form(words[0]) == "the") {
    begin = 1;
    out.had_the = true;
  }
  out.name = join(words, begin, words.size());
  return out;
}

// ---------------------------------------------------------------------------
// Entity keys

bool is_generational(std::string_view word) { return in_list(kGenerational, word); }

// A person's key without "jr", "ii"...: the part whose tail is the surname.
std::vector<std::string_view> core_words(std::string_view key) {
  std::vector<std::string_view> words = split_key(key);
  while (words.size() > 1 && is_generational(words.back())) words.pop_back();
  return words;
}

// Familiar first names and the formal ones they stand for, so that "Mike
// Pompeo" and "Michael R. Pompeo" are one person across articles. Only
// unambiguous pairs: "Pat" (Patrick or Patricia) and "Jack" are left out.
constexpr std::pair<std::string_view, std::string_view> kNicknames[] = {
    {"alex", "alexander"}, {"andy", "andrew"},     {"ben", "benjamin"},   {"bill", "william"},
    {"billy", "william"},  {"bob", "robert"},      {"bobby", "robert"},   {"chris", "christopher"},
    {"dan", "daniel"},     {"danny", "daniel"},    {"dave", "david"},     {"dick", "richard"},
    {"don", "donald"},     {"doug", "douglas"},    {"ed", "edward"},      {"eddie", "edward"},
    {"greg", "gregory"},   {"jeff", "jeffrey"},    {"jim", "james"},      {"jimmy", "james"},
    {"joe", "joseph"},     {"kate", "katherine"},  {"larry", "lawrence"}, {"liz", "elizabeth"},
    {"matt", "matthew"},   {"mike", "michael"},    {"nick", "nicholas"},  {"pete", "peter"},
    {"phil", "philip"},    {"rick", "richard"},    {"rob", "robert"},     {"ron", "ronald"},
    {"sam", "samuel"},     {"ted", "edward"},      {"tim", "timothy"},    {"tom", "thomas"},
    {"tommy", "thomas"},   {"tony", "anthony"},
};

}  // namespace

std::string canonical_person_key(std::string_view key) {
  std::vector<std::string_view> words = split_key(key);
  if (words.size() < 2) return std::string(key);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view word = words[i];
    // A middle initial ("Michael R. Pompeo") is not part of the identity.
    if (i > 0 && i + 1 < words.size() && word.size() == 1) continue;
    if (i == 0) {
      for (const auto& [nickname, formal] : kNicknames) {
        if (word == nickname) {
          word = formal;
          break;
        }
      }
    }
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

namespace {

// The shorter keys a person may be called by in the same article: the
// trailing parts of the name ("pompeo" for "mike pompeo"), and the name
// without a generational suffix.
std::vector<std::string> person_short_keys(std::string_view key) {
  std::vector<std::string> out;
  const std::vector<std::string_view> core = core_words(key);
  for (std::size_t i = 1; i < core.size(); ++i) out.push_back(join(core, i, core.size()));
  if (core.size() < split_key(key).size()) out.push_back(join(core, 0, core.size()));
  return out;
}

// Words not counted in an organisation's initials.
constexpr std::string_view kAcronymStopwords[] = {
    "of", "the", "and", "for", "in", "on", "to", "a", "an", "&",
    "de", "del", "des", "du", "la", "las", "los", "el", "y", "et"};

// The acronym spelled by a single-word organisation name ("OAS", "F.A.R.C."),
// lower-cased, or "" when it is no acronym.
std::string acronym_of(std::string_view name) {
  std::string letters;
  for (char c : name) {
    if (c == '.') continue;
    if (c < 'A' || c > 'Z') return {};
    letters += static_cast<char>(c - 'A' + 'a');
  }
  return letters.size() >= 2 && letters.size() <= 10 ? letters : std::string();
}

// Initials of a multi-word organisation key, with and without the small words.
std::vector<std::string> initials_of(std::string_view key) {
  std::vector<std::string_view> words = split_key(key);
  std::string all, significant;
  for (std::string_view w : words) {
    all += w[0];
    if (!in_list(kAcronymStopwords, w)) significant += w[0];
  }
  std::vector<std::string> out;
  if (significant.size() >= 2) out.push_back(significant);
  if (all != significant) out.push_back(all);
  return out;
}

void sort_alias_keys(std::vector<std::string>& aliases, const std::string& key) {
  std::erase(aliases, key);
  std::erase(aliases, std::string());
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  aliases.insert(aliases.begin(), key);
}

bool parse_kind(std::string_view word, EntityKind* kind) {
  const std::string w = analysis::fold(word, true);
  if (w == "person") {
    *kind = EntityKind::kPerson;
  } else if (w == "place") {
    *kind = EntityKind::kPlace;
  } else if (w == "organization" || w == "organisation" || w == "org") {
    *kind = EntityKind::kOrganization;
  } else {
    return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool non_ascii_apostrophe(std::string_view s, std::size_t* length) {
  static constexpr std::string_view kApostrophes[] = {"\xE2\x80\x99", "\xE2\x80\x98",
                                                      "\xCA\xBC"};
  return starts_with_any(s, kApostrophes, length);
}

// Quotes, ellipsis, odd spaces, and the dashes U+2010..U+2015.
bool non_ascii_separator(std::string_view s, std::size_t* length) {
  static constexpr std::string_view kSeparators[] = {
      "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB",
      "\xC2\xA0",     "\xE2\x80\xA6", "\xE2\x80\x89", "\xE2\x80\xAF"};
  if (starts_with_any(s, kSeparators, length)) return true;
  if (s.size() >= 3 && s.starts_with("\xE2\x80") && static_cast<unsigned char>(s[2]) >= 0x90 &&
      static_cast<unsigned char>(s[2]) <= 0x95) {
    *length = 3;
    return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------
// Free functions

std::string clean_name(EntityKind kind, std::string_view surface) {
  return clean(kind, surface).name;
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

std::string name_key(std::string_view name) {
  std::string repaired;
  if (!util::is_valid_utf8(name)) {
    repaired.assign(name);
    util::repair_utf8(repaired);
    name = repaired;
  }
  // Punctuation first, on the UTF-8 bytes: dots vanish ("U.S." -> "US"),
  // apostrophes are unified, everything else that separates words is a space.
  std::string spaced;
  spaced.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c) || c == '\'' || c == '&') {
        spaced += static_cast<char>(c);
      } else if (c != '.') {
        spaced += ' ';
      }
      ++i;
      continue;
    }
    std::size_t length = 0;
    if (non_ascii_apostrophe(name.substr(i), &length)) {
      spaced += '\'';
    } else if (non_ascii_separator(name.substr(i), &length)) {
      spaced += ' ';
    } else {
      spaced += static_cast<char>(c);
      length = 1;
    }
    i += length;
  }
  const std::string folded = analysis::fold(spaced, /*fold_accents=*/true);
  std::string key;
  key.reserve(folded.size());
  for (std::string_view word : split_key(folded)) {
    // Quotes read as apostrophes at the edges of words are not part of them.
    while (!word.empty() && word.front() == '\'') word.remove_prefix(1);
    while (!word.empty() && word.back() == '\'') word.remove_suffix(1);
    if (word.empty()) continue;
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

// ---------------------------------------------------------------------------
// Resolver

namespace {

// The key of one alias spelling. A leading "the" is kept for places and
// organisations ("the States") because lookups try the "the" form first.
std::string alias_key(EntityKind kind, std::string_view spelled) {
  if (kind != EntityKind::kPerson && spelled.size() > 4 &&
      title_form(spelled.substr(0, 4)) == "the ") {
    return name_key(spelled);
  }
  return name_key(clean_name(kind, spelled));
}

}  // namespace

Resolver::Resolver() {
  for (const BuiltinAlias& builtin : builtin_aliases()) {
    const std::size_t index = entries_.size();
    Entry entry{builtin.kind, name_key(builtin.name), std::string(builtin.name), {}};
    AliasMap& map = aliases_of(entry.kind);
    map.emplace(entry.key, index);
    std::string_view rest = builtin.aliases;
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      std::string alias = alias_key(builtin.kind, rest.substr(0, bar));
      map.emplace(alias, index);
      entry.alias_keys.push_back(std::move(alias));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
    sort_alias_keys(entry.alias_keys, entry.key);
    entries_.push_back(std::move(entry));
  }
}

int Resolver::find(EntityKind kind, std::string_view alias_key) const {
  const AliasMap& map = aliases_of(kind);
  auto it = map.find(alias_key);
  return it == map.end() ? -1 : static_cast<int>(it->second);
}

int Resolver::find_name(EntityKind kind, std::string_view key, bool had_the) const {
  if (had_the) {
    std::string with_the = "the ";
    with_the += key;
    if (int found = find(kind, with_the); found >= 0) return found;
  }
  return find(kind, key);
}

Status Resolver::add_alias_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot open alias file: " + file.string());
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(ErrorCode::kIoError, "cannot read alias file: " + file.string());
  return add_aliases(content, file.string());
}

Status Resolver::add_aliases(std::string_view content, std::string_view source) {
  // Work on copies so a bad line leaves the resolver as it was.
  std::vector<Entry> entries = entries_;
  std::array<AliasMap, 3> by_alias = by_alias_;
  // Alias keys these lines have mapped, per kind, with the line that did it.
  std::array<std::unordered_map<std::string, std::size_t>, 3> mapped_at;

  std::size_t line_number = 0;
  auto fail = [&](const std::string& what) -> Status {
    return make_error(ErrorCode::kInvalidArgument, std::string(source) + ":" +
                                                       std::to_string(line_number) + ": " + what);
  };
  for (std::size_t start = 0; start < content.size();) {
    std::size_t newline = content.find('\n', start);
    if (newline == std::string_view::npos) newline = content.size();
    std::string_view text = content.substr(start, newline - start);
    start = newline + 1;
    ++line_number;
    if (line_number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    text = trim(text);
    if (text.empty() || text.front() == '#') continue;
    if (!util::is_valid_utf8(text)) return fail("not valid UTF-8");

    std::vector<std::string_view> fields;
    for (std::size_t from = 0;;) {
      const std::size_t tab = text.find('\t', from);
      fields.push_back(trim(text.substr(from, tab - from)));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    if (fields.size() < 2) {
      return fail("no tab: expected KIND<TAB>Canonical Name<TAB>alias...");
    }
    EntityKind kind;
    if (!parse_kind(fields[0], &kind)) {
      return fail("unknown kind '" + std::string(fields[0]) +
                  "' (expected person, place or organization)");
    }
    if (fields[1].empty()) {
      return fail("missing canonical name");
    }
    // The canonical name is taken as written: it is the user's display name.
    const std::string name(fields[1]);
    const std::string key = name_key(name);
    if (key.empty()) return fail("canonical name '" + std::string(fields[1]) + "' has no letters");

    const std::size_t k = static_cast<std::size_t>(kind);
    AliasMap& map = by_alias[k];
    // Maps one alias key to `target`, taking it over from a built-in entity.
    auto claim = [&](const std::string& alias, std::size_t target,
                     std::string_view spelled) -> Status {
      auto it = map.find(alias);
      if (it != map.end() && it->second != target) {
        if (auto at = mapped_at[k].find(alias); at != mapped_at[k].end()) {
          return fail("'" + std::string(spelled) + "' already names '" +
                      entries[it->second].name + "' (line " + std::to_string(at->second) +
                      ")");
        }
        // Taken over from a built-in entity, which keeps its own key listed.
        if (alias != entries[it->second].key) std::erase(entries[it->second].alias_keys, alias);
      }
      map.insert_or_assign(alias, target);
      mapped_at[k].emplace(alias, line_number);
      return {};
    };

    // The entity: an existing one with this very key, or a new one.
    std::size_t target = entries.size();
    if (auto it = map.find(key); it != map.end() && entries[it->second].key == key) {
      target = it->second;
      entries[target].name = name;
    } else {
      entries.push_back(Entry{kind, key, name, {key}});
    }
    if (Status s = claim(key, target, fields[1]); !s) return s;
    for (std::size_t f = 2; f < fields.size(); ++f) {
      if (fields[f].empty()) continue;  // stray tabs
      std::string alias = alias_key(kind, fields[f]);
      if (alias.empty()) return fail("alias '" + std::string(fields[f]) + "' has no letters");
      if (Status s = claim(alias, target, fields[f]); !s) return s;
      entries[target].alias_keys.push_back(alias);
    }
    sort_alias_keys(entries[target].alias_keys, entries[target].key);
  }
  entries_ = std::move(entries);
  by_alias_ = std::move(by_alias);
  return {};
}

std::string Resolver::filter_key(EntityKind kind, std::string_view user_text) const {
  const CleanName cleaned = clean(kind, user_text);
  std::string key = name_key(cleaned.name);
  if (kind == EntityKind::kPerson) key = canonical_person_key(key);
  if (int entry = find_name(kind, key, cleaned.had_the); entry >= 0) {
    return entries_[static_cast<std::size_t>(entry)].key;
  }
  return key;
}

std::vector<ResolvedEntity> Resolver::resolve(std::string_view text,
                                              const std::vector<EntityMention>& mentions) const {
  // One row per distinct (kind, name key) the article uses, in order of first
  // mention. Articles name tens of entities, so the per-article maps stay small.
  struct Name {
    EntityKind kind;
    std::string key;
    std::string display;
    int entry;              // alias table entity, or -1
    std::string root;       // the key it resolves to
    std::size_t words;      // in key
    std::uint32_t mentions;
  };
  std::vector<Name> names;
  std::array<std::unordered_map<std::string, std::size_t>, 3> name_index;

  for (const EntityMention& mention : mentions) {
    std::string_view surface = mention.surface;
    if (surface.empty() && mention.begin < mention.end && mention.end <= text.size()) {
      surface = text.substr(mention.begin, mention.end - mention.begin);
    }
    CleanName cleaned = clean(mention.kind, surface);
    std::string key = name_key(cleaned.name);
    if (key.empty()) continue;
    if (mention.kind == EntityKind::kPerson) key = canonical_person_key(key);
    auto& index = name_index[static_cast<std::size_t>(mention.kind)];
    auto [it, inserted] = index.try_emplace(key, names.size());
    if (!inserted) {
      Name& known = names[it->second];
      ++known.mentions;
      if (better_display_name(cleaned.name, known.display)) known.display = cleaned.name;
      continue;
    }
    const int entry = find_name(mention.kind, key, cleaned.had_the);
    std::string root = entry >= 0 ? entries_[static_cast<std::size_t>(entry)].key : key;
    const std::size_t words = split_key(key).size();
    names.push_back(Name{mention.kind, std::move(key), std::move(cleaned.name), entry,
                         std::move(root), words, 1});
  }

  // People: "Pompeo" is "Mike Pompeo" when no other longer name in the article
  // ends in "Pompeo". Longer names are settled first so that chains resolve
  // ("Benítez" -> "Abdo Benítez" -> "Mario Abdo Benítez").
  {
    std::unordered_map<std::string, std::vector<std::size_t>> by_short_key;
    std::vector<std::size_t> people;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].kind != EntityKind::kPerson) continue;
      people.push_back(i);
      for (std::string& short_key : person_short_keys(names[i].key)) {
        by_short_key[std::move(short_key)].push_back(i);
      }
    }
    std::stable_sort(people.begin(), people.end(), [&](std::size_t a, std::size_t b) {
      return names[a].words > names[b].words;
    });
    for (std::size_t i : people) {
      if (names[i].entry >= 0) continue;
      auto it = by_short_key.find(names[i].key);
      if (it == by_short_key.end()) continue;
      const std::string* root = nullptr;
      bool ambiguous = false;
      for (std::size_t longer : it->second) {
        if (root == nullptr) {
          root = &names[longer].root;
        } else if (*root != names[longer].root) {
          ambiguous = true;
        }
      }
      if (root != nullptr && !ambiguous) names[i].root = *root;
    }
  }

  // Organisations: "OAS" is the one organisation in the article whose initials
  // spell it, when there is exactly one.
  {
    std::unordered_map<std::string, std::vector<std::size_t>> by_initials;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].kind != EntityKind::kOrganization || names[i].words < 2) continue;
      for (std::string& initials : initials_of(names[i].key)) {
        by_initials[std::move(initials)].push_back(i);
      }
    }
    if (!by_initials.empty()) {
      for (Name& name : names) {
        if (name.kind != EntityKind::kOrganization || name.entry >= 0) continue;
        const std::string acronym = acronym_of(name.display);
        if (acronym.empty()) continue;
        auto it = by_initials.find(acronym);
        if (it == by_initials.end()) continue;
        const std::string& root = names[it->second.front()].root;
        const bool same = std::all_of(it->second.begin(), it->second.end(),
                                      [&](std::size_t i) { return names[i].root == root; });
        if (same) name.root = root;
      }
    }
  }

  // Group the names by what they resolved to.
  std::vector<ResolvedEntity> out;
  std::array<std::unordered_map<std::string, std::size_t>, 3> by_root;
  std::vector<int> out_entry;
  for (const Name& name : names) {
    auto& index = by_root[static_cast<std::size_t>(name.kind)];
    auto [it, inserted] = index.try_emplace(name.root, out.size());
    if (inserted) {
      out.push_back(ResolvedEntity{name.kind, name.root, name.display, 0, {}});
      out_entry.push_back(-1);
    }
    ResolvedEntity& entity = out[it->second];
    entity.mentions += name.mentions;
    if (!inserted && better_display_name(name.display, entity.name)) entity.name = name.display;
    entity.alias_keys.push_back(name.key);
    if (name.entry >= 0) out_entry[it->second] = name.entry;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    ResolvedEntity& entity = out[i];
    if (out_entry[i] >= 0) {
      const Entry& entry = entries_[static_cast<std::size_t>(out_entry[i])];
      entity.name = entry.name;
      entity.alias_keys.insert(entity.alias_keys.end(), entry.alias_keys.begin(),
                               entry.alias_keys.end());
    }
    if (entity.kind == EntityKind::kPerson) {
      for (std::string& short_key : person_short_keys(entity.key)) {
        entity.alias_keys.push_back(std::move(short_key));
      }
    }
    sort_alias_keys(entity.alias_keys, entity.key);
  }
  return out;
}

}  // namespace dossier::entities
