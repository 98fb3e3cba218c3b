#include "search/request_filters.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "index/schema.h"

namespace dossier::search {
namespace {

Xapian::Query entity_filter(const std::vector<EntityFilter>& filters,
                            const EntityTermsFn& entity_terms) {
  std::vector<Xapian::Query> per_kind;
  for (EntityKind kind : {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrganization}) {
    std::vector<Xapian::Query> alternatives;
    for (const EntityFilter& filter : filters) {
      if (filter.kind != kind) continue;
      const std::vector<std::string> terms = entity_terms(kind, filter.name);
      if (terms.empty()) {
        alternatives.push_back(Xapian::Query::MatchNothing);
      } else {
        alternatives.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
      }
    }
    if (!alternatives.empty()) {
      per_kind.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
  }
  return Xapian::Query(Xapian::Query::OP_AND, per_kind.begin(), per_kind.end());
}

Result<Xapian::Query> field_filter(const std::vector<FieldFilter>& filters,
                                   const std::vector<std::string>& keyword_fields) {
  std::vector<std::string> fields;
  for (const FieldFilter& filter : filters) {
    if (filter.field != index::kSourceField) {
      if (auto valid = index::validate_field_name(filter.field); !valid) {
        return make_error(ErrorCode::kInvalidArgument, "field filter: " + valid.error().message);
      }
      if (std::find(keyword_fields.begin(), keyword_fields.end(), filter.field) ==
          keyword_fields.end()) {
        std::string known(index::kSourceField);
        for (const std::string& name : keyword_fields) known += ", " + name;
        return make_error(ErrorCode::kInvalidArgument, "field filter: unknown field \"" +
                                                           filter.field + "\"; the index has " +
                                                           known);
      }
    }
    fields.push_back(filter.field);
  }
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  std::vector<Xapian::Query> per_field;
  for (const std::string& field : fields) {
    std::vector<Xapian::Query> alternatives;
    for (const FieldFilter& filter : filters) {
      if (filter.field == field) alternatives.emplace_back(index::field_term(field, filter.value));
    }
    per_field.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  return Xapian::Query(Xapian::Query::OP_AND, per_field.begin(), per_field.end());
}

Xapian::Query date_range(const SearchRequest& request) {
  auto serialise = [](std::chrono::sys_days day) {
    return Xapian::sortable_serialise(static_cast<double>(day.time_since_epoch().count()));
  };
  if (request.published_from && request.published_to) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, index::kPublishedSlot,
                         serialise(*request.published_from), serialise(*request.published_to));
  }
  if (request.published_from) {
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, index::kPublishedSlot,
                         serialise(*request.published_from));
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, index::kPublishedSlot,
                       serialise(*request.published_to));
}

}  // namespace

Result<std::optional<Xapian::Query>> request_filter(const SearchRequest& request,
                                                    const EntityTermsFn& entity_terms,
                                                    const std::vector<std::string>& keyword_fields) {
  std::vector<Xapian::Query> filters;
  if (!request.filters.empty()) filters.push_back(entity_filter(request.filters, entity_terms));
  if (!request.field_filters.empty()) {
    auto fields = field_filter(request.field_filters, keyword_fields);
    if (!fields) return std::unexpected(fields.error());
    filters.push_back(std::move(*fields));
  }
  if (request.published_from || request.published_to) filters.push_back(date_range(request));
  if (filters.empty()) return std::optional<Xapian::Query>();
  return std::optional<Xapian::Query>(
      Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
}

}  // namespace dossier::search
