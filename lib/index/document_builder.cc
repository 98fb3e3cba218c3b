#include "index/document_builder.h"

#include <algorithm>

#include "index/near_duplicate.h"
#include "index/schema.h"
#include "index/spelling_words.h"

namespace dossier::index {

BuiltDocument DocumentBuilder::build(const Document& article,
                                     std::vector<entities::ExtractedEntity> entities) {
  BuiltDocument built;
  built.id_term = id_term(article.id);
  Xapian::Document& document = built.document;
  document.add_boolean_term(built.id_term);

  // Reused for every term, so adding a posting allocates nothing.
  std::string term;
  std::string prefixed;
  auto add_prefixed = [&](std::string_view prefix, std::string_view term,
                          Xapian::termpos position) {
    prefixed.assign(prefix);
    prefixed += term;
    document.add_posting(prefixed, position);
  };

  // Positions are 1-based in Xapian.
  std::uint32_t title_positions = analyzer_.analyze(article.title, [&](const analysis::Token& t) {
    term.assign(t.term);
    document.add_posting(term, t.position + 1, kTitleWdf);
    add_prefixed(kTitlePrefix, t.term, t.position + 1);
    if (spelling_words_ && is_spelling_word(t.word)) built.spelling_words.emplace_back(t.word);
  });
  const Xapian::termpos body_start = title_positions + kFieldGap;
  WordMap word_map;
  word_map.body_start = body_start;
  SignatureBuilder signature;
  analyzer_.analyze(article.body, [&](const analysis::Token& t) {
    term.assign(t.term);
    signature.add_word(t.term);
    document.add_posting(term, body_start + t.position);
    if (spelling_words_ && is_spelling_word(t.word)) built.spelling_words.emplace_back(t.word);
    if (t.end <= kWordMapBytes) {
      // Positions that indexed nothing stay empty ranges.
      const auto end_of_last = static_cast<std::uint32_t>(
          word_map.words.empty() ? 0 : word_map.words.back().second);
      word_map.words.resize(t.position, {end_of_last, end_of_last});
      word_map.words.emplace_back(static_cast<std::uint32_t>(t.begin),
                                  static_cast<std::uint32_t>(t.end));
    }
  });
  std::sort(built.spelling_words.begin(), built.spelling_words.end());
  built.spelling_words.erase(std::unique(built.spelling_words.begin(), built.spelling_words.end()),
                             built.spelling_words.end());
  // Its copy group is chosen by the writer, which sees the other articles.
  built.copy_signature = signature.finish();
  if (built.copy_signature) {
    document.add_value(kCopySignatureSlot, encode_signature(*built.copy_signature));
    for (const std::string& band : band_terms(*built.copy_signature)) {
      document.add_boolean_term(band);
    }
  }
  analyzer_.analyze(article.source, [&](const analysis::Token& t) {
    add_prefixed(kSourcePrefix, t.term, t.position + 1);
  });

  // Exact terms for filters: the outlet, and each keyword field value.
  if (!article.source.empty() && article.source.size() <= kMaxKeyBytes) {
    document.add_boolean_term(field_term(kSourceField, article.source));
  }
  for (const Field& field : article.fields) {
    document.add_boolean_term(field_term(field.name, field.value));
    built.field_names.push_back(field.name);
  }
  if (std::string attributes = encode_attributes(article); !attributes.empty()) {
    document.add_value(kAttributesSlot, attributes);
  }

  if (article.published) {
    document.add_value(kPublishedSlot,
                       Xapian::sortable_serialise(static_cast<double>(
                           article.published->time_since_epoch().count())));
  }

  for (entities::ExtractedEntity& indexed : entities) {
    // A key past the term limit (a run of letters tagged as a name) could be
    // neither filtered on nor stored as a display-name metadata key.
    if (indexed.entity.key.size() > kMaxKeyBytes) continue;
    std::string_view prefix = entity_prefix(indexed.entity.kind);
    // The canonical key too, so the writer can tell when no article names an
    // entity any more (IndexWriter drops its display name then).
    if (!indexed.entity.key.empty() && indexed.entity.key.size() <= kMaxKeyBytes) {
      document.add_boolean_term(entity_term(indexed.entity.kind, indexed.entity.key));
      document.add_boolean_term(canonical_entity_term(indexed.entity.kind, indexed.entity.key));
    }
    for (const std::string& alias : indexed.alias_keys) {
      if (alias.empty() || alias.size() > kMaxKeyBytes) continue;
      prefixed.assign(prefix);
      prefixed += alias;
      document.add_boolean_term(prefixed);
    }
    built.entities.push_back(std::move(indexed.entity));
  }
  if (!built.entities.empty()) {
    document.add_value(kEntitiesSlot, encode_entity_keys(built.entities));
  }
  document.add_value(kSummarySlot, encode_summary(article));
  if (!word_map.words.empty()) document.add_value(kWordMapSlot, encode_word_map(word_map));
  document.set_data(encode_stored(article, built.entities));
  return built;
}

}  // namespace dossier::index
