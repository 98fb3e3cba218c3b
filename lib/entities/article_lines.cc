#include "entities/article_lines.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <map>

#include "entities/ner_tokenizer.h"

namespace dossier::entities {
namespace {

// Photo agencies and wire services as they sign pictures and bylines.
constexpr std::array<std::string_view, 22> kAgencies = {
    "REUTERS", "Reuters", "AFP", "AP", "Getty", "EPA", "EPA-EFE", "Xinhua", "Sputnik",
    "TASS", "EFE", "ANSA", "dpa", "Kyodo", "Yonhap", "Andina", "Bloomberg", "Pool",
    "Handout", "Shutterstock", "Anadolu", "UPI"};

// Words of page furniture: navigation, share and subscription boxes, comments.
constexpr std::array<std::string_view, 33> kInterfaceWords = {
    "subscribe", "subscribed", "unsubscribe", "share", "tweet", "email", "print", "newsfeed",
    "log", "login", "in", "or", "register", "sign", "up", "loader", "loading", "chats",
    "menu", "home", "search", "comments", "comment", "follow", "on", "world",
    "advertisement", "close", "more", "next", "previous", "top", "news"};
// Openings of share/subscribe lines ("Share on Facebook", "Follow us on Twitter").
constexpr std::array<std::string_view, 7> kInterfaceOpenings = {
    "share ", "follow us", "subscribe ", "sign up", "sign in", "log in", "click here"};
constexpr std::array<std::string_view, 7> kReadMoreOpenings = {
    "read more", "related:", "see also", "also read", "read also", "more:", "watch:"};
// Short words a title-cased headline leaves in lower case.
constexpr std::array<std::string_view, 24> kTitleSmallWords = {
    "a", "an", "the", "and", "but", "or", "nor", "of", "to", "in", "on", "at", "by", "for",
    "from", "with", "as", "over", "into", "vs", "via", "per", "de", "up"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view word) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Fills words (a buffer the caller reuses across lines).
void words_of(std::string_view line, std::vector<std::string_view>& words) {
  words.clear();
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space_byte(line[i])) ++i;
    std::size_t b = i;
    while (i < line.size() && !is_space_byte(line[i])) ++i;
    if (i > b) words.push_back(line.substr(b, i - b));
  }
}

// The word without surrounding punctuation (quotes, brackets, commas).
std::string_view core(std::string_view w) {
  auto punct = [](unsigned char c) { return c < 0x80 && !std::isalnum(c); };
  while (!w.empty() && punct(w.front())) w.remove_prefix(1);
  while (!w.empty() && punct(w.back())) w.remove_suffix(1);
  // Typographic quotes (U+2018/2019/201C/201D: E2 80 98..9D) at either end.
  auto quote_at = [&](std::size_t i) {
    return w.size() >= i + 3 && static_cast<unsigned char>(w[i]) == 0xE2 &&
           static_cast<unsigned char>(w[i + 1]) == 0x80 &&
           static_cast<unsigned char>(w[i + 2]) >= 0x98 &&
           static_cast<unsigned char>(w[i + 2]) <= 0x9D;
  };
  while (quote_at(0)) w.remove_prefix(3);
  while (w.size() >= 3 && quote_at(w.size() - 3)) w.remove_suffix(3);
  return w;
}

bool starts_upper(std::string_view w) {
  if (w.empty()) return false;
  std::size_t len;
  char32_t c = decode_utf8(w, 0, len);
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)) ||
         (c >= '0' && c <= '9');
}

bool has_letter(std::string_view w) {
  for (std::size_t pos = 0; pos < w.size();) {
    std::size_t len;
    if (u_isalpha(static_cast<UChar32>(decode_utf8(w, pos, len)))) return true;
    pos += len;
  }
  return false;
}

