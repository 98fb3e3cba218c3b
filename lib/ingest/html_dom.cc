#include "ingest/html_dom.h"

#include <cctype>
#include <cstddef>
#include <string>
#include <cstdlib>
#include <new>

namespace dossier::ingest {

// A bump allocator: gumbo's frees are ignored, everything goes at once.
class HtmlTree::Arena {
 public:
  void* allocate(std::size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > kBlockBytes / 4) {
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      return blocks_.back().get();
    }
    if (used_ + size > kBlockBytes) {
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(kBlockBytes));
      bump_block_ = blocks_.back().get();
      used_ = 0;
    }
    void* result = bump_block_ + used_;
    used_ += size;
    return result;
  }

  static void* gumbo_allocate(void* self, std::size_t size) {
    return static_cast<Arena*>(self)->allocate(size);
  }
  static void gumbo_free(void*, void*) {}

 private:
  static constexpr std::size_t kAlign = alignof(std::max_align_t);
  static constexpr std::size_t kBlockBytes = 256 << 10;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* bump_block_ = nullptr;
  std::size_t used_ = kBlockBytes;
};

namespace {

// Elements that never hold others, or that the next one of their kind closes.
bool never_nests(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!--", "!"};
  for (std::string_view each : kNames) {
    if (name == each) return true;
  }
  return false;
}

}  // namespace

std::size_t parseable_prefix(std::string_view html) {
  std::size_t depth = 0;
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    bool closing = at + 1 < html.size() && html[at + 1] == '/';
    std::size_t start = at + 1 + closing;
    std::size_t end = start;
    while (end < html.size() && end - start < 10 && std::isalnum(static_cast<unsigned char>(html[end]))) {
      ++end;
    }
    if (end == start) continue;  // "<" in text, "<!--", "<!DOCTYPE"
    std::string name = lower_ascii(html.substr(start, end - start));
    if (never_nests(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    std::size_t tag_end = html.find('>', end);
    if (tag_end != std::string_view::npos && html[tag_end - 1] == '/') continue;  // <x/>
    if (++depth > kMaxOpenElements) return at;
  }
  return html.size();
}

HtmlTree::HtmlTree(std::string_view utf8) : arena_(std::make_unique<Arena>()) {
  utf8 = utf8.substr(0, parseable_prefix(utf8));
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::gumbo_allocate;
  options.deallocator = &Arena::gumbo_free;
  options.userdata = arena_.get();
  options.max_errors = 0;  // parse errors are not used; recording them costs time
  output_ = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
}

// The arena frees gumbo's output; gumbo_destroy_output is deliberately not called.
HtmlTree::~HtmlTree() = default;

const GumboNode* HtmlTree::root() const { return output_->root; }

std::span<GumboNode* const> children_of(const GumboNode* node) {
  const GumboVector* children = nullptr;
  if (is_element(node)) {
    children = &node->v.element.children;
  } else if (node->type == GUMBO_NODE_DOCUMENT) {
    children = &node->v.document.children;
  } else {
    return {};
  }
  return {reinterpret_cast<GumboNode* const*>(children->data), children->length};
}

std::string unknown_tag_name(const GumboNode* node) {
  if (tag_of(node) != GUMBO_TAG_UNKNOWN) return {};
  GumboStringPiece original = node->v.element.original_tag;
  if (original.data == nullptr) return {};
  gumbo_tag_from_original_text(&original);  // drops "<" and ">"
  std::string_view name(original.data, original.length);
  return lower_ascii(name.substr(0, name.find_first_of(" \t\n\r\f/>")));
}

std::string_view attribute(const GumboNode* node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found != nullptr ? std::string_view(found->value) : std::string_view();
}

void append_raw_text(const GumboNode* node, std::string& out, int depth) {
  if (depth > kMaxTreeDepth) return;
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      out += node->v.text.text;
      return;
    default:
      for (const GumboNode* child : children_of(node)) append_raw_text(child, out, depth + 1);
  }
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace dossier::ingest
