// Errors as values: every fallible public call returns Result<T> (or Status),
// declared [[nodiscard]] (libstdc++ 12 does not mark std::expected itself),
// so a call whose error is ignored, `writer.commit();`, draws a warning.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <utility>

namespace dossier {

enum class ErrorCode {
  kInvalidArgument,  // the caller passed something unusable (empty id, bad option)
  kNotFound,         // no such document, index or file
  kLocked,           // another writer holds the index
  kQuerySyntax,      // the query text could not be parsed; see Error::position
  kIncompatible,     // index written with other analysis settings or format version
  kCorruption,       // the index or an input file is damaged
  kIoError,          // the operating system refused a read or write
  kUnavailable,      // a remote shard cannot be reached
  kBusy,             // the index kept changing while a search read it (commits
                     // came faster than its retries); try again
  kInternal,         // a bug in Dossier or an unexpected engine error
};

// A short stable name for the code ("locked", "query syntax", ...).
const char* to_string(ErrorCode code);

// What went wrong, in words a user can act on.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // For kQuerySyntax: byte offset into the query text where the problem is.
  std::size_t position = 0;

  // "locked: index is locked by another writer: /path"
  std::string to_string() const;
};

template <typename T>
using Result = std::expected<T, Error>;

// A Result without a value: success, or an Error.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> make_error(ErrorCode code, std::string message,
                                         std::size_t position = 0) {
  return std::unexpected<Error>(Error{code, std::move(message), position});
}

}  // namespace dossier
