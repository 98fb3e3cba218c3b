#include "dossier/status.h"

namespace dossier {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kLocked: return "locked";
    case ErrorCode::kQuerySyntax: return "query syntax";
    case ErrorCode::kIncompatible: return "incompatible";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kIoError: return "I/O error";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Error::to_string() const {
  return std::string(dossier::to_string(code)) + ": " + message;
}

}  // namespace dossier
