#include "entities/mention_rules.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "entities/name_cleaning.h"
#include "util/words.h"

namespace dossier::entities {
namespace {

// Events, diseases and motor-racing series: public facts, not names of
// anything the facets should list.
bool names_no_entity(std::string_view surface) {
  static constexpr std::string_view kTerms[] = {
      "brexit",      "covid",       "covid-19",  "coronavirus", "sars-cov-2", "omicron",
      "formula one", "formula two", "formula three", "formula 1", "formula 2", "formula 3",
      "formula e",   "f1",          "f2",        "f3",          "indycar",    "motogp"};
  if (surface.starts_with('@') || surface.starts_with('#')) return true;
  return in_list(kTerms, title_form(surface));
}

// "Mercedes Formula One": the team is Mercedes; the series is no entity.
void drop_trailing_series(EntityMention& m) {
  const std::vector<std::string_view> words = util::split_words(m.surface);
  if (words.size() < 3 || words[words.size() - 2] != "Formula") return;
  const std::string_view last = words.back();
  if (last != "One" && last != "Two" && last != "Three" && last != "E") return;
  // The team's name ends where its last word does.
  const std::string_view team = words[words.size() - 3];
  const auto kept = static_cast<std::size_t>(team.data() + team.size() - m.surface.data());
  m.end -= m.surface.size() - kept;
  m.surface.resize(kept);
}

// A name starts with a capital (particles such as "von der Leyen" have one
// later); "subway" or "midfield" is a common noun the tagger took for one.
bool has_no_capital(std::string_view surface) {
  if (surface.empty() || surface[0] < 'a' || surface[0] > 'z') return false;
  return std::none_of(surface.begin(), surface.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The run of non-space characters just before `pos` or from `pos` on, lower-cased,
// without the punctuation that ends a clause.
std::string word_before(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t begin = end;
  while (begin > 0 && util::space_length_at(text, begin - 1) == 0) --begin;
  return title_form(text.substr(begin, end - begin));
}

std::string word_after(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  std::size_t end = pos;
  while (end < text.size() && util::space_length_at(text, end) == 0) ++end;
  std::string word = title_form(text.substr(pos, end - pos));
  while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ':'))
    word.pop_back();
  return word;
}

// "said on Twitter", "a Facebook video": the platform as a medium, not as the
// company that runs it.
bool platform_as_medium(std::string_view text, const EntityMention& m) {
  static constexpr std::string_view kPlatforms[] = {
      "twitter", "facebook", "instagram", "youtube",  "tiktok", "whatsapp",
      "telegram", "linkedin", "snapchat", "weibo", "wechat"};
  static constexpr std::string_view kMediumWords[] = {
      "post", "posts", "account", "accounts", "statement", "video", "videos", "page", "message",
      "messages", "feed", "live", "story", "stream", "thread", "broadcast", "livestream"};
  if (!in_list(kPlatforms, title_form(m.surface))) return false;
  if (m.begin > text.size() || m.end > text.size()) return false;
  const std::string before = word_before(text, m.begin);
  return before == "on" || before == "via" || in_list(kMediumWords, word_after(text, m.end));
}

// Words that end the name of an event ("World Cup", "Big East Challenge").
constexpr std::string_view kEventWords[] = {
    "summit", "cup", "championship", "championships", "festival", "awards", "challenge",
    "masters", "tournament", "convention", "olympics", "marathon", "derby", "trophy", "series"};
// Words that end an event's name too, but also the names of bodies and
// companies ("African National Congress", "Epic Games"): only when the tagger
// left them out of the mention.
constexpr std::string_view kAlsoBodyWords[] = {"conference", "congress", "hearing", "games"};

// "the Conservative Party Conference", "the Atlanta Games": a name the tagger
// ended before the capitalised word that makes it an event's.
bool names_part_of_an_event(std::string_view text, const EntityMention& m) {
  if (m.end >= text.size() || text[m.end] != ' ') return false;
  if (m.end + 1 >= text.size() || text[m.end + 1] < 'A' || text[m.end + 1] > 'Z') return false;
  const std::string next = word_after(text, m.end);
  return in_list(kEventWords, next) || in_list(kAlsoBodyWords, next);
}

// "DreamHack Masters": events are no people, places or organisations.
bool names_an_event(const EntityMention& m) {
  const std::vector<std::string_view> words = util::split_words(m.surface);
  return words.size() >= 2 && in_list(kEventWords, title_form(words.back()));
}

// "the Trump administration": the organisation has no name of its own; the
// person does.
void name_the_administration_by_its_head(EntityMention& m) {
  constexpr std::string_view kAdministration = " administration";
  if (m.kind != EntityKind::kOrganization || !m.surface.ends_with(kAdministration)) return;
  if (m.surface.size() == kAdministration.size()) return;
  m.surface.resize(m.surface.size() - kAdministration.size());
  m.end -= kAdministration.size();
  m.kind = EntityKind::kPerson;
}

// "a U.S. Senior State Department Official": the tagger ran the official's
// country and rank into the body's name; the name starts after the rank. Only
// for a rank second, after a country's capitals, before a name of two words
// or more: "National Council of Senior Citizens" and "Senior Bowl" are names.
void drop_rank_before_organisation(EntityMention& m) {
  static constexpr std::string_view kRanks[] = {"senior", "former", "acting"};
  if (m.kind != EntityKind::kOrganization) return;
  const std::vector<std::string_view> words = util::split_words(m.surface);
  if (words.size() < 4 || !in_list(kRanks, title_form(words[1]))) return;
  const bool country_capitals = std::all_of(words[0].begin(), words[0].end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || c == '.';
  });
  if (!country_capitals) return;
  const auto dropped = static_cast<std::size_t>(words[2].data() - m.surface.data());
  m.begin += dropped;
  m.surface.erase(0, dropped);
}

// "Lloyd Austin III", "Martin Luther King Jr.": a generational suffix after a
// person's name is part of it (the tokenizer's sentence end may have split it
// off, and the model rarely sees one).
void take_generational_suffix(std::string_view text, EntityMention& m) {
  if (m.kind != EntityKind::kPerson || m.end + 1 >= text.size() || text[m.end] != ' ') return;
  std::size_t end = m.end + 1;
  while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
  const std::string suffix = title_form(text.substr(m.end + 1, end - m.end - 1));
  if (text[m.end + 1] < 'A' || text[m.end + 1] > 'Z' || !is_generational(suffix)) return;
  // "Jr." keeps its period; "III." ends a sentence.
  if ((suffix == "jr" || suffix == "sr") && end < text.size() && text[end] == '.') ++end;
  m.surface.append(text.substr(m.end, end - m.end));
  m.end = end;
}

// The words of every person mention of two words or more.
struct FullNames {
  std::vector<std::string> last_words;
  std::vector<std::string> all_words;
};

FullNames full_person_names(const std::vector<EntityMention>& mentions) {
  FullNames names;
  for (const EntityMention& m : mentions) {
    if (m.kind != EntityKind::kPerson) continue;
    auto words = util::split_words(m.surface);
    if (words.size() < 2) continue;
    names.last_words.push_back(title_form(words.back()));
    for (std::string_view w : words) names.all_words.push_back(title_form(w));
  }
  return names;
}

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "WASHINGTON (Sputnik) - ...", "PORTLAND, Maine (AP) — ...": the agency in a
// dateline is the organisation that reports the story. The tagger reads "(X)"
// after a capitalised place as another place ("PORTLAND (Maine)"), so the
// shape decides: the mention fills the brackets, a dash follows them, and
// the line opens with a word in capitals.
bool is_dateline_agency(std::string_view text, const EntityMention& m) {
  // A person stays one ("MODERATOR (Jane Smith) -" in a transcript).
  if (m.kind == EntityKind::kPerson || util::split_words(m.surface).size() > 3) return false;
  if (m.begin == 0 || m.end >= text.size() || m.begin >= m.end) return false;
  if (text[m.begin - 1] != '(' || text[m.end] != ')') return false;
  std::string_view after = text.substr(m.end + 1);
  while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) after.remove_prefix(1);
  const bool dash = after.starts_with("-") || after.starts_with("\u2013") ||  // en dash
                    after.starts_with("\u2014");                              // em dash
  if (!dash) return false;
  const std::size_t line_start = text.rfind('\n', m.begin - 1);
  const std::size_t opening = line_start == std::string_view::npos ? 0 : line_start + 1;
  constexpr std::size_t kLongestDateline = 60;  // "LONDON / BRUSSELS, Dec 7 "
  if (m.begin - 1 - opening > kLongestDateline) return false;
  std::size_t capitals = 0;
  std::size_t i = opening;
  for (; i < m.begin && text[i] >= 'A' && text[i] <= 'Z'; ++i) ++capitals;
  const bool first_word_in_capitals = capitals >= 2 && (text[i] == ' ' || text[i] == ',');
  return first_word_in_capitals;
}

