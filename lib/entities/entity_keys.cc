#include "entities/entity_keys.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "analysis/folding.h"
#include "entities/name_cleaning.h"
#include "util/utf8.h"
#include "util/words.h"

namespace dossier::entities {
namespace {

// A person's key without "jr", "ii"...: the part whose tail is the surname.
std::vector<std::string_view> core_words(std::string_view key) {
  std::vector<std::string_view> words = util::split_words(key);
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

// Words not counted in an organisation's initials.
constexpr std::string_view kAcronymStopwords[] = {
    "of", "the", "and", "for", "in", "on", "to", "a", "an", "&",
    "de", "del", "des", "du", "la", "las", "los", "el", "y", "et"};

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

std::string canonical_person_key(std::string_view key) {
  std::vector<std::string_view> words = util::split_words(key);
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

std::string entity_key(EntityKind kind, std::string_view name) {
  std::string key = name_key(name);
  return kind == EntityKind::kPerson ? canonical_person_key(key) : key;
}

std::vector<std::string> person_short_keys(std::string_view key) {
  std::vector<std::string> out;
  const std::vector<std::string_view> core = core_words(key);
  for (std::size_t i = 1; i < core.size(); ++i) out.push_back(join(core, i, core.size()));
  if (core.size() < util::split_words(key).size()) out.push_back(join(core, 0, core.size()));
  return out;
}


std::string acronym_of(std::string_view name) {
  std::string letters;
  for (char c : name) {
    if (c == '.') continue;
    if (c < 'A' || c > 'Z') return {};
    letters += static_cast<char>(c - 'A' + 'a');
  }
  return letters.size() >= 2 && letters.size() <= 10 ? letters : std::string();
}

std::vector<std::string> initials_of(std::string_view key) {
  std::vector<std::string_view> words = util::split_words(key);
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
  for (std::string_view word : util::split_words(folded)) {
    // Quotes read as apostrophes at the edges of words are not part of them.
    while (!word.empty() && word.front() == '\'') word.remove_prefix(1);
    while (!word.empty() && word.back() == '\'') word.remove_suffix(1);
    if (word.empty()) continue;
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

std::string alias_key(EntityKind kind, std::string_view spelled) {
  if (kind != EntityKind::kPerson && spelled.size() > 4 &&
      title_form(spelled.substr(0, 4)) == "the ") {
    return name_key(spelled);
  }
  return name_key(clean_name(kind, spelled));
}

}  // namespace dossier::entities
