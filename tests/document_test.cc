// The helpers of the public document.h (lib/util/document.cc).
#include <gtest/gtest.h>

#include "dossier/document.h"

namespace dossier {
namespace {

TEST(EntityKindName, IsTheDocumentedLowerCaseWord) {
  // The names document.h promises; JSON output and facets print them.
  EXPECT_STREQ(to_string(EntityKind::kPerson), "person");
  EXPECT_STREQ(to_string(EntityKind::kPlace), "place");
  EXPECT_STREQ(to_string(EntityKind::kOrganization), "organization");
  EXPECT_STREQ(to_string(static_cast<EntityKind>(200)), "unknown");
}

}  // namespace
}  // namespace dossier
