#include "entities/ner_tokenizer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace dossier::entities {
namespace {

// Abbreviations whose final period belongs to the word ("Mr.", "Inc."). Single
// letters and dotted forms ("U.S.", "a.m.") are recognised by shape instead.
constexpr std::array<std::string_view, 60> kAbbreviations = {
    "mr",   "mrs",  "ms",   "dr",   "st",    "jr",    "sr",   "inc",  "corp", "co",
    "ltd",  "bros", "vs",   "gen",  "col",   "lt",    "sgt",  "capt", "gov",  "sen",
    "rep",  "rev",  "prof", "jan",  "feb",   "mar",   "apr",  "jun",  "jul",  "aug",
    "sep",  "sept", "oct",  "nov",  "dec",   "no",    "mt",   "ft",   "ave",  "calif",
    "fla",  "mass", "wash", "ariz", "conn",  "ill",   "mich", "minn", "penn", "tenn",
    "supt", "adm",  "cmdr", "maj",  "messrs", "mme",  "mlle", "plc",  "pty",  "approx"};

bool is_newline(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

bool is_other_space(char32_t c) {
  return is_newline(c) || u_isUWhiteSpace(static_cast<UChar32>(c)) || c == 0x200B ||
         c == 0xFEFF;
}

// Inline for ASCII, as nearly every character is: '\t' to '\r' are the tab,
// the newlines, vertical tab and form feed.
inline bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return is_other_space(c);
}

// The code point at pos and its length, without a call for ASCII.
inline char32_t char_at(std::string_view text, std::size_t pos, std::size_t& len) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    len = 1;
    return byte;
  }
  return decode_utf8(text, pos, len);
}

// Characters that are a token by themselves wherever they occur.
constexpr bool is_hard_split(char32_t c) {
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case '"': case ';':
    case '!': case '?': case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
    case 0x2014: case 0x2013: case 0x2026: case 0x00BF: case 0x00A1:
      return true;
    default:
      return false;
  }
}

// An ASCII character the chunk splitter passes over: neither a space, a hard
// split nor one of the characters that split depending on their neighbours (/ , :).
constexpr std::array<bool, 128> plain_ascii_table() {
  std::array<bool, 128> plain{};
  for (int c = 0; c < 128; ++c) plain[c] = !is_hard_split(static_cast<char32_t>(c));
  plain['/'] = plain[','] = plain[':'] = false;
  plain[' '] = false;  // and the spaces that end a chunk: '\t' to '\r'
  for (int c = '\t'; c <= '\r'; ++c) plain[c] = false;
  return plain;
}
constexpr std::array<bool, 128> kPlainAscii = plain_ascii_table();

inline bool is_plain_ascii(char byte) {
  const auto b = static_cast<unsigned char>(byte);
  return b < 0x80 && kPlainAscii[b];
}

bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018; }

bool is_letter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(c));
}

bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(static_cast<UChar32>(c));
}

bool is_alnum(char32_t c) { return is_letter(c) || is_digit(c); }

class ChunkSplitter {
 public:
  ChunkSplitter(std::string_view text, std::vector<Token>& out) : text_(text), out_(out) {}

  // Splits the whitespace-free chunk [begin, end) into tokens. plain: every
  // character of it is_plain_ascii.
  void split(std::size_t begin, std::size_t end, bool line_initial, bool line_final, bool plain) {
    if (plain) {
      split_piece(begin, end, line_initial, line_final);
      return;
    }
    std::size_t piece = begin;
    std::size_t pos = begin;
    while (pos < end) {
      if (is_plain_ascii(text_[pos])) {
        ++pos;
        continue;
      }
      std::size_t len;
      char32_t c = char_at(text_, pos, len);
      if (pos + len > end) len = end - pos;
      bool hard = is_hard_split(c);
      // "1,000" and "10:30" keep their inner punctuation; "a,b" does not.
      // "AFP/Getty" is two names; "1/2" stays a number.
      if (c == '/' && pos > begin && pos + len < end) {
        std::size_t l2;
        hard = is_letter(prev_cp(begin, pos)) || is_letter(char_at(text_, pos + len, l2));
      }
      if (!hard && (c == ',' || c == ':') && pos > begin && pos + len < end) {
        std::size_t l2;
        char32_t next = char_at(text_, pos + len, l2);
        char32_t prev = prev_cp(begin, pos);
        hard = !(is_digit(prev) && is_digit(next));
      }
      if (hard) {
        split_piece(piece, pos, line_initial && piece == begin, false);
        out_.push_back({pos, pos + len});
        piece = pos + len;
      }
      pos += len;
    }
    split_piece(piece, end, line_initial && piece == begin, line_final);
  }

 private:
  char32_t prev_cp(std::size_t floor, std::size_t pos) const {
    std::size_t p = pos;
    while (p > floor) {
      --p;
      if ((static_cast<unsigned char>(text_[p]) & 0xC0) != 0x80) break;
    }
    std::size_t len;
    return char_at(text_, p, len);
  }

