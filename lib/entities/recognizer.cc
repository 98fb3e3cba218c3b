// EntityRecognizer: tokenise, tag with the perceptron model, turn BILOU tags
// into mentions.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>

#include "dossier/entities.h"
#include "entities/article_lines.h"
#include "entities/mention_rules.h"
#include "entities/ner_model.h"
#include "entities/ner_tokenizer.h"
#include "entities/resolver.h"
#include "util/engine_errors.h"

#ifdef DOSSIER_HAVE_NER_MODEL
extern "C" const unsigned char dossier_ner_model_begin[];
extern "C" const unsigned char dossier_ner_model_end[];
#endif

namespace dossier {

struct EntityRecognizer::Model {
  entities::NerModel ner;
};

EntityRecognizer::EntityRecognizer(std::unique_ptr<const Model> model)
    : model_(std::move(model)) {}
EntityRecognizer::EntityRecognizer(EntityRecognizer&&) noexcept = default;
EntityRecognizer& EntityRecognizer::operator=(EntityRecognizer&&) noexcept = default;
EntityRecognizer::~EntityRecognizer() = default;

const EntityRecognizer& EntityRecognizer::Default() {
  static const EntityRecognizer* const recognizer = [] {
    auto model = std::make_unique<Model>();
#ifdef DOSSIER_HAVE_NER_MODEL
    std::string error;
    auto size = static_cast<std::size_t>(dossier_ner_model_end - dossier_ner_model_begin);
    if (!entities::parse_model(dossier_ner_model_begin, size, model->ner, error)) {
      // A build problem, not a user error: fall back to a model that finds nothing.
      std::fprintf(stderr, "dossier: built-in entity model unusable: %s\n", error.c_str());
      model = std::make_unique<Model>();
    }
#endif
    return new EntityRecognizer(std::move(model));
  }();
  return *recognizer;
}

Result<EntityRecognizer> EntityRecognizer::Load(const std::filesystem::path& model_file) {
  return util::guarded("loading entity model " + model_file.string(),
                       [&]() -> Result<EntityRecognizer> {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model_file, ec)) {
      return make_error(ErrorCode::kNotFound, "no entity model file: " + model_file.string());
    }
    std::ifstream in(model_file, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      return make_error(ErrorCode::kIoError, "cannot read entity model: " + model_file.string());
    }
    auto model = std::make_unique<Model>();
    std::string error;
    if (!entities::parse_model(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                               model->ner, error)) {
      return make_error(ErrorCode::kCorruption, error + ": " + model_file.string());
    }
    return EntityRecognizer(std::move(model));
  });
}

Result<std::vector<EntityMention>> EntityRecognizer::recognize(std::string_view text) const {
  return util::guarded("recognizing entities", [&]() -> Result<std::vector<EntityMention>> {
    return find_mentions(text);
  });
}

std::vector<EntityMention> EntityRecognizer::find_mentions(std::string_view text) const {
  std::vector<EntityMention> mentions;
  if (!model_ || model_->ner.num_stages == 0 || text.empty()) return mentions;
  // Credits, related headlines and page furniture are blanked (offsets kept).
  std::string article;
  std::string_view tagged = text;
  if (entities::blank_non_article(text, article)) tagged = article;
  entities::TokenizedText tokens;
  entities::tokenize(tagged, tokens);
  entities::DocWords doc;
  doc.words.reserve(tokens.tokens.size());
  for (const auto& t : tokens.tokens) doc.words.push_back(text.substr(t.begin, t.end - t.begin));
  doc.sentence_starts = std::move(tokens.sentence_starts);
  std::vector<std::uint8_t> tags;
  entities::tag_document(model_->ner, doc, tags);

  for (std::size_t i = 0; i < tags.size(); ++i) {
    int tag = tags[i];
    if (tag == 0) continue;
    int pos = entities::tag_pos(tag);
    if (pos != entities::kB && pos != entities::kU) continue;
    std::size_t j = i;
    if (pos == entities::kB) {
      while (j + 1 < tags.size() && entities::tag_pos(tags[j + 1]) == entities::kI) ++j;
      if (j + 1 < tags.size() && entities::tag_pos(tags[j + 1]) == entities::kL) ++j;
    }
    int type = entities::tag_type(tag);
    EntityKind kind;
    switch (type) {
      case entities::kPer: kind = EntityKind::kPerson; break;
      case entities::kLoc: kind = EntityKind::kPlace; break;
      case entities::kOrg: kind = EntityKind::kOrganization; break;
      default: i = j; continue;  // MISC: learned, not reported
    }
    EntityMention m;
    m.kind = kind;
    m.begin = tokens.tokens[i].begin;
    m.end = tokens.tokens[j].end;
    m.surface.assign(text.substr(m.begin, m.end - m.begin));
    entities::drop_leading_title(m);
    entities::take_name_particles(text, mentions.empty() ? 0 : mentions.back().end, m);
    entities::cut_at_glue(m);
    mentions.push_back(std::move(m));
    i = j;
  }
  entities::apply_article_rules(text, mentions);
  return mentions;
}

}  // namespace dossier
