#include "ingest/html_metadata.h"

#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include <array>
#include <cctype>

#include "ingest/html_dom.h"
#include "ingest/text_article.h"

namespace dossier::ingest {
namespace {

std::string utf8_of(char32_t code) {
  char bytes[U8_MAX_LENGTH];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(code));
  return std::string(bytes, static_cast<std::size_t>(length));
}

// Metadata is often escaped twice ("M&amp;#038;A" in a content attribute, or
// "&#8217;" inside JSON-LD): the parser undid one level, this undoes the other
// for numeric references and the common named ones.
std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"lt", "<"}, {"gt", ">"}, {"nbsp", " "},
      {"rsquo", "\u2019"}, {"lsquo", "\u2018"}, {"rdquo", "\u201D"}, {"ldquo", "\u201C"},
      {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"hellip", "\u2026"}};
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t amp = text.find('&', at);
    std::size_t semi = amp == std::string_view::npos ? amp : text.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 10) {
      out.append(text.substr(at, amp == std::string_view::npos ? amp : amp + 1 - at));
      if (amp == std::string_view::npos) break;
      at = amp + 1;
      continue;
    }
    out.append(text.substr(at, amp - at));
    std::string_view name = text.substr(amp + 1, semi - amp - 1);
    std::string replacement;
    if (name.starts_with('#')) {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      char32_t code = 0;
      for (char c : name.substr(hex ? 2 : 1)) {
        int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c))
                        ? (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10)
                        : -1;
        if (digit < 0 || code > 0x10FFFF) {
          code = 0;
          break;
        }
        code = code * (hex ? 16 : 10) + static_cast<char32_t>(digit);
      }
      if (code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
        replacement = utf8_of(code);
      }
    } else {
      for (const auto& [entity, value] : kNamed) {
        if (name == entity) replacement = value;
      }
    }
    if (replacement.empty()) {
      out.append(text.substr(amp, semi + 1 - amp));
    } else {
      out += replacement;
    }
    at = semi + 1;
  }
  return out;
}

// Each field keeps the candidate of the best (lowest) rank seen. One per page, one thread.
class Candidates {
 public:
  enum Field { kHeadline, kSite, kAuthor, kPublished, kUrl, kLanguage, kBody, kFields };

  void offer(Field field, std::string_view value, int rank) {
    if (rank >= ranks_[field]) return;
    // The article body keeps its line breaks: they are its paragraphs.
    std::string text = field == kBody ? std::string(trim(decode_entities(value)))
                                      : collapse_whitespace(decode_entities(value));
    if (text.empty()) return;
    ranks_[field] = rank;
    values_[field] = std::move(text);
  }
  std::string take(Field field) { return std::move(values_[field]); }

 private:
  std::array<std::string, kFields> values_;
  std::array<int, kFields> ranks_ = {100, 100, 100, 100, 100, 100, 100};
};

bool is_article_type(std::string_view type) {
  return type.ends_with("Article") || type == "BlogPosting" || type == "Report" ||
         type == "LiveBlogPosting" || type == "SocialMediaPosting" || type == "Review";
}

bool has_type(const nlohmann::json& object, bool (*match)(std::string_view)) {
  auto type = object.find("@type");
  if (type == object.end()) return false;
  if (type->is_string()) return match(type->get_ref<const std::string&>());
  if (type->is_array()) {
    for (const auto& each : *type) {
      if (each.is_string() && match(each.get_ref<const std::string&>())) return true;
    }
  }
  return false;
}

// A string, or the "name" of an object, or those of an array joined by ", ".
std::string names_of(const nlohmann::json& value, int depth = 0) {
  if (value.is_string()) return value.get<std::string>();
  if (depth > 3) return {};
  if (value.is_object()) {
    auto name = value.find("name");
    return name != value.end() ? names_of(*name, depth + 1) : std::string();
  }
  std::string out;
  if (value.is_array()) {
    for (const auto& each : value) {
      std::string name = names_of(each, depth + 1);
      if (name.empty()) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
  }
  return out;
}

std::string string_at(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end()) return {};
  if (found->is_string()) return found->get<std::string>();
  if (found->is_object() && key == std::string_view("mainEntityOfPage")) {
    return string_at(*found, "@id");
  }
  return {};
}

void read_json_ld_object(const nlohmann::json& object, Candidates& found, int depth) {
  if (depth > 8 || !object.is_object()) return;
  if (auto graph = object.find("@graph"); graph != object.end() && graph->is_array()) {
    for (const auto& each : *graph) read_json_ld_object(each, found, depth + 1);
  }
  bool article = has_type(object, is_article_type);
  if (article) {
    found.offer(Candidates::kHeadline, string_at(object, "headline"), 0);
    found.offer(Candidates::kPublished, string_at(object, "datePublished"), 0);
    found.offer(Candidates::kPublished, string_at(object, "dateCreated"), 6);
    if (auto author = object.find("author"); author != object.end()) {
      found.offer(Candidates::kAuthor, names_of(*author), 0);
    }
    if (auto publisher = object.find("publisher"); publisher != object.end()) {
      found.offer(Candidates::kSite, names_of(*publisher), 1);
    }
    found.offer(Candidates::kBody, string_at(object, "articleBody"), 0);
    found.offer(Candidates::kLanguage, string_at(object, "inLanguage"), 2);
    found.offer(Candidates::kUrl, string_at(object, "url"), 3);
    found.offer(Candidates::kUrl, string_at(object, "mainEntityOfPage"), 4);
  } else if (has_type(object, [](std::string_view type) {
               return type == "WebSite" || type.ends_with("Organization");
             })) {
    found.offer(Candidates::kSite, names_of(object), 3);
  } else if (has_type(object, [](std::string_view type) { return type == "WebPage"; })) {
    found.offer(Candidates::kPublished, string_at(object, "datePublished"), 5);
  }
}