// The surname and lone-person rules of apply_article_rules.
void apply_full_names(std::string_view text, std::vector<EntityMention>& mentions) {
  const FullNames names = full_person_names(mentions);
  std::erase_if(mentions, [&](EntityMention& m) {
    if (util::split_words(m.surface).size() != 1) return false;
    const std::string word = title_form(m.surface);
    if (m.kind != EntityKind::kPerson) {
      if (contains(names.last_words, word)) m.kind = EntityKind::kPerson;
      return false;
    }
    // "Secretary Pompeo", "Mr. Pompeo": a title says it is a person, whom
    // the index's other articles may name in full (entities/collection.h).
    const bool titled = m.begin <= text.size() && is_title_head(word_before(text, m.begin));
    return !titled && !contains(names.all_words, word);
  });
}

}  // namespace

void apply_article_rules(std::string_view text, std::vector<EntityMention>& mentions) {
  std::erase_if(mentions, [&](const EntityMention& m) {
    return names_no_entity(m.surface) || has_no_capital(m.surface) ||
           platform_as_medium(text, m) || names_part_of_an_event(text, m) ||
           names_an_event(m);
  });
  for (EntityMention& m : mentions) {
    drop_trailing_series(m);
    drop_rank_before_organisation(m);
    if (is_dateline_agency(text, m)) m.kind = EntityKind::kOrganization;
  }
  apply_full_names(text, mentions);
  // After the full-name rules, which compare surnames, not suffixes; and after
  // the lone-person rule: "Trump administration" alone still names Trump.
  for (EntityMention& m : mentions) {
    take_generational_suffix(text, m);
    name_the_administration_by_its_head(m);
  }
}

}  // namespace dossier::entities
