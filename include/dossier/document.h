// The unit Dossier indexes: one news article.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dossier {

enum class EntityKind : std::uint8_t { kPerson, kPlace, kOrganization };

// "person", "place", "organization".
const char* to_string(EntityKind kind);

// One resolved entity named by an article.
struct Entity {
  EntityKind kind = EntityKind::kPerson;
  std::string key;      // canonical, accent- and case-folded: "nicolas maduro"
  std::string name;     // display name, fullest accented form seen: "Nicolás Maduro"
  std::uint32_t mentions = 0;  // times the article names it (for Document::entities)
};

// An article. Text fields are UTF-8; invalid sequences are replaced by U+FFFD on indexing.
struct Document {
  std::string id;     // unique within an index; adding an existing id replaces it
  std::string title;
  std::string body;
  std::string source;  // optional: publisher or feed ("BBC News")
  std::string url;     // optional
  std::optional<std::chrono::sys_days> published;  // optional publication date

  // Filled when a document is read back from an index; ignored on input.
  std::vector<Entity> entities;
};

}  // namespace dossier
