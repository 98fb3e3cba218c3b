// The unit Dossier indexes: one news article.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dossier/status.h"

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

// A keyword field of the user's own ("category" = "sport"): matched exactly
// (case and accents count), filterable and facetable. A name repeated in
// Document::fields makes the field multi-valued.
//
// Names are lowercase ASCII identifiers ([a-z][a-z0-9_]*, at most 32 bytes)
// other than the query language's own fields (title, source, outlet, person,
// place, location, org, organization, organisation). Values are non-empty
// UTF-8 of at most 200 bytes; IndexWriter::add_or_replace rejects others.
struct Field {
  std::string name;
  std::string value;
  friend bool operator==(const Field&, const Field&) = default;
};

// kInvalidArgument with a message naming the problem, for a field
// IndexWriter::add_or_replace would refuse.
[[nodiscard]] Status validate_field(const Field& field);

// An article. Text fields are UTF-8; invalid sequences are replaced by U+FFFD on indexing.
struct Document {
  std::string id;     // unique within an index; adding an existing id replaces it
  std::string title;
  std::string body;
  std::string source;  // optional: publisher or feed ("BBC News")
  std::string url;     // optional
  std::optional<std::chrono::sys_days> published;  // optional publication date
  std::vector<Field> fields;  // optional keyword fields, in the order given

  // Filled when a document is read back from an index; ignored on input.
  std::vector<Entity> entities;
};

}  // namespace dossier
