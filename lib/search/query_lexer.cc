#include "search/query_lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace dossier::search {
namespace {

// Every name here is in index::kBuiltinQueryFields, so no keyword field hides it.
constexpr std::array<std::pair<std::string_view, Field>, 9> kFields = {{
    {"title", Field::kTitle},
    {"source", Field::kSource},
    {"outlet", Field::kOutlet},
    {"person", Field::kPerson},
    {"place", Field::kPlace},
    {"location", Field::kPlace},
    {"org", Field::kOrganization},
    {"organization", Field::kOrganization},
    {"organisation", Field::kOrganization},
}};

constexpr std::string_view kFieldList = "title, source, outlet, person, place, org";

// The known fields, for an error message: the built-in ones, then the index's.
std::string known_fields(const std::vector<std::string>& keyword_fields) {
  std::string list(kFieldList);
  for (const std::string& name : keyword_fields) list += ", " + name;
  return list;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of a quote mark at text[i] (", “, ” or „), or 0.
std::size_t quote_length(std::string_view text, std::size_t i) {
  if (text[i] == '"') return 1;
  if (text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size()) {
    char third = text[i + 2];
    if (third == '\x9C' || third == '\x9D' || third == '\x9E') return 3;
  }
  return 0;
}

bool ends_chunk(std::string_view text, std::size_t i) {
  return is_space(text[i]) || text[i] == '(' || text[i] == ')' || quote_length(text, i) > 0;
}

std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// The index's keyword field `name` names (ASCII case aside), or "" for none.
// Views the entry of `keyword_fields`, which outlives the parse.
std::string_view keyword_field_named(std::string_view name,
                                     const std::vector<std::string>& keyword_fields) {
  const std::string lower = ascii_lower(name);
  auto found = std::lower_bound(keyword_fields.begin(), keyword_fields.end(), lower);
  if (found != keyword_fields.end() && *found == lower) return *found;
  return {};
}

std::optional<Field> field_named(std::string_view name) {
  const std::string lower = ascii_lower(name);
  for (const auto& [field_name, field] : kFields) {
    if (field_name == lower) return field;
  }
  return std::nullopt;
}

bool all_ascii_letters(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// Reads the query front to back; one call of lex_query.
class Lexer {
 public:
  Lexer(std::string_view text, const std::vector<std::string>& keyword_fields)
      : text_(text), keyword_fields_(keyword_fields) {}

  std::vector<QueryToken> run() {
    while (i_ < text_.size()) {
      if (is_space(text_[i_])) {
        ++i_;
        continue;
      }
      if (punctuation()) continue;
      const std::size_t start = i_;
      std::size_t end = i_;
      while (end < text_.size() && !ends_chunk(text_, end)) ++end;
      std::string_view chunk = text_.substr(i_, end - i_);
      i_ = end;
      if (!query_operator(chunk, start)) word(chunk, start);
    }
    tokens_.push_back({TokenType::kEnd, {}, text_.size()});
    return std::move(tokens_);
  }

 private:
  // A parenthesis, a quoted phrase, or '+'/'-' before a word, at i_.
  bool punctuation() {
    const std::size_t start = i_;
    if (text_[i_] == '(' || text_[i_] == ')') {
      tokens_.push_back({text_[i_] == '(' ? TokenType::kLeftParen : TokenType::kRightParen,
                         text_.substr(i_, 1), i_});
      ++i_;
      return true;
    }
    if (std::size_t open = quote_length(text_, i_)) {
      std::size_t j = i_ + open;
      while (j < text_.size() && quote_length(text_, j) == 0) ++j;
      if (j >= text_.size()) {
        throw QuerySyntaxError{"unbalanced quote: this quote is never closed", start};
      }
      QueryToken phrase{TokenType::kPhrase, text_.substr(i_ + open, j - i_ - open), start};
      phrase.field = pending_field_;
      phrase.field_name = pending_name_;
      pending_field_ = Field::kNone;
      tokens_.push_back(phrase);
      i_ = j + quote_length(text_, j);
      return true;
    }
    if ((text_[i_] == '+' || text_[i_] == '-') && i_ + 1 < text_.size() &&
        !ends_chunk(text_, i_ + 1)) {
      tokens_.push_back({text_[i_] == '+' ? TokenType::kPlus : TokenType::kMinus,
                         text_.substr(i_, 1), i_});
      ++i_;
      return true;
    }
    return false;
  }

  // AND, OR, NOT, NEAR or NEAR/n.
  bool query_operator(std::string_view chunk, std::size_t start) {
    if (chunk == "AND" || chunk == "OR" || chunk == "NOT") {
      tokens_.push_back({chunk == "AND"  ? TokenType::kAnd
                         : chunk == "OR" ? TokenType::kOr
                                         : TokenType::kNot,
                         chunk, start});
      return true;
    }
    if (chunk != "NEAR" && !chunk.starts_with("NEAR/")) return false;
    QueryToken near{TokenType::kNear, chunk, start};
    if (chunk.size() > 5) {
      std::string_view digits = chunk.substr(5);
      unsigned window = 0;
      for (char c : digits) {
        if (c < '0' || c > '9' || window > 1000) {
          throw QuerySyntaxError{"NEAR/n needs a number of words from 1 to 1000", start};
        }
        window = window * 10 + static_cast<unsigned>(c - '0');
      }
      if (window == 0 || window > 1000) {
        throw QuerySyntaxError{"NEAR/n needs a number of words from 1 to 1000", start};
      }
      near.near_window = window;
    }
    tokens_.push_back(near);
    return true;
  }

  // A word, a field with its value ("person:pompeo"), or a field whose value
  // is the quoted phrase that follows ("title:").
  void word(std::string_view chunk, std::size_t start) {
    QueryToken word{TokenType::kWord, chunk, start};
    // "name:value" with no space after the colon names a field; "Update: x",
    // "10:30" and a pasted "https://..." are plain text.
    std::size_t colon = chunk.find(':');
    const bool url = colon != std::string_view::npos && chunk.substr(colon + 1).starts_with("//");
    std::string_view name = chunk.substr(0, std::min(colon, chunk.size()));
    const std::string_view keyword_name =
        colon != std::string_view::npos ? keyword_field_named(name, keyword_fields_) : "";
    const bool keyword = !keyword_name.empty();
    if (keyword) name = keyword_name;  // "Category:" is the field "category"
    if (colon != std::string_view::npos && !url && (keyword || all_ascii_letters(name)) &&
        (colon + 1 < chunk.size() || (i_ < text_.size() && quote_length(text_, i_) > 0))) {
      std::optional<Field> field = keyword ? Field::kKeyword : field_named(name);
      if (!field) {
        throw QuerySyntaxError{"unknown field \"" + std::string(name) +
                                   "\"; known fields are " + known_fields(keyword_fields_),
                               start};
      }
      if (colon + 1 == chunk.size()) {  // the value is the quoted phrase that follows
        pending_field_ = *field;
        pending_name_ = name;
        return;
      }
      word.field = *field;
      word.field_name = name;
      word.text = chunk.substr(colon + 1);
    } else if (colon + 1 == chunk.size() && !url &&
               (keyword || (all_ascii_letters(name) && field_named(name)))) {
      // "person:" with nothing after it: as plain text it would search for
      // the word "person", never what was meant.
      throw QuerySyntaxError{std::string(name) + ": needs its value right after the colon (" +
                                 std::string(name) + ":word or " + std::string(name) +
                                 ":\"some words\")",
                             start};
    }
    if (word.text.size() > 1 && word.text.back() == '*') {
      word.wildcard = true;
      word.text.remove_suffix(1);
    }
    tokens_.push_back(word);
  }

  std::string_view text_;
  const std::vector<std::string>& keyword_fields_;
  std::size_t i_ = 0;
  std::vector<QueryToken> tokens_;
  Field pending_field_ = Field::kNone;  // "title:" directly before a quote
  std::string_view pending_name_;       // its name, for Field::kKeyword
};

}  // namespace

std::vector<QueryToken> lex_query(std::string_view text,
                                  const std::vector<std::string>& keyword_fields) {
  return Lexer(text, keyword_fields).run();
}

}  // namespace dossier::search
