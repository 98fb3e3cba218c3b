// The entity step of indexing: recognise mentions in an article, resolve them
// to entities, and list the keys each can be filtered by.
#pragma once

#include <string>
#include <vector>

#include "dossier/document.h"
#include "dossier/entities.h"
#include "entities/resolver.h"

namespace dossier::entities {

struct ExtractedEntity {
  Entity entity;                        // kind, canonical key, display name, mentions
  std::vector<std::string> alias_keys;  // folded keys a filter may use
};

// Entities are recognised in the first this-many bytes of an article: news
// articles are far shorter, and it bounds the cost of a pathological one.
inline constexpr std::size_t kMaxRecognizedBytes = 1 << 20;

// Immutable after construction: extract() may run on many threads at once.
class EntityExtractor {
 public:
  explicit EntityExtractor(Resolver resolver,
                           const EntityRecognizer& recognizer = EntityRecognizer::Default())
      : resolver_(std::move(resolver)), recognizer_(&recognizer) {}

  // Entities of the main text (the body; the title only when there is no
  // body), in order of first mention.
  std::vector<ExtractedEntity> extract(const Document& article) const;

  const Resolver& resolver() const { return resolver_; }

 private:
  Resolver resolver_;
  const EntityRecognizer* recognizer_;
};

}  // namespace dossier::entities
