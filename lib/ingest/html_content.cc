#include "ingest/html_content.h"

#include <cstdint>
#include <limits>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "ingest/html_boilerplate.h"
#include "ingest/html_dom.h"

namespace dossier::ingest {
namespace {

// Text of a paragraph-like element counts as article text when it is at least
// this long and at most this share of it is link text.
constexpr std::uint32_t kMinParagraphChars = 25;
constexpr double kMaxParagraphLinkShare = 0.35;
// How much a character of other text (short lines, link lists, labels) costs a
// candidate container, against one of paragraph text; link text costs extra.
constexpr double kOtherTextCost = 0.3;
constexpr double kLinkTextCost = 0.5;
// Furniture is kept when it holds this much paragraph text: some sites give the
// article's own container such a class, or stream it into a hidden element
// that a script reveals.
constexpr std::uint32_t kKeepNamedAbove = 3000;
constexpr std::uint32_t kKeepHiddenAbove = 1000;
constexpr std::uint32_t kKeepWeakAbove = 600;
// A paragraph this long seen twice is the same text twice.
constexpr std::size_t kMinRepeatedChars = 30;
// Inside the article, a block mostly made of links is a list of links.
constexpr double kMaxBlockLinkShare = 0.6;

struct Measure {
  std::uint32_t chars = 0;  // visible non-space bytes
  std::uint32_t links = 0;  // of which inside <a>
  std::uint32_t good = 0;   // of which in paragraphs that read as article text
  bool dropped = false;
};

std::uint32_t visible_bytes(std::string_view text) {
  std::uint32_t count = 0;
  for (char c : text) count += (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f');
  return count;
}

bool is_paragraph_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_LI: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_TD: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE:
      return true;
    default:
      return false;
  }
}

// JSON left in the page for its scripts ({"layout":2,...}) is not text.
bool looks_like_data(std::string_view paragraph) {
  return (paragraph.starts_with('{') || paragraph.starts_with('[')) &&
         (paragraph.ends_with('}') || paragraph.ends_with(']')) &&
         paragraph.find("\":") != std::string_view::npos;
}

// One per page, on one thread: it holds the measures of that page's elements.
class ContentFinder {
 public:
  // Measures every element below `node`; remembers the best container.
  Measure measure(const GumboNode* node, int depth, bool in_link) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
      std::uint32_t chars = visible_bytes(node->v.text.text);
      return {chars, in_link ? chars : 0, 0, false};
    }
    if (!is_element(node) || depth > kMaxTreeDepth) return {};
    Boilerplate verdict = classify_element(node);
    if (verdict == Boilerplate::kAlways) {
      measures_[node].dropped = true;
      return {};
    }
    in_link |= tag_of(node) == GUMBO_TAG_A;
    Measure total;
    std::uint32_t direct_text = 0;
    for (const GumboNode* child : children_of(node)) {
      Measure part = measure(child, depth + 1, in_link);
      total.chars += part.chars;
      total.links += part.links;
      total.good += part.good;
      if (!is_element(child)) direct_text += part.chars;
    }
    bool paragraph_like = is_paragraph_tag(tag_of(node)) ||
                          (total.chars > 0 && direct_text * 2 >= total.chars);
    if (paragraph_like) {
      bool reads_as_text = total.chars >= kMinParagraphChars &&
                           total.links <= kMaxParagraphLinkShare * total.chars;
      total.good = reads_as_text ? total.chars : 0;
    }
    if ((verdict == Boilerplate::kByName && total.good < kKeepNamedAbove) ||
        (verdict == Boilerplate::kHidden && total.good < kKeepHiddenAbove) ||
        (verdict == Boilerplate::kWeak && total.good < kKeepWeakAbove)) {
      measures_[node].dropped = true;
      return {};
    }
    measures_[node] = total;
    double score = total.good - kOtherTextCost * (total.chars - total.good) -
                   kLinkTextCost * total.links;
    if (score > best_score_ && tag_of(node) != GUMBO_TAG_HTML) {
      best_score_ = score;
      best_ = node;
    }
    return total;
  }

  const GumboNode* best() const { return best_; }
  const Measure* measure_of(const GumboNode* node) const {
    auto found = measures_.find(node);
    return found != measures_.end() ? &found->second : nullptr;
  }

 private:
  std::unordered_map<const GumboNode*, Measure> measures_;
  const GumboNode* best_ = nullptr;
  double best_score_ = -std::numeric_limits<double>::infinity();
};

// Writes the text of the chosen container as paragraphs. One per page, on one thread.
class Renderer {
 public:
  explicit Renderer(const ContentFinder& finder) : finder_(finder) {}

  void render(const GumboNode* node, int depth) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      current_ += node->v.text.text;
      return;
    }
    if (!is_element(node) || depth > kMaxTreeDepth) return;
    const Measure* measure = finder_.measure_of(node);
    if (measure == nullptr || measure->dropped) return;
    if (measure->chars > 0 && measure->links > kMaxBlockLinkShare * measure->chars &&
        is_block(node)) {
      return;
    }
    bool block = is_block(node);
    if (block) flush();
    GumboTag tag = tag_of(node);
    if (tag == GUMBO_TAG_OL) {
      std::string_view start = attribute(node, "start");
      list_numbers_.push_back(start.empty() ? 0 : std::atoi(std::string(start).c_str()) - 1);
    } else if (tag == GUMBO_TAG_UL) {
      list_numbers_.push_back(-1);
    } else if (tag == GUMBO_TAG_LI && !list_numbers_.empty() && list_numbers_.back() >= 0) {
      current_ += std::to_string(++list_numbers_.back()) + ". ";
    }
    for (const GumboNode* child : children_of(node)) render(child, depth + 1);
    if (tag == GUMBO_TAG_OL || tag == GUMBO_TAG_UL) list_numbers_.pop_back();
    if (block) flush();
  }

  std::vector<std::string> take() {
    flush();
    return std::move(paragraphs_);
  }

 private:
  void flush() {
    if (current_.empty()) return;
    std::string paragraph = collapse_whitespace(current_);
    current_.clear();
    if (paragraph.empty() || looks_like_data(paragraph)) return;
    // Pages that carry the article twice (for two screen sizes) give it once.
    if (paragraph.size() >= kMinRepeatedChars && !seen_.insert(paragraph).second) return;
    paragraphs_.push_back(std::move(paragraph));
  }

  const ContentFinder& finder_;
  std::string current_;
  std::vector<int> list_numbers_;  // per open list: the last item number, -1 for <ul>
  std::vector<std::string> paragraphs_;
  std::unordered_set<std::string> seen_;
};

// Case- and space-insensitive equality of a paragraph and the headline.
bool same_text(std::string_view paragraph, std::string_view headline) {
  return !headline.empty() && lower_ascii(paragraph) == lower_ascii(collapse_whitespace(headline));
}

}  // namespace

std::vector<std::string> main_text(const GumboNode* root, std::string_view headline) {
  ContentFinder finder;
  finder.measure(root, 0, false);
  if (finder.best() == nullptr) return {};
  Renderer renderer(finder);
  renderer.render(finder.best(), 0);
  std::vector<std::string> paragraphs = renderer.take();
  // The page's headline is often repeated at the top of its text.
  for (std::size_t i = 0; i < paragraphs.size() && i < 3; ++i) {
    if (same_text(paragraphs[i], headline)) {
      paragraphs.erase(paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  return paragraphs;
}

}  // namespace dossier::ingest
