// The functions of the public document.h that every layer uses.
#include "dossier/document.h"

namespace dossier {

const char* to_string(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return "person";
    case EntityKind::kPlace: return "place";
    case EntityKind::kOrganization: return "organization";
  }
  return "unknown";
}

}  // namespace dossier
