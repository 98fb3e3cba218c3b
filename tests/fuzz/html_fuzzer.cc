// Fuzzes the article extractor (lib/ingest): any bytes, any markup, any
// declared charset give an article whose text fields are valid UTF-8 without
// NUL bytes and whose body has no empty paragraphs; never a crash, an error
// or a hang. Also fuzzes the plain-text outlet/headline rule.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dossier/ingest.h"
#include "fuzz_check.h"
#include "ingest/text_article.h"
#include "util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto article = dossier::extract_article(bytes, "https://fuzz.example/page");
  FUZZ_CHECK(article, "%s", article.error().to_string().c_str());
  for (const std::string* field : {&article->title, &article->body, &article->author,
                                   &article->source, &article->url, &article->language}) {
    FUZZ_CHECK(dossier::util::is_valid_utf8(*field), "invalid UTF-8 in a field");
    FUZZ_CHECK(field->find('\0') == std::string::npos, "NUL in a field");
  }
  FUZZ_CHECK(article->body.find("\n\n\n") == std::string::npos, "empty paragraph in the body");
  if (article->published) {
    FUZZ_CHECK(std::chrono::year_month_day(*article->published).ok(), "impossible date");
  }

  dossier::ingest::TextArticle text = dossier::ingest::split_text_article(bytes);
  // At most kMaxTitleBytes, plus the "…" of a title cut at a word.
  FUZZ_CHECK(text.title.size() <= dossier::ingest::kMaxTitleBytes + 3, "title of %zu bytes",
             text.title.size());
  FUZZ_CHECK(text.title.find('\n') == std::string::npos, "title spans lines");
  return 0;
}
