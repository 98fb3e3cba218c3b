#include "entities/extractor.h"

#include <algorithm>
#include <stdexcept>

namespace dossier::entities {

std::vector<ExtractedEntity> EntityExtractor::extract(const Document& article) const {
  // The main text only: a headline in title case, or an outlet's name in the
  // title, misleads the tagger, and whoever the headline names the body names
  // too. An article with no body is recognised in its title.
  const std::string& main_text = article.body.empty() ? article.title : article.body;
  std::string text = main_text.substr(0, kMaxRecognizedBytes);
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
