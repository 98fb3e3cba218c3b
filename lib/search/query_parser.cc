#include "search/query_parser.h"

#include <algorithm>

#include "index/schema.h"
#include "search/query_lexer.h"

namespace dossier::search {
namespace {

enum class Sign { kPlain, kRequired, kExcluded };

struct Clause {
  Xapian::Query query;
  bool empty = true;
  bool stopword = false;   // a single word the default operator may drop
  bool filter = false;     // an entity filter: required, weightless
  bool single_term = false;  // usable inside NEAR
  Sign sign = Sign::kPlain;
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& queries) {
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(op, queries.begin(), queries.end());
}

class Parser {
 public:
  Parser(analysis::Analyzer& analyzer, const EntityKeyFunction& entity_key, std::string_view text,
         std::vector<QueryToken> tokens, DefaultOperator default_operator, ParsedQuery& out)
      : text_(text),
        analyzer_(analyzer),
        entity_key_(entity_key),
        tokens_(std::move(tokens)),
        default_operator_(default_operator),
        out_(out) {}

  Clause parse() {
    Clause clause = parse_or(false, /*top_level=*/true);
    if (peek().type == TokenType::kRightParen) {
      throw QuerySyntaxError{"unbalanced parenthesis: this ) has no matching (",
                             peek().position};
    }
    return clause;
  }

 private:
  const QueryToken& peek() const { return tokens_[next_]; }
  const QueryToken& take() { return tokens_[next_++]; }

  Clause parse_or(bool negated, bool top_level) {
    std::vector<Clause> alternatives;
    alternatives.push_back(parse_and(negated, top_level));
    while (peek().type == TokenType::kOr) {
      const QueryToken& op = take();
      alternatives.push_back(parse_and(negated, false));
      if (alternatives.back().empty || alternatives[alternatives.size() - 2].empty) {
        throw QuerySyntaxError{"OR needs words on both sides", op.position};
      }
    }
    if (alternatives.size() == 1) return std::move(alternatives.front());
    if (top_level) out_.default_joined = 0;  // an explicit OR: nothing to relax
    std::vector<Xapian::Query> queries;
    for (Clause& alternative : alternatives) queries.push_back(alternative.query);
    Clause clause;
    clause.query = combine(Xapian::Query::OP_OR, queries);
    clause.empty = false;
    return clause;
  }

  Clause parse_and(bool negated, bool top_level) {
    std::vector<Clause> clauses = signed_clauses(negated);
    return join(clauses, top_level);
  }

  // The clauses up to the next OR, ')' or the end, each with its sign: '+',
  // AND on either side and entity filters require; '-' and NOT exclude.
  std::vector<Clause> signed_clauses(bool negated) {
    std::vector<Clause> clauses;
    const QueryToken* pending_and = nullptr;
    while (true) {
      TokenType type = peek().type;
      if (type == TokenType::kEnd || type == TokenType::kOr || type == TokenType::kRightParen) {
        break;
      }
      if (type == TokenType::kAnd) {
        pending_and = &take();
        if (clauses.empty()) {
          throw QuerySyntaxError{"AND needs words on both sides", pending_and->position};
        }
        if (clauses.back().sign == Sign::kPlain) clauses.back().sign = Sign::kRequired;
        continue;
      }
      Sign sign = Sign::kPlain;
      if (type == TokenType::kNot || type == TokenType::kMinus) {
        const QueryToken& op = take();
        sign = Sign::kExcluded;
        TokenType after = peek().type;
        if (after == TokenType::kEnd || after == TokenType::kOr || after == TokenType::kAnd ||
            after == TokenType::kRightParen) {
          throw QuerySyntaxError{"NOT needs a word after it", op.position};
        }
      } else if (type == TokenType::kPlus) {
        take();
        sign = Sign::kRequired;
      }
      Clause clause = parse_near(negated || sign == Sign::kExcluded);
      if (pending_and && sign == Sign::kPlain) sign = Sign::kRequired;
      pending_and = nullptr;
      if (clause.filter && sign == Sign::kPlain) sign = Sign::kRequired;
      clause.sign = sign;
      if (!clause.empty) clauses.push_back(std::move(clause));
    }
    if (pending_and) {
      throw QuerySyntaxError{"AND needs words on both sides", pending_and->position};
    }
    return clauses;
  }