bool is_photo_credit(std::string_view line, const std::vector<std::string_view>& words) {
  if (line.starts_with("©") || line.starts_with("(©")) return true;
  if (words.size() > 30) return false;
  bool agency = false;
  for (auto w : words) agency = agency || contains(kAgencies, core(w));
  if (!agency || line.find('/') == std::string_view::npos) return false;
  // "Name / Pool via REUTERS / File Photo": short segments between slashes.
  std::size_t seg_words = 0;
  for (auto w : words) {
    if (w == "/") {
      seg_words = 0;
    } else if (++seg_words > 8 && w.find('/') == std::string_view::npos) {
      return false;
    }
  }
  return line.back() != '.' || line.ends_with("THIRD PARTY.");
}

// opening: the line's first 16 bytes in lower case (longer than any opening).
bool is_interface(std::string_view line, std::string_view opening_lower,
                  const std::vector<std::string_view>& words) {
  if (words.size() <= 8)
    for (auto opening : kInterfaceOpenings)
      if (opening_lower.starts_with(opening)) return true;
  if (words.size() > 6 || line.back() == '.') return false;
  // Every word a furniture word, a number, or an agency name alone ("Andina").
  std::size_t agencies = 0;
  for (auto w : words) {
    std::string_view c = core(w);
    auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    if (c.empty() || std::all_of(c.begin(), c.end(), digit))
      continue;
    if (contains(kAgencies, c) || c == "International") {
      ++agencies;
      continue;
    }
    if (!contains(kInterfaceWords, ascii_lower(c))) return false;
  }
  return agencies <= 2;
}

// A wire service's sign-off: "(END) NDP/DTK/MVB", "-- END --", or the
// editors' initials alone.
bool is_sign_off(std::string_view line, std::string_view opening_lower,
                 const std::vector<std::string_view>& words) {
  if (opening_lower.starts_with("(end)") || opening_lower.starts_with("(fin)")) return true;
  if (opening_lower.starts_with("-- end") &&
      (opening_lower.size() == 6 || !std::isalpha(static_cast<unsigned char>(opening_lower[6]))))
    return true;
  if (words.size() != 1) return false;
  // "NDP/DTK/MVB": three runs or more of two to four capitals between
  // slashes ("HIV/AIDS" is a name).
  std::size_t run = 0, runs = 0;
  for (char c : line) {
    if (c >= 'A' && c <= 'Z') {
      if (++run > 4) return false;
    } else if (c != '/' || run < 2) {
      return false;
    } else {
      run = 0;
      ++runs;
    }
  }
  return run >= 2 && runs + 1 >= 3;
}

// A headline in title case ("Havana Slams US Threat to Take Action Against
// Cuba"): capitalised content words, small words in lower case, and none of
// what marks lists, tables and results (digits, colons, brackets, commas).
bool is_title_case_headline(std::string_view line, const std::vector<std::string_view>& words) {
  if (words.size() < 6 || words.size() > 25) return false;
  if (line.find_first_of("0123456789:;()[]|") != std::string_view::npos) return false;
  if (line.front() == '-' || std::count(line.begin(), line.end(), ',') > 1) return false;
  char last = line.back();
  if (last == '.' || last == ',') return false;
  std::size_t content = 0, title = 0, small_lower = 0;
  for (auto w : words) {
    std::string_view c = core(w);
    if (c.empty() || !has_letter(c)) continue;
    std::string lower = ascii_lower(c);
    if (contains(kTitleSmallWords, lower)) {
      small_lower += c == lower;
      continue;
    }
    ++content;
    // Title case: a capital, then at least one lower-case letter somewhere.
    bool has_lower = false;
    for (std::size_t pos = 0; pos < c.size();) {
      std::size_t len;
      has_lower = has_lower || u_islower(static_cast<UChar32>(decode_utf8(c, pos, len)));
      pos += len;
    }
    title += starts_upper(c) && (has_lower || c.size() <= 3);
  }
  return small_lower >= 1 && content >= 5 && title * 10 >= content * 9;
}

