// The query language's tokens (README.md "Query syntax"): words, optionally
// in a field ("person:pompeo", "title:\"...\""), with a trailing '*'; quoted
// phrases; parentheses; AND, OR, NOT, NEAR and NEAR/n; '+' and '-' before a
// word. QueryParser turns them into a Xapian query.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::search {

enum class TokenType {
  kWord, kPhrase, kLeftParen, kRightParen, kAnd, kOr, kNot, kNear, kPlus, kMinus, kEnd
};

// kOutlet: the exact source name; kKeyword: a keyword field of the index.
enum class Field { kNone, kTitle, kSource, kOutlet, kPerson, kPlace, kOrganization, kKeyword };

struct QueryToken {
  TokenType type = TokenType::kEnd;
  std::string_view text;  // a word without field and '*'; a phrase's contents
  std::size_t position = 0;  // byte offset in the query
  Field field = Field::kNone;
  std::string_view field_name = {};  // for Field::kKeyword
  bool wildcard = false;
  Xapian::termcount near_window = 10;
};

// Thrown by the lexer and the parser; QueryParser::parse turns it into a
// kQuerySyntax error pointing at `position` (a byte offset).
struct QuerySyntaxError {
  std::string message;
  std::size_t position;
};

// The tokens of `text`, ending with one kEnd. `keyword_fields` are the index's
// keyword field names, sorted; tokens view `text` and `keyword_fields`.
// Throws QuerySyntaxError.
std::vector<QueryToken> lex_query(std::string_view text,
                                  const std::vector<std::string>& keyword_fields);

}  // namespace dossier::search
