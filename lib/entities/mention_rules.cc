#include "entities/mention_rules.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "util/words.h"

namespace dossier::entities {
namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Public facts, not names of anything the facets should list.
bool names_no_entity(std::string_view surface) {
  static constexpr std::array<std::string_view, 6> kTerms = {
      "brexit", "covid", "covid-19", "coronavirus", "sars-cov-2", "omicron"};
  if (surface.starts_with('@') || surface.starts_with('#')) return true;
  const std::string lower = ascii_lower(surface);
  return std::find(kTerms.begin(), kTerms.end(), lower) != kTerms.end();
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
    names.last_words.push_back(ascii_lower(words.back()));
    for (std::string_view w : words) names.all_words.push_back(ascii_lower(w));
  }
  return names;
}

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

}  // namespace

void apply_article_rules(std::vector<EntityMention>& mentions) {
  std::erase_if(mentions, [](const EntityMention& m) { return names_no_entity(m.surface); });
  const FullNames names = full_person_names(mentions);
  std::erase_if(mentions, [&](EntityMention& m) {
    if (util::split_words(m.surface).size() != 1) return false;
    const std::string word = ascii_lower(m.surface);
    if (m.kind != EntityKind::kPerson) {
      if (contains(names.last_words, word)) m.kind = EntityKind::kPerson;
      return false;
    }
    return !contains(names.all_words, word);
  });
}

}  // namespace dossier::entities
