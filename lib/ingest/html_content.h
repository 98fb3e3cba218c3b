// Finds an article's main text in a parsed page, by structure: the element
// whose subtree holds the most paragraph text and the least other text
// (links, short lines, furniture), then its text without the furniture inside.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace dossier::ingest {

// The article's paragraphs and in-article headings, in page order, each with
// its whitespace collapsed. A paragraph that repeats `headline` near the top is
// left out (the headline is a field of its own).
std::vector<std::string> main_text(const GumboNode* root, std::string_view headline);

}  // namespace dossier::ingest