  std::size_t prev_len(std::size_t floor, std::size_t pos) const {
    std::size_t p = pos;
    while (p > floor) {
      --p;
      if ((static_cast<unsigned char>(text_[p]) & 0xC0) != 0x80) break;
    }
    std::size_t len;
    char_at(text_, p, len);
    return p + len == pos ? len : pos - p;
  }

  bool is_abbreviation(std::size_t b, std::size_t e) const {
    std::size_t n = e - b;
    if (n == 0 || n > 6) return false;
    char buf[8];
    for (std::size_t i = 0; i < n; ++i) {
      char ch = text_[b + i];
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      buf[i] = ch;
    }
    std::string_view w(buf, n);
    for (auto a : kAbbreviations)
      if (a == w) return true;
    return false;
  }

  // Is [b, e) (a word without its final period) one whose period it keeps?
  bool keeps_period(std::size_t b, std::size_t e, bool line_initial) const {
    if (b >= e) return false;
    std::size_t len;
    char32_t first = char_at(text_, b, len);
    if (b + len == e && is_letter(first)) return true;  // an initial: "M."
    bool has_dot = false, all_digits = true, has_letter = false;
    for (std::size_t p = b; p < e; p += len) {
      char32_t c = char_at(text_, p, len);
      if (c == '.') has_dot = true;
      if (!is_digit(c)) all_digits = false;
      if (is_letter(c)) has_letter = true;
    }
    if (has_dot && has_letter) return true;          // "U.S.", "a.m."
    if (all_digits && line_initial) return true;      // a ranked list: "1. Schumacher"
    return is_abbreviation(b, e);
  }

  static bool ascii_ieq(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char ch = a[i];
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if (ch != lower[i]) return false;
    }
    return true;
  }

  // Length in bytes of a clitic ending [b, e) ("'s", "n't", "'ll"), or 0.
  std::size_t clitic_length(std::size_t b, std::size_t e) const {
    // Most words have no apostrophe at all: ASCII ' or U+2019 (E2 80 99). A
    // clitic is at most 5 bytes ("n’t"), its apostrophe's last byte among them.
    for (std::size_t p = e - std::min<std::size_t>(e - b, 5); p < e; ++p)
      if (text_[p] == '\'' || text_[p] == '\x99') return apostrophe_clitic_length(b, e);
    return 0;
  }

  // clitic_length where the word's end holds an apostrophe.
  std::size_t apostrophe_clitic_length(std::size_t b, std::size_t e) const {
    std::string_view w = text_.substr(b, e - b);
    // Normalise a typographic apostrophe (3 bytes) to compare against ASCII forms.
    auto check = [&](std::string_view tail_ascii) -> std::size_t {
      // tail_ascii starts with the apostrophe, or is "n't".
      std::size_t apos_idx = tail_ascii[0] == 'n' ? 1 : 0;
      std::size_t rest = tail_ascii.size() - apos_idx - 1;  // letters after the apostrophe
      for (std::size_t apos_bytes : {std::size_t{1}, std::size_t{3}}) {
        std::size_t total = apos_idx + apos_bytes + rest;
        if (w.size() <= total) continue;
        std::string_view tail = w.substr(w.size() - total);
        std::string_view ap = tail.substr(apos_idx, apos_bytes);
        bool ap_ok = apos_bytes == 1 ? ap == "'" : (ap == "\xE2\x80\x99");
        if (!ap_ok) continue;
        if (!ascii_ieq(tail.substr(0, apos_idx), tail_ascii.substr(0, apos_idx))) continue;
        if (!ascii_ieq(tail.substr(apos_idx + apos_bytes), tail_ascii.substr(apos_idx + 1)))
          continue;
        // The word before must end in a letter or digit ("Corp.'s" too).
        char32_t before = prev_cp(b, e - total);
        if (!is_alnum(before) && before != '.') continue;
        return total;
      }
      return 0;
    };
    for (std::string_view c : {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"}) {
      if (std::size_t n = check(c)) return n;
    }
    return 0;
  }

  void split_piece(std::size_t b, std::size_t e, bool line_initial, bool line_final) {
    const std::size_t piece_end = e;
    if (b >= e) return;
    // Leading quotes and currency signs.
    while (b < e) {
      std::size_t len;
      char32_t c = char_at(text_, b, len);
      if (b + len >= e) break;
      if (is_apostrophe(c) || c == '`') {
        if (clitic_length(b, e) == e - b) break;  // the piece is itself "'s"
        out_.push_back({b, b + len});
        b += len;
        continue;
      }
      if (c == '$' || c == 0x00A3 || c == 0x20AC || c == 0x00A5) {
        std::size_t l2;
        if (is_digit(char_at(text_, b + len, l2))) {
          out_.push_back({b, b + len});
          b += len;
          continue;
        }
      }
      break;
    }
    // Trailing punctuation, collected in reverse.
    struct Span {
      std::size_t begin, end;  // no initialisers: filled as used
    } tail[16];
    int ntail = 0;
    while (b < e && ntail < 14) {
      std::size_t len = prev_len(b, e);
      std::size_t cpos = e - len;
      std::size_t dummy;
      char32_t c = char_at(text_, cpos, dummy);
      if (cpos == b) break;  // never strip a one-character token to nothing
      if (c == ',' || c == ':' || c == '%' || is_apostrophe(c) || c == '`') {
        tail[ntail++] = {cpos, e};
        e = cpos;
        continue;
      }
      if (c == '.') {
        // Runs of periods: "..." is one token; "U.S.." is "U.S." + ".".
        std::size_t run_b = cpos;
        while (run_b > b && text_[run_b - 1] == '.') --run_b;
        std::size_t run = e - run_b;
        if (run >= 3) {
          if (run_b == b) break;
          tail[ntail++] = {run_b, e};
          e = run_b;
          continue;
        }
        if (run == 2) {
          tail[ntail++] = {cpos, e};
          e = cpos;
          continue;  // the remaining single period is judged next round
        }
        // At the end of a line the sentence's period and an abbreviation's
        // merge; CoNLL then keeps the word bare ("Inc" ".").
        bool final_period = line_final && e == piece_end;
        if (!final_period && keeps_period(b, cpos, line_initial)) break;
        tail[ntail++] = {cpos, e};
        e = cpos;
        continue;
      }
      break;
    }
    if (std::size_t n = clitic_length(b, e); n > 0 && n < e - b) {
      tail[ntail++] = {e - n, e};
      e -= n;
    }
    if (b < e) out_.push_back({b, e});
    while (ntail > 0) {
      --ntail;
      out_.push_back({tail[ntail].begin, tail[ntail].end});
    }
  }

  std::string_view text_;
  std::vector<Token>& out_;
};

