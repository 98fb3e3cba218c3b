#include "entities/resolver.h"

#include <algorithm>
#include <string>
#include <utility>

#include "entities/aliases.h"
#include "entities/display_name.h"
#include "util/words.h"

namespace dossier::entities {

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

std::string Resolver::filter_key(EntityKind kind, std::string_view user_text) const {
  const CleanName cleaned = clean_surface(kind, user_text);
  const std::string key = entity_key(kind, cleaned.name);
  if (int entry = find_name(kind, key, cleaned.had_the); entry >= 0) {
    return entries_[static_cast<std::size_t>(entry)].key;
  }
  return key;
}

// One row per distinct (kind, name key) an article uses, in order of first
// mention. Articles name tens of entities, so the per-article maps stay small.
struct Resolver::Name {
  EntityKind kind;
  std::string key;
  std::string display;
  int entry;              // alias table entity, or -1
  std::string root;       // the key it resolves to
  std::size_t words;      // in key
  std::uint32_t mentions;
};

namespace {

// People: "Pompeo" is "Mike Pompeo" when no other longer name in the article
// ends in "Pompeo". Longer names are settled first so that chains resolve
// ("Benítez" -> "Abdo Benítez" -> "Mario Abdo Benítez").
template <typename Name>
void settle_surnames(std::vector<Name>& names) {
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
template <typename Name>
void settle_acronyms(std::vector<Name>& names) {
  std::unordered_map<std::string, std::vector<std::size_t>> by_initials;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].kind != EntityKind::kOrganization || names[i].words < 2) continue;
    for (std::string& initials : initials_of(names[i].key)) {
      by_initials[std::move(initials)].push_back(i);
    }
  }
  if (by_initials.empty()) return;
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

}  // namespace

std::vector<Resolver::Name> Resolver::collect_names(
    std::string_view text, const std::vector<EntityMention>& mentions) const {
  std::vector<Name> names;
  std::array<std::unordered_map<std::string, std::size_t>, 3> name_index;
  for (const EntityMention& mention : mentions) {
    std::string_view surface = mention.surface;
    if (surface.empty() && mention.begin < mention.end && mention.end <= text.size()) {
      surface = text.substr(mention.begin, mention.end - mention.begin);
    }
    CleanName cleaned = clean_surface(mention.kind, surface);
    const std::string key = entity_key(mention.kind, cleaned.name);
    if (key.empty()) continue;
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
    const std::size_t words = util::split_words(key).size();
    names.push_back(Name{mention.kind, std::move(key), std::move(cleaned.name), entry,
                         std::move(root), words, 1});
  }
  return names;
}

std::vector<ResolvedEntity> Resolver::group_by_root(const std::vector<Name>& names) const {
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

std::vector<ResolvedEntity> Resolver::resolve(std::string_view text,
                                              const std::vector<EntityMention>& mentions) const {
  std::vector<Name> names = collect_names(text, mentions);
  settle_surnames(names);
  settle_acronyms(names);
  return group_by_root(names);
}

}  // namespace dossier::entities
