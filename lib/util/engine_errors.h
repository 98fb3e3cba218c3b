// The boundary where Xapian's exceptions become dossier::Error values. Every
// public call runs its body through guarded(), so no Xapian exception (nor
// std::bad_alloc) reaches a caller.
#pragma once

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>

#include <xapian.h>

#include "dossier/status.h"

namespace dossier::util {

// Maps a Xapian exception to an error code; `context` says what was being
// done ("opening index /data/news").
Error translate(const Xapian::Error& error, std::string_view context);

// Runs body() (which returns a Result<T> or Status) and turns any exception it
// throws into an Error.
template <typename Body>
auto guarded(std::string_view context, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Xapian::Error& error) {
    return std::unexpected(translate(error, context));
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::kInternal, std::string(context) + ": out of memory");
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kInternal, std::string(context) + ": " + error.what());
  }
}

}  // namespace dossier::util
