// Small helpers the example programs share: argument reading, terminal
// detection, formatting. Built with each example; not part of the library.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace cli {

// Prints "program: message" to stderr and exits with `code`.
[[noreturn]] void fail(std::string_view message, int code = 1);
[[noreturn]] void fail(const dossier::Error& error);

// Unwraps a Result or exits with its error.
template <typename T>
T check(dossier::Result<T> result) {
  if (!result) fail(result.error());
  return std::move(*result);
}
inline void check(const dossier::Status& status) {
  if (!status) fail(status.error());
}

// Command-line arguments, read front to back.
class Arguments {
 public:
  Arguments(int argc, char** argv, std::string usage);
  bool empty() const { return next_ >= args_.size(); }
  // The next argument is this option (consumed if so).
  bool option(std::string_view name);
  // The value after an option; exits with the usage when missing.
  std::string value(std::string_view option);
  std::size_t number(std::string_view option);
  std::string positional();
  // The next argument starts with "--" (a single "-" is query syntax).
  bool next_is_option() const;
  [[noreturn]] void usage_error(std::string_view message) const;

 private:
  std::vector<std::string> args_;
  std::size_t next_ = 0;
  std::string usage_;
};

void set_program_name(std::string_view name);

bool stdout_is_terminal();
bool stderr_is_terminal();
// Colour on a terminal unless NO_COLOR is set.
bool use_colour();

std::string format_date(const std::optional<std::chrono::sys_days>& date);
std::string megabytes_per_second(std::size_t bytes, double seconds);

}  // namespace cli
