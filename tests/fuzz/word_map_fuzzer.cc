// Fuzzes the stored word map snippets are cut from (index/schema.h,
// search/snippet.h): any bytes as a map value. A map that decodes has its
// words in order inside the body, writes back to the same words, and every
// snippet cut from it has its highlights inside its text.
//
// Input: byte 0 the body's length (in units of 4 bytes), byte 1 the snippet's
// length, byte 2 which words count as matched, then the map value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "index/schema.h"
#include "search/snippet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  std::string body;
  while (body.size() < std::size_t{data[0]} * 4) body += "Oil prices rose.\nIn Asia, ";
  body.resize(std::size_t{data[0]} * 4);
  const std::size_t snippet_bytes = data[1];
  const unsigned every = data[2] % 7 + 1;
  const std::string_view encoded(reinterpret_cast<const char*>(data + 3), size - 3);

  dossier::index::WordMap map;
  if (!dossier::index::decode_word_map(encoded, body.size(), map)) return 0;
  std::size_t previous_end = 0;
  for (auto [begin, end] : map.words) {
    FUZZ_CHECK(previous_end <= begin && begin <= end && end <= body.size(),
               "word [%u, %u) after %zu in a body of %zu", begin, end, previous_end, body.size());
    previous_end = end;
  }
  FUZZ_CHECK(map.term_checks.empty() || map.term_checks.size() == map.words.size(),
             "%zu checks for %zu words", map.term_checks.size(), map.words.size());

  dossier::index::WordMap again;
  FUZZ_CHECK(dossier::index::decode_word_map(dossier::index::encode_word_map(map), body.size(),
                                             again),
             "a written map does not decode");
  FUZZ_CHECK(again.words == map.words && again.body_start == map.body_start,
             "a written map decodes to other words");

  // Two "terms": every `every`-th position, and the others at odd positions.
  std::vector<std::vector<Xapian::termpos>> positions(2);
  for (std::size_t i = 0; i < map.words.size() && i < 4096; ++i) {
    positions[i % every == 0 ? 0 : 1].push_back(map.body_start + static_cast<Xapian::termpos>(i));
  }
  const dossier::Snippet snippet =
      dossier::search::make_snippet(body, map, positions, snippet_bytes);
  for (auto [begin, end] : snippet.highlights) {
    FUZZ_CHECK(begin <= end && end <= snippet.text.size(), "highlight [%zu, %zu) of %zu bytes",
               begin, end, snippet.text.size());
  }
  return 0;
}
