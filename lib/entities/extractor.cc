#include "entities/extractor.h"

namespace dossier::entities {

std::vector<ExtractedEntity> EntityExtractor::extract(const Document& article) const {
  // One text, so a name in the title resolves with its mentions in the body.
  std::string text;
  text.reserve(article.title.size() + article.body.size() + 2);
  text += article.title;
  text += "\n\n";
  text += article.body;
  std::vector<ResolvedEntity> resolved = resolver_.resolve(text, recognizer_->recognize(text));
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