  // One clause of clauses joined by the default operator.
  Clause join(std::vector<Clause>& clauses, bool top_level) {
    // Drop function words ("what", "the") unless they are all there is.
    bool has_content = std::any_of(clauses.begin(), clauses.end(), [](const Clause& c) {
      return !(c.sign == Sign::kPlain && c.stopword);
    });
    std::size_t plain = 0;
    for (const Clause& clause : clauses) {
      if (clause.sign == Sign::kPlain && !(has_content && clause.stopword)) ++plain;
    }
    // A search-box query of a few words wants articles with all of them; a
    // longer one is a question, ranked by how well articles match its words.
    const bool all_required =
        default_operator_ == DefaultOperator::kAnd && plain <= kMaxAllRequiredWords;
    std::vector<Xapian::Query> required, optional, excluded;
    for (Clause& clause : clauses) {
      if (has_content && clause.sign == Sign::kPlain && clause.stopword) {
        forget_highlight(clause.query);  // a dropped word is not marked in snippets
        continue;
      }
      switch (clause.sign) {
        case Sign::kRequired: required.push_back(clause.query); break;
        case Sign::kExcluded: excluded.push_back(clause.query); break;
        case Sign::kPlain: (all_required ? required : optional).push_back(clause.query); break;
      }
    }
    if (top_level) out_.default_joined = all_required ? plain : 0;

    Clause result;
    if (required.empty() && optional.empty() && excluded.empty()) return result;
    result.empty = false;
    if (clauses.size() == 1 && excluded.empty()) {
      result.single_term = clauses.front().single_term;
      result.stopword = clauses.front().stopword;
      result.filter = clauses.front().filter;
    }
    if (!required.empty()) {
      result.query = combine(Xapian::Query::OP_AND, required);
      if (!optional.empty()) {
        result.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, result.query,
                                     combine(Xapian::Query::OP_OR, optional));
      }
    } else if (!optional.empty()) {
      result.query = combine(Xapian::Query::OP_OR, optional);
    } else {
      result.query = match_all();
    }
    if (!excluded.empty()) {
      result.query = Xapian::Query(Xapian::Query::OP_AND_NOT, result.query,
                                   combine(Xapian::Query::OP_OR, excluded));
    }
    return result;
  }

  Clause parse_near(bool negated) {
    Clause left = parse_primary(negated);
    while (peek().type == TokenType::kNear) {
      const QueryToken& op = take();
      Clause right = parse_primary(negated);
      if (!left.single_term || !right.single_term) {
        throw QuerySyntaxError{"NEAR joins single words, as in: pompeo NEAR maduro", op.position};
      }
      std::vector<Xapian::Query> pair = {left.query, right.query};
      left.query = Xapian::Query(Xapian::Query::OP_NEAR, pair.begin(), pair.end(), op.near_window);
      left.single_term = false;
      left.stopword = false;
    }
    return left;
  }

  Clause parse_primary(bool negated) {
    const QueryToken& token = take();
    switch (token.type) {
      case TokenType::kLeftParen: {
        // Recursion follows the nesting: bound it so hostile input cannot
        // exhaust the stack.
        if (++depth_ > kMaxNesting) {
          throw QuerySyntaxError{"parentheses are nested more than " + std::to_string(kMaxNesting) +
                                " deep",
                            token.position};
        }
        Clause group = parse_or(negated, false);
        --depth_;
        if (peek().type != TokenType::kRightParen) {
          throw QuerySyntaxError{"unbalanced parenthesis: this ( is never closed", token.position};
        }
        take();
        group.single_term = false;
        group.stopword = false;
        return group;
      }
      case TokenType::kWord:
      case TokenType::kPhrase:
        return words(token, negated);
      case TokenType::kRightParen:
        throw QuerySyntaxError{"unbalanced parenthesis: this ) has no matching (", token.position};
      case TokenType::kEnd:
        throw QuerySyntaxError{"the query ends where a word was expected", token.position};
      default:
        throw QuerySyntaxError{"expected a word here, not \"" + std::string(token.text) + "\"",
                          token.position};
    }
  }

  // A word or a phrase, in a field or not.
  Clause words(const QueryToken& token, bool negated) {
    switch (token.field) {
      case Field::kPerson: return entity_filter(EntityKind::kPerson, token);
      case Field::kPlace: return entity_filter(EntityKind::kPlace, token);
      case Field::kOrganization: return entity_filter(EntityKind::kOrganization, token);
      case Field::kOutlet: return keyword_filter(index::kSourceField, token);
      case Field::kKeyword: return keyword_filter(token.field_name, token);
      default: break;
    }
    const std::string_view prefix = token.field == Field::kTitle    ? index::kTitlePrefix
                                    : token.field == Field::kSource ? index::kSourcePrefix
                                                                    : std::string_view{};
    Clause clause;
    if (token.wildcard) {
      std::string normalized = analyzer_.normalize(token.text);
      if (normalized.empty()) return clause;
      // Terms are stems, and a stem can be shorter than the word ("refugee"
      // indexes as "refuge"), so expand the stem of what was typed.
      const std::string& stem = analyzer_.stem(normalized);
      std::string pattern = normalized.starts_with(stem) ? stem : normalized;
      count_terms(token, 1);
      clause.query = Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix) + pattern,
                                   kWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
      clause.empty = false;
      if (!negated) out_.highlight_prefixes.push_back(pattern);
      return clause;
    }

