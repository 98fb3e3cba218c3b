// Named-entity recognition: the people, places and organisations a text names.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "dossier/status.h"

namespace dossier {

// One place where a text names an entity.
struct EntityMention {
  EntityKind kind = EntityKind::kPerson;
  std::size_t begin = 0;  // byte offsets into the UTF-8 text, end exclusive
  std::size_t end = 0;
  std::string surface;    // the text between begin and end, as written
};

// A trained sequence tagger. The model Dossier ships is built into the library
// (Default()); Load() reads one made by dossier-train-ner.
//
// Thread-safety: immutable after construction; recognize() may be called from
// any number of threads at once. Each calling thread keeps what it worked out
// about the words it has seen, for its next calls (up to about 10 MB).
class EntityRecognizer {
 public:
  static const EntityRecognizer& Default();
  [[nodiscard]] static Result<EntityRecognizer> Load(const std::filesystem::path& model_file);

  EntityRecognizer(EntityRecognizer&&) noexcept;
  EntityRecognizer& operator=(EntityRecognizer&&) noexcept;
  ~EntityRecognizer();

  // Mentions in text order. Invalid UTF-8 is tolerated (never crashes); the
  // only error is running out of memory.
  [[nodiscard]] Result<std::vector<EntityMention>> recognize(std::string_view text) const;

 private:
  std::vector<EntityMention> find_mentions(std::string_view text) const;
  struct Model;
  explicit EntityRecognizer(std::unique_ptr<const Model> model);
  std::unique_ptr<const Model> model_;
};

}  // namespace dossier
