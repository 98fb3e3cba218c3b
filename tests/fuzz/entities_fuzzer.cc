// Fuzzes entity recognition and resolution (lib/entities): any bytes, even
// invalid UTF-8 ("tolerated, never crashes"), give mentions that lie inside
// the text; the resolver turns them into entities with usable keys. Inputs
// starting with "#aliases\n" are fed to the alias-file parser instead.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dossier/entities.h"
#include "entities/extractor.h"
#include "entities/resolver.h"
#include "fuzz_check.h"
#include "index/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const dossier::entities::Resolver resolver;

  constexpr std::string_view kAliasesMarker = "#aliases\n";
  if (text.starts_with(kAliasesMarker)) {
    dossier::entities::Resolver custom;
    auto added = custom.add_aliases(text.substr(kAliasesMarker.size()), "fuzz");
    if (added) {
      for (auto kind : {dossier::EntityKind::kPerson, dossier::EntityKind::kPlace,
                        dossier::EntityKind::kOrganization}) {
        (void)custom.filter_key(kind, "Pompeo");
      }
    } else {
      FUZZ_CHECK(!added.error().message.empty(), "alias error without a message");
    }
    return 0;
  }

  const auto& recognizer = dossier::EntityRecognizer::Default();
  auto recognized = recognizer.recognize(text);
  FUZZ_CHECK(recognized.has_value(), "recognize failed: %s", recognized.error().message.c_str());
  const auto& mentions = *recognized;
  std::size_t previous_begin = 0;
  for (const auto& mention : mentions) {
    FUZZ_CHECK(mention.begin < mention.end && mention.end <= text.size(),
               "mention [%zu, %zu) outside %zu bytes", mention.begin, mention.end, text.size());
    FUZZ_CHECK(mention.begin >= previous_begin, "mentions out of order");
    FUZZ_CHECK(mention.surface == text.substr(mention.begin, mention.end - mention.begin),
               "surface is not the text it points at");
    previous_begin = mention.begin;
  }
  for (const auto& entity : resolver.resolve(text, mentions)) {
    (void)entity;
  }
  for (auto kind : {dossier::EntityKind::kPerson, dossier::EntityKind::kPlace,
                    dossier::EntityKind::kOrganization}) {
    (void)resolver.filter_key(kind, text.substr(0, 300));
  }

  // The whole indexing step, as IndexWriter runs it.
  static const dossier::entities::EntityExtractor extractor{dossier::entities::Resolver()};
  dossier::Document article;
  article.id = "fuzz";
  std::size_t newline = text.find('\n');
  article.title = std::string(text.substr(0, newline));
  if (newline != std::string_view::npos) article.body = std::string(text.substr(newline + 1));
  for (const auto& extracted : extractor.extract(article)) {
    FUZZ_CHECK(!extracted.entity.key.empty(), "entity with an empty key");
    for (const std::string& alias : extracted.alias_keys) (void)alias;
  }
  return 0;
}
