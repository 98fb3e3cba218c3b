#include "entities/ner_words.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "analysis/folding.h"
#include "util/utf8.h"

namespace dossier::entities {
namespace {

bool ascii_only(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

char32_t ascii_punct_equivalent(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x00B4: return '\'';
    case 0x201C: case 0x201D: case 0x201E: return '"';
    case 0x2013: case 0x2014: case 0x2212: return '-';
    default: return c;
  }
}

// Prefix and suffix hashes of 1..4 characters of the normalised form, cut at
// character boundaries.
void hash_affixes(std::string_view norm, WordInfo& t) {
  std::size_t chars = 0;
  for (unsigned char c : norm) chars += (c & 0xC0) != 0x80;
  for (int k = 0; k < 4; ++k) {
    std::size_t want = static_cast<std::size_t>(k) + 1;
    if (want > chars) {
      t.prefix[k] = t.suffix[k] = 0;
      continue;
    }
    std::size_t p = 0, seen = 0;
    while (p < norm.size() && seen < want) {
      ++p;
      while (p < norm.size() && (static_cast<unsigned char>(norm[p]) & 0xC0) == 0x80) ++p;
      ++seen;
    }
    t.prefix[k] = hash_combine(static_cast<std::uint64_t>(k), hash_bytes(norm.substr(0, p)));
    std::size_t s = norm.size();
    seen = 0;
    while (s > 0 && seen < want) {
      --s;
      while (s > 0 && (static_cast<unsigned char>(norm[s]) & 0xC0) == 0x80) --s;
      ++seen;
    }
    t.suffix[k] = hash_combine(static_cast<std::uint64_t>(k), hash_bytes(norm.substr(s)));
  }
}

// The shape class of one character: 'X' upper or title case, 'x' other
// letters, 'd' digits, else the (ASCII-equivalent) punctuation itself or '?'.
char shape_class(char32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    if (c >= '0' && c <= '9') return 'd';
    return static_cast<char>(c == '`' ? '\'' : c);
  }
  auto uc = static_cast<UChar32>(c);
  if (u_isupper(uc) || u_istitle(uc)) return 'X';
  if (u_isalpha(uc)) return 'x';
  if (u_isdigit(uc)) return 'd';
  char32_t ascii = ascii_punct_equivalent(c);
  return static_cast<char>(ascii < 0x80 ? ascii : '?');
}

// Shapes, the raw form and case flags, from the word as written.
void hash_shapes(std::string_view w, WordScratch& scratch, WordInfo& t) {
  std::string& shape = scratch.shape;
  std::string& cshape = scratch.cshape;
  std::string& raw = scratch.raw;
  shape.clear();
  cshape.clear();
  raw.clear();
  std::uint8_t flags = 0;
  bool first_letter = true;
  bool has_upper = false;
  char last = 0;
  int run = 0;
  for (std::size_t pos = 0; pos < w.size();) {
    std::size_t len = 1;
    const auto byte = static_cast<unsigned char>(w[pos]);
    char32_t c = byte < 0x80 ? byte : util::decode_utf8(w, pos, len);
    char cls = shape_class(c);
    if (cls == 'X' || cls == 'x') {
      flags |= kHasLetter;
      if (cls == 'X') {
        has_upper = true;
        if (first_letter) flags |= kInitCap;
      } else {
        flags |= kHasLower;
      }
      first_letter = false;
    } else if (cls == 'd') {
      flags |= kHasDigit;
    }
    if (cls == last) {
      ++run;
    } else {
      run = 1;
      cshape += cls;
    }
    if (run <= 4) shape += cls;
    last = cls;
    // The raw form: as written, but digits folded like the normalised form.
    if (cls == 'd') raw += '0';
    else if (len == 1) raw += w[pos];
    else raw.append(w.substr(pos, len));
    pos += len;
  }
  if (has_upper && !(flags & kHasLower)) flags |= kAllCaps;
  if (!(flags & (kHasLetter | kHasDigit))) flags |= kNoAlnum;
  t.flags = flags;
  t.shape = hash_bytes(shape);
  t.cshape = hash_bytes(cshape);
  t.raw = hash_bytes(raw);
}

}  // namespace

void normalize_word(std::string_view word, std::string& out) {
  out.clear();
  if (ascii_only(word)) {
    for (char c : word) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (c >= '0' && c <= '9') c = '0';
      else if (c == '`') c = '\'';
      out += c;
    }
    return;
  }
  // Rebuild as valid UTF-8 with ASCII punctuation, then case- and accent-fold.
  std::string clean;
  for (std::size_t pos = 0; pos < word.size();) {
    std::size_t len;
    char32_t c = util::decode_utf8(word, pos, len);
    pos += len;
    c = ascii_punct_equivalent(c);
    if (c >= 0x80 && u_isdigit(static_cast<UChar32>(c))) c = '0';
    util::append_utf8(c, clean);
  }
  out = analysis::fold(clean, true);
  for (char& c : out)
    if (c >= '0' && c <= '9') c = '0';
}

void Lexicon::grow() {
  std::vector<std::uint64_t> old_keys = std::move(keys_);
  std::vector<std::uint32_t> old_masks = std::move(masks_);
  std::size_t cap = old_keys.empty() ? 1024 : old_keys.size() * 2;
  keys_.assign(cap, 0);
  masks_.assign(cap, 0);
  count_ = 0;
  for (std::size_t i = 0; i < old_keys.size(); ++i)
    if (old_keys[i] != 0) add(old_keys[i], old_masks[i], 0);
}

void Lexicon::add(std::uint64_t seq, std::uint32_t mask, int length) {
  if (seq == 0) seq = 1;
  if ((count_ + 1) * 2 > keys_.size()) grow();
  std::size_t m = keys_.size() - 1;
  for (std::size_t i = seq & m;; i = (i + 1) & m) {
    if (keys_[i] == seq) {
      masks_[i] |= mask;
      break;
    }
    if (keys_[i] == 0) {
      keys_[i] = seq;
      masks_[i] = mask;
      ++count_;
      break;
    }
  }
  max_length_ = std::max(max_length_, length);
}

void describe_word(std::string_view word, WordScratch& scratch, WordInfo& out) {
  normalize_word(word, scratch.norm);
  out.lower = hash_bytes(scratch.norm);
  hash_affixes(scratch.norm, out);
  hash_shapes(word, scratch, out);
}

}  // namespace dossier::entities
