#include "ingest/html_boilerplate.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "ingest/html_dom.h"

namespace dossier::ingest {
namespace {

// Whole words of a class or id that mark page furniture rather than article text.
constexpr std::string_view kBoilerplateWords[] = {
    "ad", "ads", "adslot", "advert", "advertisement", "advertising", "banner", "breadcrumb",
    "breadcrumbs", "byline", "caption", "captions", "consent", "cookie",
    "cookies", "credit", "credits", "dateline", "follow", "gdpr", "login", "masthead",
    "modal", "newsletter", "newsletters", "outbrain", "pagination", "pager", "paywall", "popup",
    "promo", "promotion", "recirc", "recommended", "recommendations", "related", "share",
    "shares", "sharing", "sidebar", "signup", "social", "sponsor", "sponsored", "subscribe",
    "subscription", "taboola", "timestamp", "toolbar", "trending", "reactions", "donate", "donation", "sidenav", "copyright", "tooltip", "skip", "author",
    "bio", "disclaimer", "rating", "dek", "deck", "teaser"};

// Furniture words that article containers also use ("post-meta", "article-header");
// they count only when no article word is there too.
constexpr std::string_view kWeakWords[] = {
    "meta", "tag", "tags", "topics", "menu", "nav", "navigation", "navbar", "header", "footer",
    "date", "footnote", "noprint", "print", "more", "links", "extra", "secondary", "widget", "widgets", "hide", "hidden"};

constexpr std::string_view kArticleWords[] = {"article", "content", "body",  "entry", "post",
                                              "story",   "main",    "text",  "prose", "blog"};

// Long words that mark furniture even inside a compound name ("socialShareBar").
constexpr std::string_view kBoilerplateStems[] = {
    "newsletter", "subscribe", "social", "sharing", "sidebar", "breadcrumb",
    "advert", "outbrain", "taboola", "cookie", "consent", "related", "recommend", "promo",
    "sponsor", "caption", "popup", "footer", "byline", "sr-only", "visually-hidden",
    "screen-reader", "share-", "-share", "author-bio", "read-more", "readmore", "most-popular",
    "mostpopular", "paywall", "excerpt", "subhead", "standfirst"};

// Words of sections that never hold the article, however much text they have:
// readers' comments, pop-ups.
constexpr std::string_view kNeverArticleStems[] = {"comment", "disqus", "respond", "replies",
                                                   "modal", "popup", "cookie", "gdpr"};

template <std::size_t N>
bool contains_word(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// The class and id of an element, judged word by word.
Boilerplate classify_names(const GumboNode* element) {
  std::string names = lower_ascii(attribute(element, "class"));
  names += ' ';
  names += lower_ascii(attribute(element, "id"));
  if (names.size() <= 1) return Boilerplate::kNo;
  bool boilerplate = false, weak = false, article = false;
  // <article class="post has-comments"> is the article, not its comments.
  bool semantic = tag_of(element) == GUMBO_TAG_ARTICLE || tag_of(element) == GUMBO_TAG_MAIN;
  for (std::string_view stem : kNeverArticleStems) {
    if (names.find(stem) != std::string::npos) {
      return semantic ? Boilerplate::kByName : Boilerplate::kAlways;
    }
  }
  for (std::string_view stem : kBoilerplateStems) {
    if (names.find(stem) != std::string::npos) boilerplate = true;
  }
  std::size_t i = 0;
  while (i < names.size()) {
    while (i < names.size() && !std::isalnum(static_cast<unsigned char>(names[i]))) ++i;
    std::size_t start = i;
    while (i < names.size() && std::isalnum(static_cast<unsigned char>(names[i]))) ++i;
    std::string_view word = std::string_view(names).substr(start, i - start);
    if (word.empty()) continue;
    boilerplate |= contains_word(kBoilerplateWords, word);
    weak |= contains_word(kWeakWords, word) &&
            // Drupal's "field--label-hidden" hides the field's label, not its text.
            !(word == "hidden" && std::string_view(names).substr(0, start).ends_with("label-"));
    article |= contains_word(kArticleWords, word);
  }
  // Inside a sentence, a link is part of it whatever its class says
  // ("recommendation-inline-link").
  if (tag_of(element) == GUMBO_TAG_A) return Boilerplate::kNo;
  if (boilerplate) return Boilerplate::kByName;
  if (weak && !article) return Boilerplate::kWeak;
  return Boilerplate::kNo;
}

bool is_hidden(const GumboNode* element) {
  const GumboVector* attributes = &element->v.element.attributes;
  if (gumbo_get_attribute(attributes, "hidden") != nullptr) return true;
  if (attribute(element, "aria-hidden") == "true") return true;
  std::string_view style = attribute(element, "style");
  if (!style.empty()) {
    std::string css = lower_ascii(style);
    std::erase(css, ' ');
    if (css.find("display:none") != std::string::npos ||
        css.find("visibility:hidden") != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Roles of page furniture: the first never hold an article; the second
// (landmarks) should not, but some sites mislabel their content.
Boilerplate classify_role(const GumboNode* element) {
  static constexpr std::string_view kNeverArticle[] = {
      "navigation", "dialog", "alertdialog", "menu", "menubar", "search", "toolbar",
      "tablist", "button", "alert"};
  static constexpr std::string_view kLandmarks[] = {"banner", "contentinfo", "complementary"};
  std::string role = lower_ascii(attribute(element, "role"));
  if (role.empty()) return Boilerplate::kNo;
  if (contains_word(kNeverArticle, role)) return Boilerplate::kAlways;
  if (contains_word(kLandmarks, role)) return Boilerplate::kByName;
  return Boilerplate::kNo;
}

}  // namespace

Boilerplate classify_element(const GumboNode* element) {
  switch (tag_of(element)) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
      return Boilerplate::kNo;
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_IMG: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MENU:
    case GUMBO_TAG_MAP: case GUMBO_TAG_TITLE: case GUMBO_TAG_LABEL:
      return Boilerplate::kAlways;
    case GUMBO_TAG_HEADER:  // holds the headline and byline, or on some sites the article
    case GUMBO_TAG_FIGURE:  // an image (its caption goes anyway), or a table or quote
      return Boilerplate::kWeak;
    case GUMBO_TAG_UNKNOWN: {
      std::string name = unknown_tag_name(element);
      if (name == "picture" || name == "dialog" || name == "search" || name.starts_with("amp-ad")) {
        return Boilerplate::kAlways;
      }
      break;
    }
    default:
      break;
  }
  if (is_hidden(element)) return Boilerplate::kHidden;
  if (Boilerplate by_role = classify_role(element); by_role != Boilerplate::kNo) return by_role;
  return classify_names(element);
}

bool is_block(const GumboNode* element) {
  switch (tag_of(element)) {
    case GUMBO_TAG_A: case GUMBO_TAG_SPAN: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_U: case GUMBO_TAG_S: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_SMALL: case GUMBO_TAG_BIG: case GUMBO_TAG_MARK:
    case GUMBO_TAG_ABBR: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_Q:
    case GUMBO_TAG_TIME: case GUMBO_TAG_FONT: case GUMBO_TAG_KBD: case GUMBO_TAG_VAR:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_DFN: case GUMBO_TAG_INS: case GUMBO_TAG_DEL:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_TT: case GUMBO_TAG_WBR: case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO: case GUMBO_TAG_DATA: case GUMBO_TAG_NOBR:
      return false;
    default:
      return true;
  }
}

}  // namespace dossier::ingest
