#include "ingest/text_article.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "ingest/html_dom.h"
#include "util/words.h"

namespace dossier::ingest {
namespace {

// A headline is looked for this many lines below the outlet or the captions.
constexpr std::size_t kHeadlineWindow = 4;
constexpr std::size_t kMaxOutletWords = 4;
constexpr std::size_t kMaxOutletBytes = 40;
constexpr std::size_t kMinHeadlineWords = 3;
constexpr std::size_t kMaxHeadlineWords = 30;

struct Line {
  std::string_view text;  // trimmed
  std::size_t end = 0;    // offset just past the line in the whole text
};

std::vector<Line> non_empty_lines(std::string_view text, std::size_t limit) {
  std::vector<Line> lines;
  std::size_t at = 0;
  while (at < text.size() && lines.size() < limit) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(at, end - at));
    if (!line.empty()) lines.push_back({line, std::min(end + 1, text.size())});
    at = end + 1;
  }
  return lines;
}

bool starts_upper(std::string_view word) {
  unsigned char first = static_cast<unsigned char>(word.front());
  return std::isupper(first) || first >= 0x80;  // non-ASCII letters: give the benefit
}

// "- Sputnik International", "Andina", "The New York Times": a few capitalised
// words, no sentence punctuation, no digits.
std::string_view outlet_name(std::string_view line) {
  line = trim(line.substr(std::min(line.find_first_not_of("-|–—•*:"), line.size())));
  if (line.empty() || line.size() > kMaxOutletBytes) return {};
  std::vector<std::string_view> words = util::split_words(line);
  if (words.empty() || words.size() > kMaxOutletWords) return {};
  for (std::string_view word : words) {
    static constexpr std::array<std::string_view, 6> kLinkWords = {"of", "the", "and",
                                                                   "de", "&", "for"};
    bool link_word = std::find(kLinkWords.begin(), kLinkWords.end(), word) != kLinkWords.end();
    if (!link_word && !starts_upper(word)) return {};
  }
  if (line.find_first_of(".!?:,;0123456789\"") != std::string_view::npos) return {};
  return line;
}

bool is_caption(std::string_view line) { return without_photo_credit(line).size() < line.size(); }

// A headline: a handful of words, not a sentence that ends with a full stop.
bool looks_like_headline(std::string_view line) {
  std::size_t words = util::split_words(line).size();
  return words >= kMinHeadlineWords && !line.starts_with("By ") && words <= kMaxHeadlineWords &&
         line.size() <= kMaxTitleBytes && !line.ends_with('.') && !is_caption(line);
}

bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kAbbreviations = {
      "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Prof",
      "Inc", "Co", "Corp", "Ltd", "vs", "No", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov"};
  word = word.substr(0, word.size() - 1);  // without the full stop
  if (word.size() <= 1 || word.find('.') != std::string_view::npos) return true;  // U.S.
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// Bytes up to the end of the first sentence (its closing punctuation
// included), or npos when the text is one sentence.
std::size_t first_sentence_end(std::string_view text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    char c = text[i];
    if ((c != '.' && c != '!' && c != '?') || text[i + 1] != ' ') continue;
    unsigned char next = static_cast<unsigned char>(text[i + 2]);
    if (!(std::isupper(next) || next == '"' || next >= 0x80)) continue;
    std::size_t word_start = text.rfind(' ', i);
    word_start = word_start == std::string_view::npos ? 0 : word_start + 1;
    if (c == '.' && is_abbreviation(text.substr(word_start, i + 1 - word_start))) continue;
    return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  std::size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(space) - begin + 1);
}

std::string_view without_photo_credit(std::string_view line) {
  line = trim(line);
  std::size_t copyright = line.find("©");
  if (copyright != std::string_view::npos) {
    // "(© Photographer/Agency)" or "... © Agency" at the end.
    std::size_t open = line.rfind('(', copyright);
    std::size_t cut = (open != std::string_view::npos && copyright - open <= 2) ? open : copyright;
    if (cut > 0) return trim(line.substr(0, cut));
  }
  if (line.ends_with(')')) {
    std::size_t open = line.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      std::string inside = lower_ascii(line.substr(open + 1));
      bool credit = inside.find("getty images") != std::string::npos;
      for (std::string_view marker : {"photo", "credit", "image", "picture", "afp", "reuters",
                                      "ap ", "shutterstock", "file photo"}) {
        credit |= inside.starts_with(marker);
      }
      if (credit) return trim(line.substr(0, open));
    }
  }
  return line;
}

std::string shorten_title(std::string_view text) {
  text = trim(text);
  std::size_t sentence = first_sentence_end(text);
  if (sentence != std::string_view::npos && sentence <= kMaxTitleBytes) {
    return std::string(text.substr(0, sentence));
  }
  if (text.size() <= kMaxTitleBytes) return std::string(text);
  std::size_t cut = text.rfind(' ', kMaxTitleBytes);
  if (cut == std::string_view::npos || cut == 0) {
    cut = kMaxTitleBytes;  // one huge word: cut between UTF-8 characters
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string title(trim(text.substr(0, cut)));
  while (!title.empty() && std::string_view(",;:-–").find(title.back()) != std::string_view::npos) {
    title.pop_back();
  }
  return title + "…";
}

// Captions, then the first-line rule, over text whose outlet line (if any) is gone.
TextArticle title_from_first_lines(std::string_view text) {
  text = trim(text);
  TextArticle article;
  std::vector<Line> lines = non_empty_lines(text, kHeadlineWindow + 2);
  if (lines.empty()) return article;
  // Photo captions before the headline are skipped.
  std::size_t first = 0;
  while (first < lines.size() && is_caption(lines[first].text)) ++first;
  if (first > 0 && first < lines.size() && looks_like_headline(lines[first].text)) {
    article.title = std::string(lines[first].text);
    article.body = std::string(trim(text.substr(lines[first].end)));
    return article;
  }
  // The first-line rule: the first line (without a credit) is the title; a
  // whole paragraph stays in the body and gives the title its first sentence.
  std::string_view title = without_photo_credit(lines[0].text);
  if (title.size() > kMaxTitleBytes || first_sentence_end(title) != std::string_view::npos) {
    article.title = shorten_title(title);
    article.body = std::string(text);
  } else {
    article.title = std::string(title);
    article.body = std::string(trim(text.substr(lines[0].end)));
  }
  return article;
}

TextArticle split_text_article(std::string_view text) {
  text = trim(text);
  std::vector<Line> lines = non_empty_lines(text, kHeadlineWindow + 2);
  std::string_view outlet = lines.empty() ? std::string_view() : outlet_name(lines[0].text);
  if (outlet.empty()) return title_from_first_lines(text);
  // An outlet line followed by a headline.
  for (std::size_t i = 1; i < lines.size() && i <= kHeadlineWindow; ++i) {
    if (looks_like_headline(lines[i].text)) {
      return {std::string(outlet), std::string(lines[i].text),
              std::string(trim(text.substr(lines[i].end)))};
    }
  }
  // No headline below it: one or two words, or a leading separator ("- Outlet"),
  // still name an outlet, never a title; three or four words are a short headline.
  bool surely_outlet = util::split_words(outlet).size() <= 2 || outlet.size() < lines[0].text.size();
  if (!surely_outlet || lines.size() < 2) return title_from_first_lines(text);
  TextArticle article = title_from_first_lines(text.substr(lines[0].end));
  article.source = std::string(outlet);
  return article;
}

}  // namespace dossier::ingest