// Letters by Unicode script. A text uses few scripts: a short list.
class ScriptCounts {
 public:
  void clear() { counts_.clear(); }
  void add(int script, std::size_t n) {
    for (auto& [s, count] : counts_)
      if (s == script) {
        count += n;
        return;
      }
    counts_.emplace_back(script, n);
  }
  void add(const ScriptCounts& other) {
    for (auto [script, n] : other.counts_) add(script, n);
  }
  // The script most letters are written in, on a tie the lowest code
  // (USCRIPT_COMMON if none), and how many letters there are.
  int main_script(std::size_t& letters) const {
    int best = USCRIPT_COMMON;
    std::size_t best_count = 0;
    letters = 0;
    for (auto [script, n] : counts_) {
      letters += n;
      if (n > best_count || (n == best_count && script < best)) best = script, best_count = n;
    }
    return best;
  }

 private:
  std::vector<std::pair<int, std::size_t>> counts_;
};

// Letters of s by Unicode script.
void count_scripts(std::string_view s, ScriptCounts& counts) {
  // Latin without asking ICU: most of the text. A byte of 0x80 or more is
  // never counted here ((b | 0x20) - 'a' wraps to 63 or more).
  std::size_t ascii_letters = 0;
  unsigned char high_bits = 0;
  for (char ch : s) {
    const auto byte = static_cast<unsigned char>(ch);
    ascii_letters += static_cast<unsigned char>((byte | 0x20) - 'a') < 26;
    high_bits |= byte;
  }
  for (std::size_t pos = 0; (high_bits & 0x80) && pos < s.size();) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    std::size_t len;
    auto c = static_cast<UChar32>(decode_utf8(s, pos, len));
    pos += len;
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status)) counts.add(script, 1);
  }
  if (ascii_letters > 0) counts.add(USCRIPT_LATIN, ascii_letters);
}

// The main script of a line and its number of letters.
struct LineScript {
  int script = USCRIPT_COMMON;
  std::size_t letters = 0;
};

// words: a buffer reused across lines.
LineKind classify(std::string_view line, int doc_script, LineScript line_script,
                  std::vector<std::string_view>& words) {
  words_of(line, words);
  std::string lower = ascii_lower(line.substr(0, 16));
  if (lower.starts_with("file photo") || lower.starts_with("file - ")) return LineKind::kFilePhoto;
  // "By Gina Chon", "(By Gina Chon)": the author's byline.
  const bool by = line.starts_with("By ") || line.starts_with("(By ");
  if (by && words.size() >= 3 && words.size() <= 8 && line.back() != '.' && starts_upper(words[1]))
    return LineKind::kByline;
  for (auto opening : kReadMoreOpenings)
    if (lower.starts_with(opening)) return LineKind::kReadMore;
  if (is_photo_credit(line, words)) return LineKind::kPhotoCredit;
  if (is_interface(line, lower, words) || is_sign_off(line, lower, words))
    return LineKind::kInterface;
  if (line_script.letters > 0 && line_script.script != doc_script && doc_script != USCRIPT_COMMON)
    return LineKind::kForeignScript;
  if (is_title_case_headline(line, words)) return LineKind::kHeadline;
  return LineKind::kArticle;
}

}  // namespace

std::vector<ArticleLine> classify_lines(std::string_view text) {
  // Each line's letters are counted once: the text's are their sum (a line
  // ends at an ASCII byte, so no character is read differently).
  std::vector<ArticleLine> lines;
  std::vector<LineScript> scripts;
  ScriptCounts doc_counts, line_counts;
  for (std::size_t b = 0; b < text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::size_t lb = b, le = e;
    while (lb < le && is_space_byte(text[lb])) ++lb;
    while (le > lb && is_space_byte(text[le - 1])) --le;
    if (le > lb) {
      line_counts.clear();
      count_scripts(text.substr(lb, le - lb), line_counts);
      LineScript& line = scripts.emplace_back();
      line.script = line_counts.main_script(line.letters);
      doc_counts.add(line_counts);
      lines.push_back({lb, le, LineKind::kArticle});
    }
    b = e + 1;
  }
  std::size_t letters = 0;
  const int doc_script = doc_counts.main_script(letters);
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    ArticleLine& l = lines[i];
    l.kind = classify(text.substr(l.begin, l.end - l.begin), doc_script, scripts[i], words);
  }
  return lines;
}