    std::vector<Xapian::Query> terms;
    HighlightPhrase phrase;
    Xapian::termpos first = 0, last = 0;
    analyzer_.analyze(token.text, [&](const analysis::Token& word) {
      if (terms.empty()) first = word.position;
      last = word.position;
      terms.emplace_back(std::string(prefix) + std::string(word.term), 1, word.position + 1);
      phrase.terms.emplace_back(word.term);
      phrase.offsets.push_back(word.position - first);
      if (!negated) out_.highlight_terms.emplace_back(word.term);
      if (token.field != Field::kSource) {
        const auto begin = static_cast<std::size_t>(token.text.data() - text_.data());
        out_.words.push_back({begin + word.begin, begin + word.end, std::string(word.word),
                              std::string(word.term)});
      }
    });
    count_terms(token, terms.size());
    if (terms.empty()) return clause;
    clause.empty = false;
    if (terms.size() == 1) {
      clause.query = terms.front();
      clause.single_term = true;
      // Written in capitals it is an acronym, not a function word: "WHO", "US".
      clause.stopword = token.type == TokenType::kWord && token.field == Field::kNone &&
                        !is_acronym(token.text) &&
                        analyzer_.is_stopword(analyzer_.normalize(token.text));
    } else if (token.type == TokenType::kWord) {
      // An unquoted "anti-Maduro" or "boundary-layer": every part must occur,
      // but not necessarily together (measured: a phrase here loses recall).
      clause.query = Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
    } else {
      clause.query = Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                   last - first + 1);
      if (!negated) out_.highlight_phrases.push_back(std::move(phrase));
    }
    return clause;
  }

  // One occurrence of a single-term query's term leaves the highlight list.
  void forget_highlight(const Xapian::Query& single_term) {
    auto term = single_term.get_terms_begin();
    if (term == single_term.get_terms_end()) return;
    auto& terms = out_.highlight_terms;
    if (auto found = std::find(terms.begin(), terms.end(), *term); found != terms.end()) {
      terms.erase(found);
    }
  }

  // Two or more letters, all capitals (ASCII): "WHO", "UN", "US".
  static bool is_acronym(std::string_view word) {
    std::size_t letters = 0;
    for (char c : word) {
      if (c >= 'a' && c <= 'z') return false;
      if (c >= 'A' && c <= 'Z') ++letters;
    }
    return letters >= 2;
  }

  Clause entity_filter(EntityKind kind, const QueryToken& token) {
    const std::vector<std::string> terms = entity_key_(kind, token.text);
    if (terms.empty()) {
      throw QuerySyntaxError{"the entity filter names nothing", token.position};
    }
    Clause clause = filter_clause(terms.front(), token);
    // Every key of the entity (entity_representatives.h); a `word*` prefix is
    // matched as typed.
    if (terms.size() > 1 && !token.wildcard) {
      clause.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                   Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                   0.0);
    }
    return clause;
  }

  // A boolean term (a prefix of terms with `word*`) that narrows the matches
  // without changing their scores.
  Clause filter_clause(const std::string& term, const QueryToken& token) {
    Clause clause;
    count_terms(token, 1);
    Xapian::Query match = token.wildcard
        ? Xapian::Query(Xapian::Query::OP_WILDCARD, term, kWildcardExpansion,
                        Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
        : Xapian::Query(term);
    clause.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, match, 0.0);
    clause.empty = false;
    clause.filter = true;
    return clause;
  }

  // The value as typed (a word, or a quoted phrase's contents), exactly.
  Clause keyword_filter(std::string_view field, const QueryToken& token) {
    if (token.text.empty()) throw QuerySyntaxError{"the field filter has no value", token.position};
    return filter_clause(index::field_term(field, token.text), token);
  }

  void count_terms(const QueryToken& token, std::size_t added) {
    terms_ += added;
    if (terms_ > kMaxQueryTerms) {
      throw QuerySyntaxError{"the query has more than " + std::to_string(kMaxQueryTerms) + " words",
                        token.position};
    }
  }

  static constexpr Xapian::termcount kWildcardExpansion = 100;
  static constexpr int kMaxNesting = 100;

  std::string_view text_;  // what the tokens view
  analysis::Analyzer& analyzer_;
  const EntityKeyFunction& entity_key_;
  std::vector<QueryToken> tokens_;
  std::size_t next_ = 0;
  DefaultOperator default_operator_;
  ParsedQuery& out_;
  std::size_t terms_ = 0;
  int depth_ = 0;
};

// "at character 12" counts code points, as a person counts what they typed.
std::size_t character_column(std::string_view text, std::size_t byte_offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

}  // namespace

Result<ParsedQuery> QueryParser::parse(std::string_view text, DefaultOperator default_operator) {
  if (text.size() > kMaxQueryBytes) {
    return make_error(ErrorCode::kQuerySyntax,
                      "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes",
                      kMaxQueryBytes);
  }
  ParsedQuery parsed;
  try {
    static const std::vector<std::string> kNoFields;
    const std::vector<std::string>& keyword_fields = field_names_ ? field_names_() : kNoFields;
    Parser parser(analyzer_, entity_key_, text, lex_query(text, keyword_fields), default_operator,
                  parsed);
    Clause clause = parser.parse();
    if (!clause.empty) {
      parsed.query = clause.query;
      parsed.matches_all = false;
    } else {
      parsed.query = match_all();
    }
  } catch (const QuerySyntaxError& error) {
    return make_error(ErrorCode::kQuerySyntax,
                      error.message + " (at character " +
                          std::to_string(character_column(text, error.position)) + ")",
                      error.position);
  }
  return parsed;
}

}  // namespace dossier::search
