// Entities come from an article's main text: a headline in title case is not
// read for names, whoever it names the body names too.
#include "entities/extractor.h"

#include <gtest/gtest.h>

#include <set>

namespace dossier::entities {
namespace {

std::set<std::string> keys(const std::vector<ExtractedEntity>& extracted) {
  std::set<std::string> found;
  for (const ExtractedEntity& e : extracted) found.insert(e.entity.key);
  return found;
}

TEST(EntityExtractor, ReadsTheBodyNotTheHeadline) {
  EntityExtractor extractor{Resolver{}};
  Document article{.id = "a",
                   .title = "Havana Slams US Threat To Take Action Against Cuba",
                   .body = "Secretary of State Mike Pompeo met Nicolás Maduro in Caracas on "
                           "Tuesday. Pompeo later flew to Bogota."};
  std::set<std::string> found = keys(extractor.extract(article));
  EXPECT_TRUE(found.contains("michael pompeo"));
  EXPECT_TRUE(found.contains("caracas"));
  EXPECT_FALSE(found.contains("havana slams us threat")) << "the headline was read";
  EXPECT_FALSE(found.contains("havana"));
}

TEST(EntityExtractor, AnArticleWithoutBodyIsReadInItsTitle) {
  EntityExtractor extractor{Resolver{}};
  Document article{.id = "a", .title = "Mike Pompeo met Nicolás Maduro in Caracas.", .body = ""};
  std::set<std::string> found = keys(extractor.extract(article));
  EXPECT_TRUE(found.contains("michael pompeo"));
}

}  // namespace
}  // namespace dossier::entities
