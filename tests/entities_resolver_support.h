// Shared by the resolver's tests: the kinds, articles with the mentions a
// recognizer would report, and lookups in what resolve() returns.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "entities/resolver.h"

namespace dossier::entities::testing {

inline constexpr EntityKind kPerson = EntityKind::kPerson;
inline constexpr EntityKind kPlace = EntityKind::kPlace;
inline constexpr EntityKind kOrg = EntityKind::kOrganization;

// Builds the mentions a recognizer would report: each surface at its next
// occurrence in the text, in order.
class Article {
 public:
  explicit Article(std::string text) : text_(std::move(text)) {}
  Article& add(EntityKind kind, const std::string& surface) {
    std::size_t at = text_.find(surface, from_);
    if (at == std::string::npos) at = text_.find(surface);
    EXPECT_NE(at, std::string::npos) << surface;
    mentions_.push_back(EntityMention{kind, at, at + surface.size(), surface});
    if (at != std::string::npos) from_ = at + surface.size();
    return *this;
  }
  const std::string& text() const { return text_; }
  const std::vector<EntityMention>& mentions() const { return mentions_; }

 private:
  std::string text_;
  std::size_t from_ = 0;
  std::vector<EntityMention> mentions_;
};

inline const ResolvedEntity* find_entity(const std::vector<ResolvedEntity>& entities,
                                         EntityKind kind, std::string_view key) {
  for (const ResolvedEntity& e : entities) {
    if (e.kind == kind && e.key == key) return &e;
  }
  return nullptr;
}

inline bool has_alias(const ResolvedEntity& e, std::string_view alias) {
  return std::find(e.alias_keys.begin(), e.alias_keys.end(), alias) != e.alias_keys.end();
}

// A file in the test's temporary directory.
inline std::filesystem::path write_file(const std::string& name, const std::string& content) {
  std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

}  // namespace dossier::entities::testing
