#include "cli.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace cli {
namespace {
std::string program = "dossier";
}

void set_program_name(std::string_view name) { program = name; }

void fail(std::string_view message, int code) {
  fmt::print(stderr, "{}: {}\n", program, message);
  std::exit(code);
}

void fail(const dossier::Error& error) { fail(error.to_string()); }

void parse(CLI::App& app, int argc, char** argv) {
  set_program_name(app.get_name());
  // One value per occurrence, even for repeatable options: in
  // `--person Pompeo chile` the word after the name belongs to the query.
  for (CLI::Option* option : app.get_options()) {
    if (option->nonpositional()) option->allow_extra_args(false);
  }
  // A blank line between the description and the usage in --help.
  if (!app.get_description().empty() && !app.get_description().ends_with('\n')) {
    app.description(app.get_description() + "\n");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    std::exit(0);
  } catch (const CLI::ParseError& error) {
    usage_error(error.what());
  }
}

void usage_error(std::string_view message) {
  fmt::print(stderr, "{}: {}\nRun with --help for more information.\n", program, message);
  std::exit(2);
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }
bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

bool use_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  return stdout_is_terminal() && !(no_colour && *no_colour);
}

std::string format_date(const std::optional<std::chrono::sys_days>& date) {
  if (!date) return {};
  std::chrono::year_month_day ymd(*date);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string megabytes_per_second(std::size_t bytes, double seconds) {
  if (seconds <= 0) return "-";
  return fmt::format("{:.2f} MB/s", static_cast<double>(bytes) / 1e6 / seconds);
}

}  // namespace cli
