// Turns an article into the Xapian document the schema describes. Runs on the
// writer's worker threads, one builder per thread.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/document.h"
#include "entities/extractor.h"
#include "index/near_duplicate.h"
#include "index/schema.h"

namespace dossier::index {

struct BuiltDocument {
  std::string id_term;
  Xapian::Document document;
  std::vector<Entity> entities;  // for the writer's cross-article display names
  std::vector<std::string> field_names;  // for the index's field schema
  std::optional<CopySignature> copy_signature;  // for the writer's copy groups
  std::string source;  // the article's outlet, for its copy-outlet term
  // The kSummarySlot value but its copy group, which the writer adds and
  // encodes (the group depends on every article before this one).
  Summary summary;
  // Distinct folded title and body words for the spelling dictionary
  // (index/spelling_words.h), sorted; empty when the writer keeps none.
  std::vector<std::string> spelling_words;
};

// Puts `document` in its copy group of `database` and sets its summary value
// (the writer does it, then replace_document). On the writing thread, not a
// worker's: the group depends on every article before this one.
void add_to_copy_group(Xapian::WritableDatabase& database, BuiltDocument& document);

// Not thread-safe (owns an Analyzer); one per thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const AnalysisOptions& options, bool spelling_words = true)
      : analyzer_(options), spelling_words_(spelling_words) {}

  BuiltDocument build(const Document& article, std::vector<entities::ExtractedEntity> entities);

  // The distinct spelling words build() gives `article` with the dictionary
  // on: for the writer, to take a replaced or removed article's words back
  // out of the dictionary.
  std::vector<std::string> spelling_words(const Document& article);

 private:
  // Each adds one part of the article to `built`; add_title returns the
  // number of title positions, add_body the body's word map.
  Xapian::termpos add_title(const Document& article, BuiltDocument& built);
  WordMap add_body(const Document& article, Xapian::termpos body_start, BuiltDocument& built);
  void add_source_and_fields(const Document& article, BuiltDocument& built);
  void add_entities(std::vector<entities::ExtractedEntity> entities, BuiltDocument& built);
  void add_prefixed(Xapian::Document& document, std::string_view prefix, std::string_view term,
                    Xapian::termpos position);

  analysis::Analyzer analyzer_;
  bool spelling_words_;
  // Reused for every term, so adding a posting allocates nothing.
  std::string term_;
  std::string prefixed_;
};

}  // namespace dossier::index
