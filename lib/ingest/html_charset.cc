#include "ingest/html_charset.h"

#include <unicode/ucnv.h>

#include <cctype>
#include <memory>

#include "ingest/html_dom.h"
#include "util/utf8.h"

namespace dossier::ingest {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kPrescanBytes = 4096;

bool is_utf8_name(std::string_view name) {
  return name.empty() || name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8";
}

bool is_single_byte_latin(std::string_view name) {
  return name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" ||
         name == "windows-1252" || name == "cp1252" || name == "iso-8859-15";
}

bool has_multibyte(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// The charset name after "charset=" at `at` (quotes and spaces allowed).
std::string charset_value(std::string_view head, std::size_t at) {
  at += 8;  // "charset="
  while (at < head.size() && (head[at] == '"' || head[at] == '\'' || head[at] == ' ')) ++at;
  std::size_t end = at;
  while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                               head[end] == '-' || head[end] == '_' || head[end] == ':' ||
                               head[end] == '.')) {
    ++end;
  }
  return std::string(head.substr(at, end - at));
}

std::string convert_with_icu(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> from(ucnv_open(charset.c_str(), &status),
                                                          &ucnv_close);
  if (U_FAILURE(status)) return {};
  std::unique_ptr<UConverter, decltype(&ucnv_close)> to(ucnv_open("UTF-8", &status),
                                                        &ucnv_close);
  if (U_FAILURE(status)) return {};
  std::string out(bytes.size() * 3 + 16, '\0');
  const char* source = bytes.data();
  char* target = out.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr,
                 /*reset=*/true, /*flush=*/true, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(target - out.data()));
  return out;
}

}  // namespace

std::string declared_charset(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return "utf-8";
  if (bytes.starts_with("\xFF\xFE")) return "utf-16le";
  if (bytes.starts_with("\xFE\xFF")) return "utf-16be";
  std::string head = lower_ascii(bytes.substr(0, kPrescanBytes));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos;
       meta = head.find("<meta", meta + 5)) {
    std::size_t end = head.find('>', meta);
    std::size_t at = head.find("charset=", meta);
    if (at == std::string::npos || (end != std::string::npos && at > end)) continue;
    return charset_value(head, at);
  }
  return {};
}

std::string html_to_utf8(std::string_view bytes) {
  std::string charset = declared_charset(bytes);
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  // Undeclared and not UTF-8: older Western pages, which browsers read as windows-1252.
  if (charset.empty() && !util::is_valid_utf8(bytes)) charset = "windows-1252";
  bool treat_as_utf8 = is_utf8_name(charset) ||
                       (is_single_byte_latin(charset) && has_multibyte(bytes) &&
                        util::is_valid_utf8(bytes));
  std::string text;
  if (!treat_as_utf8) {
    // WHATWG: these labels mean windows-1252, which has letters where Latin-1 has controls.
    if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii" ||
        charset == "ascii") {
      charset = "windows-1252";
    }
    text = convert_with_icu(bytes, charset);
    if (text.empty()) treat_as_utf8 = true;  // unknown charset: the bytes as they are
  }
  if (treat_as_utf8) text.assign(bytes);
  util::repair_utf8(text);
  return text;
}

}  // namespace dossier::ingest
