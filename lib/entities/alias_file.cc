// Resolver's alias files (format in resolver.h).
#include <fstream>
#include <iterator>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "analysis/folding.h"
#include "entities/entity_keys.h"
#include "entities/resolver.h"
#include "util/utf8.h"

namespace dossier::entities {
namespace {

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

}  // namespace

Status Resolver::add_alias_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot open alias file: " + file.string());
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(ErrorCode::kIoError, "cannot read alias file: " + file.string());
  return add_aliases(content, file.string());
}

namespace {

// One line of an alias file, split and checked: its fields point into the line.
struct AliasLine {
  EntityKind kind = EntityKind::kPerson;
  std::string_view name;
  std::vector<std::string_view> aliases;  // may hold "" (stray tabs)
};

// `text` (trimmed, not blank, no comment) as an AliasLine, or the problem.
std::variant<AliasLine, std::string> parse_alias_line(std::string_view text) {
  if (!util::is_valid_utf8(text)) return std::string("not valid UTF-8");
  std::vector<std::string_view> fields;
  for (std::size_t from = 0;;) {
    const std::size_t tab = text.find('\t', from);
    fields.push_back(trim(text.substr(from, tab - from)));
    if (tab == std::string_view::npos) break;
    from = tab + 1;
  }
  if (fields.size() < 2) {
    return std::string("no tab: expected KIND<TAB>Canonical Name<TAB>alias...");
  }
  AliasLine line;
  if (!parse_kind(fields[0], &line.kind)) {
    return "unknown kind '" + std::string(fields[0]) +
           "' (expected person, place or organization)";
  }
  if (fields[1].empty()) return std::string("missing canonical name");
  line.name = fields[1];
  line.aliases.assign(fields.begin() + 2, fields.end());
  return line;
}

}  // namespace

// The resolver's tables being changed by the lines of one alias file: copies,
// so that a bad line leaves the resolver as it was.
struct Resolver::AliasEdit {
  std::vector<Entry> entries;
  std::array<AliasMap, 3> by_alias;
  // Alias keys these lines have mapped, per kind, with the line that did it.
  std::array<std::unordered_map<std::string, std::size_t>, 3> mapped_at;
  std::size_t line_number = 0;

  // Adds one line's entity and aliases; the problem, or "".
  std::string add(const AliasLine& line) {
    // The canonical name is taken as written: it is the user's display name.
    const std::string name(line.name);
    const std::string key = name_key(name);
    if (key.empty()) return "canonical name '" + name + "' has no letters";
    AliasMap& map = by_alias[static_cast<std::size_t>(line.kind)];
    // The entity: an existing one with this very key, or a new one.
    std::size_t target = entries.size();
    if (auto it = map.find(key); it != map.end() && entries[it->second].key == key) {
      target = it->second;
      entries[target].name = name;
    } else {
      entries.push_back(Entry{line.kind, key, name, {key}});
    }
    if (std::string problem = claim_spelling(line.kind, key, target, line.name);
        !problem.empty()) {
      return problem;
    }
    for (std::string_view spelled : line.aliases) {
      if (spelled.empty()) continue;  // stray tabs
      std::string alias = alias_key(line.kind, spelled);
      if (alias.empty()) return "alias '" + std::string(spelled) + "' has no letters";
      if (std::string problem = claim_spelling(line.kind, alias, target, spelled);
          !problem.empty()) {
        return problem;
      }
      entries[target].alias_keys.push_back(alias);
    }
    sort_alias_keys(entries[target].alias_keys, entries[target].key);
    return {};
  }

  // claim(), and for a person also the form articles and filters look the
  // name up by (entity_key: "Mike Pompeo" is looked up as "michael pompeo").
  std::string claim_spelling(EntityKind kind, const std::string& alias, std::size_t target,
                             std::string_view spelled) {
    if (std::string problem = claim(kind, alias, target, spelled); !problem.empty()) {
      return problem;
    }
    if (kind != EntityKind::kPerson) return {};
    std::string looked_up = canonical_person_key(alias);
    if (looked_up == alias) return {};
    if (std::string problem = claim(kind, looked_up, target, spelled); !problem.empty()) {
      return problem;
    }
    entries[target].alias_keys.push_back(std::move(looked_up));
    return {};
  }

  // Maps one alias key to `target`, taking it over from a built-in entity;
  // an alias an earlier line of this file mapped elsewhere is a problem.
  std::string claim(EntityKind kind, const std::string& alias, std::size_t target,
                    std::string_view spelled) {
    const auto k = static_cast<std::size_t>(kind);
    AliasMap& map = by_alias[k];
    auto it = map.find(alias);
    if (it != map.end() && it->second != target) {
      if (auto at = mapped_at[k].find(alias); at != mapped_at[k].end()) {
        return "'" + std::string(spelled) + "' already names '" + entries[it->second].name +
               "' (line " + std::to_string(at->second) + ")";
      }
      // Taken over from a built-in entity, which keeps its own key listed.
      if (alias != entries[it->second].key) std::erase(entries[it->second].alias_keys, alias);
    }
    map.insert_or_assign(alias, target);
    mapped_at[k].emplace(alias, line_number);
    return {};
  }
};

Status Resolver::add_aliases(std::string_view content, std::string_view source) {
  AliasEdit edit{entries_, by_alias_, {}, 0};
  auto fail = [&](const std::string& what) -> Status {
    return make_error(ErrorCode::kInvalidArgument, std::string(source) + ":" +
                                                       std::to_string(edit.line_number) + ": " +
                                                       what);
  };
  for (std::size_t start = 0; start < content.size();) {
    std::size_t newline = content.find('\n', start);
    if (newline == std::string_view::npos) newline = content.size();
    std::string_view text = content.substr(start, newline - start);
    start = newline + 1;
    ++edit.line_number;
    if (edit.line_number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    text = trim(text);
    if (text.empty() || text.front() == '#') continue;
    auto line = parse_alias_line(text);
    if (auto* problem = std::get_if<std::string>(&line)) return fail(*problem);
    if (std::string problem = edit.add(std::get<AliasLine>(line)); !problem.empty()) {
      return fail(problem);
    }
  }
  entries_ = std::move(edit.entries);
  by_alias_ = std::move(edit.by_alias);
  return {};
}

}  // namespace dossier::entities