void read_json_ld(const GumboNode* script, Candidates& found) {
  std::string text;
  append_raw_text(script, text);
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_array()) {
    for (const auto& each : parsed) read_json_ld_object(each, found, 0);
  } else {
    read_json_ld_object(parsed, found, 0);
  }
}

void read_meta(const GumboNode* meta, Candidates& found) {
  std::string key = lower_ascii(attribute(meta, "property"));
  if (key.empty()) key = lower_ascii(attribute(meta, "name"));
  if (key.empty()) key = lower_ascii(attribute(meta, "itemprop"));
  if (key.empty()) key = lower_ascii(attribute(meta, "http-equiv"));
  std::string_view content = attribute(meta, "content");
  if (key.empty() || content.empty()) return;
  struct Rule {
    std::string_view key;
    Candidates::Field field;
    int rank;
  };
  static constexpr Rule kRules[] = {
      {"og:title", Candidates::kHeadline, 1},
      {"twitter:title", Candidates::kHeadline, 2},
      {"og:site_name", Candidates::kSite, 0},
      {"application-name", Candidates::kSite, 4},
      {"author", Candidates::kAuthor, 1},
      {"article:author", Candidates::kAuthor, 2},
      {"parsely-author", Candidates::kAuthor, 2},
      {"sailthru.author", Candidates::kAuthor, 3},
      {"dc.creator", Candidates::kAuthor, 3},
      {"article:published_time", Candidates::kPublished, 1},
      {"og:article:published_time", Candidates::kPublished, 1},
      {"datepublished", Candidates::kPublished, 1},
      {"parsely-pub-date", Candidates::kPublished, 2},
      {"pubdate", Candidates::kPublished, 2},
      {"publishdate", Candidates::kPublished, 2},
      {"publish-date", Candidates::kPublished, 2},
      {"date", Candidates::kPublished, 3},
      {"sailthru.date", Candidates::kPublished, 3},
      {"dc.date", Candidates::kPublished, 3},
      {"dc.date.issued", Candidates::kPublished, 3},
      {"dcterms.date", Candidates::kPublished, 3},
      {"dcterms.created", Candidates::kPublished, 3},
      {"og:url", Candidates::kUrl, 1},
      {"content-language", Candidates::kLanguage, 1},
      {"og:locale", Candidates::kLanguage, 3},
  };
  for (const Rule& rule : kRules) {
    if (key != rule.key) continue;
    // article:author is often a profile URL, not a name.
    if (rule.field == Candidates::kAuthor && content.starts_with("http")) return;
    found.offer(rule.field, content, rule.rank);
  }
}

// One walk over one page's tree, on one thread.
struct Walk {
  Candidates found;
  std::string document_title;
  std::string first_heading;

  void visit(const GumboNode* node, int depth) {
    if (depth > kMaxTreeDepth || !is_element(node)) return;
    switch (tag_of(node)) {
      case GUMBO_TAG_HTML:
        found.offer(Candidates::kLanguage, attribute(node, "lang"), 0);
        break;
      case GUMBO_TAG_TITLE:
        if (document_title.empty()) {
          append_raw_text(node, document_title);
          document_title = collapse_whitespace(document_title);
        }
        return;
      case GUMBO_TAG_H1:
        if (first_heading.empty()) {
          append_raw_text(node, first_heading);
          first_heading = collapse_whitespace(first_heading);
        }
        return;
      case GUMBO_TAG_META:
        read_meta(node, found);
        return;
      case GUMBO_TAG_LINK:
        if (lower_ascii(attribute(node, "rel")) == "canonical") {
          found.offer(Candidates::kUrl, attribute(node, "href"), 0);
        }
        return;
      case GUMBO_TAG_SCRIPT:
        if (lower_ascii(attribute(node, "type")) == "application/ld+json") read_json_ld(node, found);
        return;
      case GUMBO_TAG_TIME: {
        // A <time> marked as the publication date outranks the first one on the page.
        bool marked = attribute(node, "itemprop") == "datePublished" ||
                      gumbo_get_attribute(&node->v.element.attributes, "pubdate") != nullptr;
        found.offer(Candidates::kPublished, attribute(node, "datetime"), marked ? 4 : 7);
        break;
      }
      default:
        if (attribute(node, "itemprop") == "datePublished") {
          std::string text(attribute(node, "content"));
          if (text.empty()) append_raw_text(node, text, depth);  // <span itemprop=...>May 4, 2020</span>
          found.offer(Candidates::kPublished, text, 4);
        }
        break;
    }
    for (const GumboNode* child : children_of(node)) visit(child, depth + 1);
  }
};

}  // namespace

PageMetadata read_metadata(const GumboNode* root) {
  Walk walk;
  walk.visit(root, 0);
  PageMetadata metadata;
  metadata.document_title = std::move(walk.document_title);
  metadata.headline = walk.found.take(Candidates::kHeadline);
  metadata.first_heading = std::move(walk.first_heading);
  metadata.site_name = walk.found.take(Candidates::kSite);
  metadata.author = walk.found.take(Candidates::kAuthor);
  metadata.published = walk.found.take(Candidates::kPublished);
  metadata.canonical_url = walk.found.take(Candidates::kUrl);
  metadata.language = walk.found.take(Candidates::kLanguage);
  metadata.article_body = walk.found.take(Candidates::kBody);
  return metadata;
}

}  // namespace dossier::ingest
