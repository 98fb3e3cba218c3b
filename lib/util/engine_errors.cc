#include "util/engine_errors.h"

#include <xapian.h>

#include <array>
#include <utility>

namespace dossier::util {
namespace {

ErrorCode classify(std::string_view xapian_type) {
  // Xapian::Error is not polymorphic, so classify by its type name.
  static constexpr std::array<std::pair<std::string_view, ErrorCode>, 11> kCodes = {{
      {"DatabaseLockError", ErrorCode::kLocked},
      {"DatabaseVersionError", ErrorCode::kIncompatible},
      {"DatabaseNotFoundError", ErrorCode::kNotFound},
      {"DocNotFoundError", ErrorCode::kNotFound},
      {"DatabaseCorruptError", ErrorCode::kCorruption},
      {"DatabaseOpeningError", ErrorCode::kIoError},
      {"DatabaseCreateError", ErrorCode::kIoError},
      {"DatabaseError", ErrorCode::kIoError},
      {"NetworkError", ErrorCode::kUnavailable},
      {"NetworkTimeoutError", ErrorCode::kUnavailable},
      // Readers retry this one (Searcher); it gets here only when commits
      // kept outpacing every retry.
      {"DatabaseModifiedError", ErrorCode::kBusy},
  }};
  for (const auto& [type, code] : kCodes) {
    if (type == xapian_type) return code;
  }
  return ErrorCode::kInternal;
}

}  // namespace

Error translate(const Xapian::Error& error, std::string_view context) {
  std::string message(context);
  const ErrorCode code = classify(error.get_type());
  if (code == ErrorCode::kBusy) {
    // Xapian's text tells its own caller to reopen and retry, which Dossier did.
    message += ": the index kept changing while it was read (a writer committed faster than "
               "the search could retry); try again";
    return Error{code, std::move(message)};
  }
  message += ": ";
  message += error.get_msg();
  const char* detail = error.get_error_string();
  if (detail && *detail) {
    message += " (";
    message += detail;
    message += ")";
  }
  return Error{code, std::move(message)};
}

}  // namespace dossier::util
