// A parsed HTML page (gumbo, the HTML5 parser) and small helpers over its nodes.
#pragma once

#include <gumbo.h>

#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace dossier::ingest {

// Subtrees nested deeper than this are ignored by every walk over the tree, so
// hostile markup cannot exhaust the stack.
inline constexpr int kMaxTreeDepth = 400;

// Gumbo's time grows with the square of the depth of open elements: a page
// is parsed only up to the point where a cheap estimate of that depth (tags
// opened minus tags closed, leaving out void and self-closing elements)
// passes this, so hostile nesting costs linear time. Real pages stay far
// below it.
inline constexpr std::size_t kMaxOpenElements = 2000;

// The length of the prefix of `html` that stays within kMaxOpenElements.
std::size_t parseable_prefix(std::string_view html);

// Owns gumbo's output. Gumbo allocates from an arena that is dropped whole:
// faster than gumbo's per-node free, and gumbo's own recursive destructor is
// never run on a deeply nested tree. Not copyable; one thread at a time.
class HtmlTree {
 public:
  // `utf8` must outlive the tree: text nodes point into gumbo's copies, but
  // source positions point into it.
  explicit HtmlTree(std::string_view utf8);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  const GumboNode* root() const;  // the <html> element

 private:
  class Arena;
  std::unique_ptr<Arena> arena_;
  GumboOutput* output_ = nullptr;
};

inline bool is_element(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

inline GumboTag tag_of(const GumboNode* node) {
  return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

// The lower-case name of an element gumbo does not know ("picture",
// "amp-ad", "my-widget"); empty for known tags.
std::string unknown_tag_name(const GumboNode* node);

// The children of an element or the document; empty for text.
std::span<GumboNode* const> children_of(const GumboNode* node);

// The attribute's value, or empty when the element has none.
std::string_view attribute(const GumboNode* node, const char* name);

// Appends the node's text (text, CDATA and whitespace nodes below it), as written.
void append_raw_text(const GumboNode* node, std::string& out, int depth = 0);

// Collapses runs of ASCII whitespace to one space and trims both ends. Not
// util::split_words + join: this is HTML's notion of white space, which a
// browser collapses, while a no-break space (U+00A0, `&nbsp;`) is one the page
// asked to keep ("10\u00a0km", "Mr.\u00a0Smith") and the extracted text keeps
// it; the entity and outlet rules that must see it as a word break split with
// util::split_words later.
std::string collapse_whitespace(std::string_view text);

// ASCII lower case.
std::string lower_ascii(std::string_view text);

}  // namespace dossier::ingest