std::vector<ByteRange> boilerplate_spans(std::string_view text,
                                         const std::vector<ArticleLine>& lines) {
  std::vector<ByteRange> spans;
  // A site name after a dash, shared by two lines or more ("… - Sputnik International").
  std::map<std::string_view, std::size_t> suffixes;
  auto suffix_of = [&](const ArticleLine& l) -> std::size_t {
    std::string_view line = text.substr(l.begin, l.end - l.begin);
    std::size_t dash = line.rfind("- ");
    if (dash == std::string_view::npos || line.size() - dash > 40 ||
        (dash > 0 && line[dash - 1] != ' '))
      return std::string_view::npos;
    return l.begin + dash;
  };
  for (const auto& l : lines) {
    std::size_t at = suffix_of(l);
    if (at != std::string_view::npos) ++suffixes[text.substr(at, l.end - at)];
  }
  for (const auto& l : lines) {
    if (l.kind != LineKind::kArticle) continue;
    std::size_t at = suffix_of(l);
    if (at != std::string_view::npos && suffixes[text.substr(at, l.end - at)] >= 2)
      spans.push_back({at, l.end});
    // "(© Name/AFP/Getty Images)" inside a caption: up to the closing bracket.
    std::string_view line = text.substr(l.begin, l.end - l.begin);
    for (std::size_t c = line.find("©"); c != std::string_view::npos; c = line.find("©", c + 1)) {
      std::size_t from = c > 0 && line[c - 1] == '(' ? c - 1 : c;
      std::size_t close = line.find(')', c);
      std::size_t to = close == std::string_view::npos ? line.size() : close + 1;
      spans.push_back({l.begin + from, l.begin + to});
    }
  }
  return spans;
}

std::size_t glue_point(std::string_view text) {
  auto lower = [&](std::size_t i) { return text[i] >= 'a' && text[i] <= 'z'; };
  for (std::size_t i = 3; i + 3 < text.size(); ++i) {
    if (text[i] >= 'A' && text[i] <= 'Z' && lower(i - 1) && lower(i - 2) && lower(i - 3) &&
        lower(i + 1) && lower(i + 2) && lower(i + 3))
      return i;
  }
  return std::string_view::npos;
}

void cut_at_glue(EntityMention& mention) {
  if (mention.kind != EntityKind::kPerson) return;
  std::size_t at = glue_point(mention.surface);
  if (at == std::string_view::npos) return;
  mention.surface.resize(at);
  mention.end = mention.begin + at;
}

bool blank_non_article(std::string_view text, std::string& out) {
  std::vector<ArticleLine> lines = classify_lines(text);
  std::vector<ByteRange> spans = boilerplate_spans(text, lines);
  for (const auto& l : lines) {
    if (l.kind == LineKind::kArticle) continue;
    if (l.kind == LineKind::kFilePhoto) {
      // The caption after "FILE PHOTO:" names who is pictured, as a sentence of
      // the article would; only the marker is furniture.
      std::size_t colon = text.substr(l.begin, l.end - l.begin).find_first_of(":-");
      spans.push_back({l.begin, colon == std::string_view::npos ? l.end : l.begin + colon + 1});
      continue;
    }
    if (l.kind == LineKind::kByline) {
      // "By" or "(By": what follows names the author, a person.
      spans.push_back({l.begin, l.begin + (text[l.begin] == '(' ? 3 : 2)});
      continue;
    }
    spans.push_back({l.begin, l.end});
  }
  if (spans.empty()) return false;
  out.assign(text);
  for (const auto& s : spans) std::fill(out.begin() + s.begin, out.begin() + s.end, ' ');
  return true;
}

}  // namespace dossier::entities
