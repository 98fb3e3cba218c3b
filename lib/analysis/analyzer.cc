#include "analysis/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <algorithm>
#include <array>

#include "analysis/folding.h"

namespace dossier::analysis {
namespace {

// Creating a word break iterator loads and compiles the rules: do it once per
// process and clone it for each analyzer.
const icu::BreakIterator& word_break_prototype() {
  static const icu::BreakIterator* prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* iterator =
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status);
    if (U_FAILURE(status)) std::abort();  // ICU data missing: nothing can work
    return iterator;
  }();
  return *prototype;
}

// Typographic apostrophes, as UTF-8, that mean the same as "'".
constexpr std::array<std::string_view, 3> kApostrophes = {
    "\xE2\x80\x99",  // U+2019 right single quotation mark
    "\xE2\x80\x98",  // U+2018 left single quotation mark
    "\xCA\xBC",      // U+02BC modifier letter apostrophe
};

void replace_all(std::string& text, std::string_view from, char to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + 1)) {
    text.replace(at, from.size(), 1, to);
  }
}

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void erase_char(std::string& text, char c) { std::erase(text, c); }

// A deliberately short list: words that carry no topic in an English news
// query. Only free-text query words are dropped; phrases keep them. Sorted,
// for binary_search.
constexpr std::array<std::string_view, 110> kEnglishStopwords = {
    "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
    "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "with",
    "would", "you", "your"};

}  // namespace

bool is_supported_language(const std::string& language) {
  if (language == "none") return true;
  try {
    Xapian::Stem stemmer(language);
    return true;
  } catch (const Xapian::InvalidArgumentError&) {
    return false;
  }
}

bool is_dotted_abbreviation(std::string_view word) {
  std::size_t piece = 0;
  for (char c : word) {
    if (c == '.') {
      if (piece == 0) return false;
      piece = 0;
    } else if (++piece > 2) {
      return false;
    }
  }
  return true;
}

struct Analyzer::Engine {
  std::unique_ptr<icu::BreakIterator> breaker;
  UText* text = nullptr;
  Xapian::Stem stemmer;
  bool stems = false;

  ~Engine() {
    if (text) utext_close(text);
  }
};

Analyzer::Analyzer(const AnalysisOptions& options)
    : options_(options), engine_(std::make_unique<Engine>()) {
  engine_->breaker.reset(word_break_prototype().clone());
  if (options_.language != "none") {
    engine_->stemmer = Xapian::Stem(options_.language);
    engine_->stems = true;
  }
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

void Analyzer::start(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  engine_->text = utext_openUTF8(engine_->text, text.data(),
                                 static_cast<int64_t>(text.size()), &status);
  engine_->breaker->setText(engine_->text, status);
}

bool Analyzer::next_word(std::size_t& begin, std::size_t& end) {
  icu::BreakIterator& breaker = *engine_->breaker;
  int32_t previous = breaker.current();
  for (int32_t next = breaker.next(); next != icu::BreakIterator::DONE;
       previous = next, next = breaker.next()) {
    if (breaker.getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {
      begin = static_cast<std::size_t>(previous);
      end = static_cast<std::size_t>(next);
      return true;
    }
  }
  return false;
}

std::string Analyzer::normalize(std::string_view word) const {
  std::string normalized(word);
  for (std::string_view apostrophe : kApostrophes) replace_all(normalized, apostrophe, '\'');
  if (normalized.ends_with("'s") || normalized.ends_with("'S")) {
    normalized.resize(normalized.size() - 2);
  } else if (normalized.ends_with('\'')) {
    normalized.pop_back();
  }
  erase_char(normalized, '\'');
  if (!normalized.empty() && normalized[0] >= '0' && normalized[0] <= '9') {
    erase_char(normalized, ',');
  } else {
    erase_char(normalized, '.');
  }
  if (normalized.empty() || normalized.size() > kMaxWordBytes) return {};
  return fold(normalized, options_.fold_accents);
}

const std::string& Analyzer::stem(const std::string& normalized) {
  auto found = stem_cache_.find(normalized);
  if (found != stem_cache_.end()) return found->second;
  // Bound the cache: a corpus's vocabulary is far smaller, but hostile input
  // (random strings) must not grow it without limit.
  if (stem_cache_.size() > 200'000) stem_cache_.clear();
  std::string stemmed = engine_->stems && !has_digit(normalized)
                            ? engine_->stemmer(normalized)
                            : normalized;
  return stem_cache_.emplace(normalized, std::move(stemmed)).first->second;
}

std::string Analyzer::term(std::string_view word) {
  std::string normalized = normalize(word);
  if (normalized.empty()) return {};
  return stem(normalized);
}

bool Analyzer::is_stopword(std::string_view normalized) const {
  if (options_.language != "english" && options_.language != "en") return false;
  return std::binary_search(kEnglishStopwords.begin(), kEnglishStopwords.end(), normalized);
}

}  // namespace dossier::analysis
