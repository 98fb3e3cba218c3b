// Small helpers the example programs share: command-line parsing (CLI11),
// errors, terminal detection, formatting. Built with each example; not part of the library.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace CLI {
class App;
}

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

// Parses the command line into `app` (CLI11), named after the program:
// --help prints the help and exits 0; a bad command line exits 2 with
// "program: what is wrong" and a pointer to --help, as usage_error does.
void parse(CLI::App& app, int argc, char** argv);
// A command line CLI11 accepts but the program cannot use (clashing options).
[[noreturn]] void usage_error(std::string_view message);

void set_program_name(std::string_view name);

bool stdout_is_terminal();
bool stderr_is_terminal();
// Colour on a terminal unless NO_COLOR is set.
bool use_colour();

std::string format_date(const std::optional<std::chrono::sys_days>& date);
std::string megabytes_per_second(std::size_t bytes, double seconds);

}  // namespace cli
