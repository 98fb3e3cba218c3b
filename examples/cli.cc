#include "cli.h"

#include <fmt/core.h>
#include <unistd.h>

#include <charconv>
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

Arguments::Arguments(int argc, char** argv, std::string usage)
    : args_(argv + 1, argv + argc), usage_(std::move(usage)) {
  for (const std::string& arg : args_) {
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", usage_);
      std::exit(0);
    }
  }
}

bool Arguments::option(std::string_view name) {
  if (empty() || args_[next_] != name) return false;
  ++next_;
  return true;
}

bool Arguments::next_is_option() const {
  return !empty() && args_[next_].starts_with("--") && args_[next_].size() > 2;
}

std::string Arguments::value(std::string_view option) {
  if (empty()) usage_error(fmt::format("{} needs a value", option));
  return args_[next_++];
}

std::size_t Arguments::number(std::string_view option) {
  std::string text = value(option);
  std::size_t parsed = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc{} || end != text.data() + text.size()) {
    usage_error(fmt::format("{} needs a whole number, not \"{}\"", option, text));
  }
  return parsed;
}

std::string Arguments::positional() { return args_[next_++]; }

void Arguments::usage_error(std::string_view message) const {
  fmt::print(stderr, "{}: {}\n\n{}", program, message, usage_);
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
