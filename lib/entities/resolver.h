// Entity resolution: turns the mentions the recognizer finds in one article
// into entities, each with one canonical key and the alias keys a search
// filter may use to find it.
//
// Within an article:
//   - titles, honorifics and possessives are not part of a person's name
//     ("Secretary of State Mike Pompeo's" -> "Mike Pompeo"); a leading "the"
//     is not part of an organisation's or place's name (name_cleaning.h);
//   - a person named by a trailing part of a longer name in the same article
//     is that person ("Pompeo" -> "Mike Pompeo"), unless two different longer
//     names end the same way ("Bush" with "George Bush" and "Jeb Bush");
//   - an organisation named by an acronym is the one organisation in the
//     article whose initials spell it ("OAS" -> "Organization of American
//     States");
//   - spellings listed in the alias table resolve to their entity ("U.S.",
//     "USA" -> "united states").
//
// Keys are made by entity_keys.h: "Nicolás Maduro" -> "nicolas maduro",
// "U.S." -> "us" (and then, through the alias table, "united states"). The
// display name follows display_name.h. Alias files are read in alias_file.cc.
//
// Alias file format (UTF-8 text, one entity per line):
//
//   # comment
//   KIND<TAB>Canonical Name<TAB>alias<TAB>alias...
//
// KIND is person, place or organization (org is accepted too). The canonical
// name is the display name; its key is the entity's key. Aliases are other
// spellings; those that differ only in case, accents or abbreviation dots need
// not be listed. Blank lines and lines starting with '#' are ignored. A line
// may name an entity that is already known (built in or from an earlier line):
// its aliases are added and its display name replaced. An alias that already
// names a different entity of the same kind is an error when the earlier
// mapping came from the same file, and is taken over when it was built in.
//
// Example:
//   person	Nicolás Maduro	Maduro Moros
//   organization	Lima Group	Grupo de Lima
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dossier/document.h"
#include "dossier/entities.h"
#include "dossier/status.h"
#include "entities/entity_keys.h"
#include "entities/name_cleaning.h"

namespace dossier::entities {

struct ResolvedEntity {
  EntityKind kind = EntityKind::kPerson;
  // Canonical, folded: "nicolas maduro", "united states".
  std::string key;
  // Display name: for an entity of the alias table its canonical name, else
  // the best surface in the article (entities/display_name.h) with titles and
  // possessives removed: "Nicolás Maduro".
  std::string name;
  // How many of the article's mentions resolved to it.
  std::uint32_t mentions = 0;
  // Folded keys a filter may use to find it: key first, then the others sorted,
  // no duplicates. For a person the trailing parts of the name ("pompeo"); for
  // an alias-table entity its aliases ("us", "usa", ...); and every spelling
  // the article used.
  std::vector<std::string> alias_keys;
};

// Immutable after construction (add_alias_file is for setting up): resolve()
// and filter_key() may be called from any number of threads at once.
class Resolver {
 public:
  // With the built-in alias table (entities/aliases.h).
  Resolver();

  // Adds the entities and aliases of an alias file (format above). Errors:
  // kNotFound when the file cannot be opened, kInvalidArgument naming
  // "path:line" and the problem for a bad line. On error nothing from the
  // file is kept.
  Status add_alias_file(const std::filesystem::path& file);

  // The same for alias-file text held in memory (e.g. stored in an index);
  // `source` stands for the path in error messages ("source:line: ...").
  Status add_aliases(std::string_view content, std::string_view source);

  // The article's entities in order of first mention. `text` is the article
  // the mentions point into; a mention's surface is used when set, else
  // text[begin, end). Mentions whose name is empty after cleaning are dropped.
  std::vector<ResolvedEntity> resolve(std::string_view text,
                                      const std::vector<EntityMention>& mentions) const;

  // The key a user's spelling maps to, for search filters: "U.S." ->
  // "united states", "Secretary Pompeo" -> "pompeo", "Nicolas Maduro" ->
  // "nicolas maduro". Matches one of the alias_keys of the entity meant.
  std::string filter_key(EntityKind kind, std::string_view user_text) const;

 private:
  struct Entry {
    EntityKind kind;
    std::string key;
    std::string name;
    std::vector<std::string> alias_keys;  // key first, then sorted
  };
  // Lets the alias maps be probed with a string_view, without a copy.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using AliasMap = std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>>;

  struct AliasEdit;  // the tables while an alias file is read (alias_file.cc)
  struct Name;       // one distinct name an article uses (resolver.cc)
  // The article's distinct names, each resolved alone (titles, alias table).
  std::vector<Name> collect_names(std::string_view text,
                                  const std::vector<EntityMention>& mentions) const;
  // One entity per root the names resolved to, with its aliases.
  std::vector<ResolvedEntity> group_by_root(const std::vector<Name>& names) const;

  // Index into entries_ of the entity an alias key names, or -1.
  int find(EntityKind kind, std::string_view alias_key) const;
  // The entry a cleaned name names, trying "the ..." first when the cleaning
  // dropped a leading "the" ("The Hague").
  int find_name(EntityKind kind, std::string_view key, bool had_the) const;
  AliasMap& aliases_of(EntityKind kind) { return by_alias_[static_cast<std::size_t>(kind)]; }
  const AliasMap& aliases_of(EntityKind kind) const {
    return by_alias_[static_cast<std::size_t>(kind)];
  }

  std::vector<Entry> entries_;
  std::array<AliasMap, 3> by_alias_;  // per EntityKind: alias key -> entries_ index
};

}  // namespace dossier::entities
