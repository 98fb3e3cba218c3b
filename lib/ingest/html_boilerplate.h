// Which elements of a page are never part of an article's text, judged by the
// element alone: its tag, its hidden state, its ARIA role and the words of its
// class and id.
#pragma once

#include <gumbo.h>

namespace dossier::ingest {

enum class Boilerplate {
  kNo,
  kAlways,  // script, nav, aside, figure, form controls, comment sections: always left out
  kHidden,  // hidden, aria-hidden, display:none, or a role such as navigation
  kByName,  // class/id say share, related, comments, cookie, caption, credit, ...
  kWeak,    // <header>, or class/id say meta, tags, menu, ... and nothing article-like
};

Boilerplate classify_element(const GumboNode* element);

// True for elements that start a new line of text (p, div, li, h2, td, br, ...).
bool is_block(const GumboNode* element);

}  // namespace dossier::ingest
