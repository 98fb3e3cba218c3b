#include "entities/extractor.h"

#include <algorithm>
#include <stdexcept>

namespace dossier::entities {

std::vector<ExtractedEntity> EntityExtractor::extract(const Document& article) const {
  // One text, so a name in the title resolves with its mentions in the body.
  std::string text;
  text.reserve(std::min(article.title.size() + article.body.size() + 2, kMaxRecognizedBytes));
  text += article.title;
  text += "\n\n";
  text.append(article.body, 0, kMaxRecognizedBytes - std::min(text.size(), kMaxRecognizedBytes));
  // Cut back to a whole line so no name or character is split.
  if (text.size() == kMaxRecognizedBytes) {
    std::size_t line_end = text.rfind('\n');
    if (line_end != std::string::npos && line_end > kMaxRecognizedBytes / 2) text.resize(line_end);
  }
  auto mentions = recognizer_->recognize(text);
  // Out of memory: the writer's error boundary reports it with the article.
  if (!mentions) throw std::runtime_error(mentions.error().message);
  std::vector<ResolvedEntity> resolved = resolver_.resolve(text, *mentions);
  std::vector<ExtractedEntity> extracted;
  extracted.reserve(resolved.size());
  for (ResolvedEntity& entity : resolved) {
    extracted.push_back(ExtractedEntity{
        Entity{entity.kind, std::move(entity.key), std::move(entity.name), entity.mentions},
        std::move(entity.alias_keys)});
  }
  return extracted;
}

}  // namespace dossier::entities
