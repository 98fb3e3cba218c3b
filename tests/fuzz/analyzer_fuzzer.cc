// Fuzzes text analysis (lib/analysis): any bytes, repaired as IndexWriter
// repairs them, must analyse without crashing into terms the index can hold.
// The first byte picks the analysis options.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/analyzer.h"
#include "analysis/folding.h"
#include "fuzz_check.h"
#include "util/utf8.h"

namespace {

using dossier::AnalysisOptions;
using dossier::analysis::Analyzer;

Analyzer& analyzer_for(std::uint8_t selector) {
  static const char* const kLanguages[] = {"english", "none", "french", "german"};
  static Analyzer* analyzers[8] = {};
  const unsigned index = selector % 8;
  if (!analyzers[index]) {
    AnalysisOptions options;
    options.language = kLanguages[index % 4];
    options.fold_accents = index < 4;
    analyzers[index] = new Analyzer(options);
  }
  return *analyzers[index];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Analyzer& analyzer = analyzer_for(data[0]);
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  dossier::util::repair_utf8(text);
  FUZZ_CHECK(dossier::util::is_valid_utf8(text), "repair_utf8 left invalid UTF-8");
  FUZZ_CHECK(text.find('\0') == std::string::npos, "repair_utf8 left a NUL");

  std::uint32_t last_position = 0;
  std::size_t last_end = 0;
  bool first = true;
  std::uint32_t positions = analyzer.analyze(text, [&](const dossier::analysis::Token& token) {
    FUZZ_CHECK(!token.term.empty(), "empty term");
    // Xapian's limit is 245 bytes with the longest prefix ("XS") added.
    FUZZ_CHECK(token.term.size() <= 240, "term of %zu bytes", token.term.size());
    FUZZ_CHECK(token.begin < token.end && token.end <= text.size(), "bad token range");
    FUZZ_CHECK(first || token.position >= last_position, "positions go backwards");
    FUZZ_CHECK(first || token.begin >= last_end || token.position == last_position,
               "tokens overlap");
    FUZZ_CHECK(token.term.find('\0') == std::string_view::npos, "NUL in a term");
    last_position = token.position;
    last_end = token.end;
    first = false;
  });
  FUZZ_CHECK(first || last_position < positions, "position past the count");

  // Single words, as the query parser uses them.
  std::string_view word(text);
  if (word.size() > 200) word = word.substr(0, 200);
  std::string normalized = analyzer.normalize(word);
  FUZZ_CHECK(normalized.size() <= 240, "normalized to %zu bytes", normalized.size());
  if (!normalized.empty()) {
    const std::string& stem = analyzer.stem(normalized);
    FUZZ_CHECK(stem.size() <= 240, "stem of %zu bytes", stem.size());
  }
  (void)analyzer.term(word);
  (void)analyzer.is_stopword(normalized);
  std::string folded = dossier::analysis::fold(text, data[0] & 1);
  FUZZ_CHECK(dossier::util::is_valid_utf8(folded), "fold made invalid UTF-8");
  return 0;
}
