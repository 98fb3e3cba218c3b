// extract_article: a saved web page -> headline, main text and metadata.
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <string_view>
#include <vector>

#include "dossier/ingest.h"
#include "ingest/html_charset.h"
#include "ingest/html_content.h"
#include "ingest/html_dom.h"
#include "ingest/html_metadata.h"
#include "ingest/page_date.h"
#include "util/engine_errors.h"

namespace dossier {
namespace {

using ingest::collapse_whitespace;
using ingest::lower_ascii;

// Separators between a headline and the outlet's name in <title> and og:title.
constexpr std::string_view kTitleSeparators[] = {" | ", " - ", " – ", " — ", " :: ", " · ",
                                                 " • ", " // "};

bool same_words(std::string_view a, std::string_view b) {
  return !a.empty() && lower_ascii(collapse_whitespace(a)) == lower_ascii(collapse_whitespace(b));
}

// "Headline | Outlet" -> {"Headline", "Outlet"}: the part that names the outlet
// (or, when the outlet is unknown, the shorter end part) goes.
std::pair<std::string, std::string> split_outlet(const std::string& title,
                                                 std::string_view site_name) {
  for (std::string_view separator : kTitleSeparators) {
    std::size_t last = title.rfind(separator);
    if (last != std::string::npos && last > 0) {
      std::string head = title.substr(0, last), tail = title.substr(last + separator.size());
      if (same_words(tail, site_name)) return {head, tail};
      if (site_name.empty() && tail.size() < head.size() &&
          std::count(tail.begin(), tail.end(), ' ') < 4) {
        return {head, tail};
      }
    }
    std::size_t first = title.find(separator);
    if (first != std::string::npos && first > 0) {
      std::string head = title.substr(0, first), tail = title.substr(first + separator.size());
      if (same_words(head, site_name)) return {tail, head};
    }
  }
  return {title, {}};
}

// "https://www.example.com/a/b" -> "example.com".
std::string host_of(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#:"));
  if (url.starts_with("www.")) url.remove_prefix(4);
  return std::string(url);
}

// A root-relative canonical link ("/news/1") completed with the hint's origin.
std::string absolute_url(std::string_view url, std::string_view hint) {
  if (!url.starts_with("/") || url.starts_with("//")) return std::string(url);
  std::size_t scheme = hint.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  std::size_t path = hint.find('/', scheme + 3);
  return std::string(hint.substr(0, path)) + std::string(url);
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (const std::string& paragraph : paragraphs) {
    if (!body.empty()) body += "\n\n";
    body += paragraph;
  }
  return body;
}

// The first paragraphs of the text may be the headline, in a <title> such as
// "Outlet: Headline" that no separator rule could split, or a dateline
// ("Posted 14/06/2004", "Dec 19, 2025 ⋅ 3 min read"). Such lines become the
// title, outlet and date when the page did not give them, and leave the body.
void take_frame_lines(std::vector<std::string>& paragraphs, ExtractedArticle& article) {
  constexpr std::size_t kFrameLines = 3;
  constexpr std::size_t kMaxDatelineBytes = 80;
  for (std::size_t i = 0; i < paragraphs.size() && i < kFrameLines;) {
    const std::string& line = paragraphs[i];
    std::size_t in_title = article.title.find(line);
    bool headline = line.size() * 2 > article.title.size() && in_title != std::string::npos &&
                    line.size() < article.title.size();
    bool dateline = line.size() <= kMaxDatelineBytes && ingest::parse_page_date(line).has_value();
    if (headline) {
      if (article.source.empty() || article.source == host_of(article.url)) {
        std::string rest = article.title.substr(0, in_title) +
                           article.title.substr(in_title + line.size());
        std::string outlet = collapse_whitespace(rest);
        while (!outlet.empty() && std::string_view(":|-–— ").find(outlet.back()) != std::string_view::npos) {
          outlet.pop_back();
        }
        while (!outlet.empty() && std::string_view(":|-–— ").find(outlet.front()) != std::string_view::npos) {
          outlet.erase(0, 1);
        }
        if (!outlet.empty()) article.source = outlet;
      }
      article.title = line;
    } else if (dateline) {
      if (!article.published) article.published = ingest::parse_page_date(line);
    } else {
      ++i;
      continue;
    }
    paragraphs.erase(paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

std::vector<std::string> lower_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || byte >= 0x80) {
      word += static_cast<char>(std::tolower(byte));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The page's JSON-LD articleBody checks the text found by structure: when
// most of its words are missing from that text, the structure misled (the
// article is drawn by a script, or split in ways the scores missed), and the
// articleBody is the better text.
void cross_check_with_metadata_body(std::vector<std::string>& paragraphs,
                                    std::string_view article_body) {
  constexpr std::size_t kMinWords = 100;
  constexpr double kMinCoverage = 0.5;
  std::vector<std::string> expected = lower_words(article_body);
  if (expected.size() < kMinWords) return;
  std::unordered_set<std::string> found;
  for (const std::string& paragraph : paragraphs) {
    for (std::string& word : lower_words(paragraph)) found.insert(std::move(word));
  }
  std::size_t covered = std::count_if(expected.begin(), expected.end(),
                                      [&](const std::string& word) { return found.contains(word); });
  if (covered >= kMinCoverage * expected.size()) return;
  paragraphs.clear();
  std::size_t at = 0;
  while (at <= article_body.size()) {
    std::size_t end = std::min(article_body.find('\n', at), article_body.size());
    std::string line = collapse_whitespace(article_body.substr(at, end - at));
    if (!line.empty()) paragraphs.push_back(std::move(line));
    at = end + 1;
  }
}

ExtractedArticle extract(std::string_view html, std::string_view url_hint) {
  std::string text = ingest::html_to_utf8(html);
  ingest::HtmlTree tree(text);
  ingest::PageMetadata metadata = ingest::read_metadata(tree.root());

  ExtractedArticle article;
  article.source = metadata.site_name;
  // The visible headline (the page's first <h1>) is what readers see; the
  // metadata's is often a longer search-engine title. A one- or two-word <h1>
  // is usually the site's logo.
  bool heading_reads_as_headline = std::count(metadata.first_heading.begin(),
                                              metadata.first_heading.end(), ' ') >= 2;
  std::string headline = heading_reads_as_headline    ? metadata.first_heading
                         : !metadata.headline.empty() ? metadata.headline
                                                      : metadata.document_title;
  auto [title, outlet] = split_outlet(headline, article.source);
  if (article.source.empty()) article.source = outlet;
  if (article.source.empty()) article.source = split_outlet(metadata.document_title, {}).second;
  article.title = std::move(title);

  article.url = metadata.canonical_url.empty() ? std::string(url_hint)
                                               : absolute_url(metadata.canonical_url, url_hint);
  if (article.source.empty()) article.source = host_of(article.url);
  article.author = std::move(metadata.author);
  article.language = std::move(metadata.language);
  article.published = ingest::parse_page_date(metadata.published);
  if (!article.published) article.published = ingest::parse_page_date(article.url);

  std::vector<std::string> paragraphs = ingest::main_text(tree.root(), article.title);
  take_frame_lines(paragraphs, article);
  cross_check_with_metadata_body(paragraphs, metadata.article_body);
  article.body = join_paragraphs(paragraphs);
  return article;
}

}  // namespace

Result<ExtractedArticle> extract_article(std::string_view html, std::string_view url_hint) {
  return util::guarded("extracting an article", [&]() -> Result<ExtractedArticle> {
    return extract(html, url_hint);
  });
}

}  // namespace dossier
