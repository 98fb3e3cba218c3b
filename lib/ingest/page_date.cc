#include "ingest/page_date.h"

#include <cctype>
#include <string>
#include <vector>

#include "dossier/ingest.h"
#include "ingest/html_dom.h"

namespace dossier::ingest {
namespace {

int month_number(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  std::string prefix = lower_ascii(word.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (prefix == kMonths[i]) return i + 1;
  }
  return 0;
}

std::optional<std::chrono::sys_days> make_date(int year, int month, int day) {
  if (year < 1900 || year > 2200) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(year),
                                   std::chrono::month(static_cast<unsigned>(month)),
                                   std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date);
}

// Numbers and words of the text, in order: "July 15, 2025" -> July, 15, 2025.
std::vector<std::string_view> date_tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size() && tokens.size() < 8) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      ++i;
      continue;
    }
    std::size_t start = i;
    bool digits = std::isdigit(c);
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])) &&
           (std::isdigit(static_cast<unsigned char>(text[i])) != 0) == digits) {
      ++i;
    }
    std::string_view token = text.substr(start, i - start);
    bool ordinal = !digits && !tokens.empty() && std::isdigit(static_cast<unsigned char>(tokens.back()[0])) &&
                   (token == "st" || token == "nd" || token == "rd" || token == "th");
    if (!ordinal) tokens.push_back(token);  // "19th" -> 19
  }
  return tokens;
}

int number(std::string_view digits) {
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || value > 100000000) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// /2025/07/15/ (or /2025-07-15) inside a URL path.
std::optional<std::chrono::sys_days> date_in_url(std::string_view url) {
  for (std::size_t slash = url.find('/'); slash != std::string_view::npos;
       slash = url.find('/', slash + 1)) {
    std::string_view rest = url.substr(slash + 1);
    if (rest.size() < 10 || !(rest[4] == '/' || rest[4] == '-')) continue;
    int year = number(rest.substr(0, 4)), month = number(rest.substr(5, 2));
    if (rest[7] != rest[4]) continue;
    int day = number(rest.substr(8, 2));
    if (year > 0 && month > 0 && day > 0) {
      if (auto date = make_date(year, month, day)) return date;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::sys_days> parse_page_date(std::string_view text) {
  text = text.substr(0, 200);
  if (auto iso = parse_iso_date(text)) return iso;
  if (text.find("://") != std::string_view::npos) return date_in_url(text);
  std::vector<std::string_view> tokens = date_tokens(text);
  if (tokens.empty()) return std::nullopt;
  if (tokens[0].size() == 8 && number(tokens[0]) > 0) {  // 20250715
    int all = number(tokens[0]);
    return make_date(all / 10000, all / 100 % 100, all % 100);
  }
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    int first = number(tokens[i]), second = number(tokens[i + 1]), third = number(tokens[i + 2]);
    if (tokens[i].size() == 4 && first > 0 && second > 0 && third > 0) {  // 2025/07/15
      return make_date(first, second, third);
    }
    if (tokens[i + 2].size() == 4 && first > 0 && second > 0 && third > 0) {
      // 15/07/2025 when the first number cannot be a month, else 07/15/2025 (US)
      return first > 12 ? make_date(third, second, first) : make_date(third, first, second);
    }
    if (int month = month_number(tokens[i]); month > 0 && second > 0 && third > 0) {
      return make_date(third, month, second);  // July 15, 2025
    }
    if (int month = month_number(tokens[i + 1]); month > 0 && first > 0 && third > 0) {
      return make_date(third, month, first);  // 15 July 2025
    }
  }
  return std::nullopt;
}

}  // namespace dossier::ingest
