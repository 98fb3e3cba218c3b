#include "dossier/status.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(Status, ErrorToStringNamesTheCodeAndMessage) {
  Error error{ErrorCode::kLocked, "index is locked by another writer: /tmp/x"};
  EXPECT_EQ(error.to_string(), "locked: index is locked by another writer: /tmp/x");
}

}  // namespace
}  // namespace dossier
