#include "index/document_builder.h"

#include <algorithm>

#include "index/near_duplicate.h"
#include "index/schema.h"
#include "index/spelling_words.h"

namespace dossier::index {
namespace {

void sort_and_deduplicate(std::vector<std::string>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

}  // namespace

BuiltDocument DocumentBuilder::build(const Document& article,
                                     std::vector<entities::ExtractedEntity> entities) {
  BuiltDocument built;
  built.id_term = id_term(article.id);
  built.source = article.source;
  built.document.add_boolean_term(built.id_term);
  const Xapian::termpos body_start = add_title(article, built) + kFieldGap;
  const WordMap word_map = add_body(article, body_start, built);
  sort_and_deduplicate(built.spelling_words);
  add_source_and_fields(article, built);
  add_entities(std::move(entities), built);
  Xapian::Document& document = built.document;
  built.summary = Summary{article.id, article.title, article.published, std::nullopt};
  if (!word_map.words.empty()) document.add_value(kWordMapSlot, encode_word_map(word_map));
  document.set_data(encode_stored(article, built.entities));
  return built;
}

std::vector<std::string> DocumentBuilder::spelling_words(const Document& article) {
  std::vector<std::string> words;
  const auto collect = [&](const analysis::Token& t) {
    if (is_spelling_word(t.word)) words.emplace_back(t.word);
  };
  analyzer_.analyze(article.title, collect);
  analyzer_.analyze(article.body, collect);
  sort_and_deduplicate(words);
  return words;
}

void DocumentBuilder::add_prefixed(Xapian::Document& document, std::string_view prefix,
                                   std::string_view term, Xapian::termpos position) {
  prefixed_.assign(prefix);
  prefixed_ += term;
  document.add_posting(prefixed_, position);
}

Xapian::termpos DocumentBuilder::add_title(const Document& article, BuiltDocument& built) {
  // Positions are 1-based in Xapian.
  return analyzer_.analyze(article.title, [&](const analysis::Token& t) {
    term_.assign(t.term);
    built.document.add_posting(term_, t.position + 1, kTitleWdf);
    add_prefixed(built.document, kTitlePrefix, t.term, t.position + 1);
    if (spelling_words_ && is_spelling_word(t.word)) built.spelling_words.emplace_back(t.word);
  });
}

WordMap DocumentBuilder::add_body(const Document& article, Xapian::termpos body_start,
                                  BuiltDocument& built) {
  WordMap word_map;
  word_map.body_start = body_start;
  SignatureBuilder signature;
  analyzer_.analyze(article.body, [&](const analysis::Token& t) {
    term_.assign(t.term);
    signature.add_word(t.term);
    built.document.add_posting(term_, body_start + t.position);
    if (spelling_words_ && is_spelling_word(t.word)) built.spelling_words.emplace_back(t.word);
    if (t.end <= kWordMapBytes) {
      // Positions that indexed nothing stay empty ranges.
      const auto end_of_last = static_cast<std::uint32_t>(
          word_map.words.empty() ? 0 : word_map.words.back().second);
      word_map.words.resize(t.position, {end_of_last, end_of_last});
      word_map.term_checks.resize(t.position, 0);
      word_map.words.emplace_back(static_cast<std::uint32_t>(t.begin),
                                  static_cast<std::uint32_t>(t.end));
      word_map.term_checks.push_back(word_term_check(t.term));
    }
  });
  // Its copy group is chosen by the writer, which sees the other articles.
  built.copy_signature = signature.finish();
  if (built.copy_signature) {
    built.document.add_value(kCopySignatureSlot, encode_signature(*built.copy_signature));
    for (const std::string& band : band_terms(*built.copy_signature)) {
      built.document.add_boolean_term(band);
    }
  }
  return word_map;
}

void DocumentBuilder::add_source_and_fields(const Document& article, BuiltDocument& built) {
  Xapian::Document& document = built.document;
  analyzer_.analyze(article.source, [&](const analysis::Token& t) {
    add_prefixed(document, kSourcePrefix, t.term, t.position + 1);
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
}

void DocumentBuilder::add_entities(std::vector<entities::ExtractedEntity> entities,
                                   BuiltDocument& built) {
  Xapian::Document& document = built.document;
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
      prefixed_.assign(prefix);
      prefixed_ += alias;
      document.add_boolean_term(prefixed_);
    }
    built.entities.push_back(std::move(indexed.entity));
  }
  if (!built.entities.empty()) {
    document.add_value(kEntitiesSlot, encode_entity_keys(built.entities));
  }
}

void add_to_copy_group(Xapian::WritableDatabase& database, BuiltDocument& document) {
  SummaryCopyGroup& group = document.summary.copy_group.emplace();
  if (document.copy_signature) {
    group.key = join_copy_group(database, document.id_term, *document.copy_signature);
    group.may_have_copies = note_group_member(database, group.key, document.id_term);
    group.outlet = document.source;
    document.document.add_boolean_term(std::string(kCopyGroupPrefix) + group.key);
    document.document.add_boolean_term(copy_outlet_term(group.key, document.source));
    document.document.add_value(kCopyGroupSlot, group.key);
  }
  document.document.add_value(kSummarySlot, encode_summary(document.summary));
  const std::string word_map = document.document.get_value(kWordMapSlot);
  if (!word_map.empty()) document.document.add_value(kWordMapSlot, with_copy_group(word_map, group));
}

}  // namespace dossier::index
