// Variable-length unsigned integers, 7 bits a byte, low bits first (the
// encoding of Dossier's stored fields, word maps and change log).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dossier::util {

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads one from the front of `in`; false when `in` ends inside it.
inline bool get_varint(std::string_view& in, std::uint64_t& value) {
  // Most values are below 128: one byte, one test.
  if (!in.empty() && !(static_cast<std::uint8_t>(in.front()) & 0x80)) {
    value = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    return true;
  }
  value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

}  // namespace dossier::util
