// What a page says about itself: <meta> (og:*, article:*, twitter:*, Dublin
// Core, parse.ly), JSON-LD (NewsArticle and its kin, also inside @graph),
// <link rel=canonical>, <html lang>, <title> and <time datetime>.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace dossier::ingest {

struct PageMetadata {
  std::string document_title;   // <title>
  std::string headline;         // JSON-LD headline, og:title or twitter:title, in that order
  std::string first_heading;    // the first <h1>
  std::string site_name;        // og:site_name, JSON-LD publisher, application-name
  std::string author;           // JSON-LD author(s), meta author, ...
  std::string published;        // the publication date as written
  std::string canonical_url;    // <link rel=canonical>, else og:url, else JSON-LD url
  std::string language;         // <html lang>, content-language, JSON-LD inLanguage, og:locale
  std::string article_body;     // JSON-LD articleBody, when the page gives one (line breaks kept)
};

// Reads the metadata of the page rooted at `root` (the <html> element).
PageMetadata read_metadata(const GumboNode* root);

}  // namespace dossier::ingest