bool is_sentence_end(std::string_view text, const Token& t) {
  std::string_view s = text.substr(t.begin, t.end - t.begin);
  return s == "." || s == "!" || s == "?" || s == "..." || s == "\xE2\x80\xA6";
}

bool is_quote(std::string_view s) {
  return s == "\"" || s == "'" || s == "\xE2\x80\x9D" || s == "\xE2\x80\x9C" ||
         s == "\xE2\x80\x99";
}

bool starts_upper(std::string_view text, const Token& t) {
  std::size_t len;
  char32_t c = char_at(text, t.begin, len);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

}  // namespace


void tokenize(std::string_view text, TokenizedText& out) {
  out.clear();
  out.sentence_starts.push_back(0);
  out.tokens.reserve(text.size() / 4);  // news has about one token per 5.5 bytes
  ChunkSplitter splitter(text, out.tokens);
  std::size_t pos = 0;
  std::size_t n = text.size();
  bool line_start = true;
  auto break_sentence = [&]() {
    auto count = static_cast<std::uint32_t>(out.tokens.size());
    if (out.sentence_starts.back() != count) out.sentence_starts.push_back(count);
  };
  while (pos < n) {
    std::size_t len;
    char32_t c = char_at(text, pos, len);
    if (is_space(c)) {
      if (is_newline(c)) {
        break_sentence();
        line_start = true;
      }
      pos += len;
      continue;
    }
    std::size_t chunk_b = pos;
    bool plain = true;
    while (pos < n) {
      if (is_plain_ascii(text[pos])) {
        ++pos;
        continue;
      }
      c = char_at(text, pos, len);
      if (is_space(c)) break;
      plain = false;
      pos += len;
    }
    std::size_t first_new = out.tokens.size();
    bool line_final = true;
    for (std::size_t q = pos; q < n;) {
      std::size_t l;
      char32_t d = char_at(text, q, l);
      if (!is_space(d)) {
        line_final = false;
        break;
      }
      if (is_newline(d)) break;
      q += l;
    }
    splitter.split(chunk_b, pos, line_start, line_final, plain);
    line_start = false;
    // Sentence breaks inside a line: after ". ! ?" (and a closing quote) when
    // the next word starts with a capital. Checked as tokens arrive.
    for (std::size_t i = first_new; i < out.tokens.size(); ++i) {
      std::uint32_t sent_b = out.sentence_starts.back();
      if (i < sent_b + 2) continue;
      const Token& prev = out.tokens[i - 1];
      const Token& cur = out.tokens[i];
      if (is_sentence_end(text, prev) && starts_upper(text, cur)) {
        out.sentence_starts.push_back(static_cast<std::uint32_t>(i));
      } else if (i >= 2 && is_quote(text.substr(prev.begin, prev.end - prev.begin)) &&
                 is_sentence_end(text, out.tokens[i - 2]) && starts_upper(text, cur) &&
                 i - 1 > sent_b + 1) {
        // Whether the quote closes the sentence or opens the next: count quotes.
        int quotes = 0;
        for (std::uint32_t k = sent_b; k + 1 < i; ++k) {
          const Token& t = out.tokens[k];
          if (is_quote(text.substr(t.begin, t.end - t.begin))) ++quotes;
        }
        out.sentence_starts.push_back(
            static_cast<std::uint32_t>(quotes % 2 == 1 ? i : i - 1));
      }
    }
  }
  break_sentence();
}

}  // namespace dossier::entities
