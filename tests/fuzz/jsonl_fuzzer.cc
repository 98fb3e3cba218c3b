// Fuzzes the JSON Lines reader (lib/ingest): any file content gives documents
// with an id and valid UTF-8 text without NUL bytes, or skipped lines with
// reasons; never a crash. Also fuzzes parse_iso_date.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "dossier/ingest.h"
#include "fuzz_check.h"
#include "util/utf8.h"

namespace {

namespace fs = std::filesystem;

fs::path scratch_file;

void remove_scratch() {
  std::error_code ignored;
  fs::remove(scratch_file, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (scratch_file.empty()) {
    scratch_file = fs::temp_directory_path() /
                   ("dossier-jsonl-fuzzer-" + std::to_string(getpid()) + ".jsonl");
    std::atexit(remove_scratch);
  }
  {
    std::ofstream out(scratch_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::size_t delivered = 0;
  auto report = dossier::read_json_lines(scratch_file, [&](dossier::Document&& document) {
    ++delivered;
    FUZZ_CHECK(!document.id.empty(), "document without an id");
    for (const std::string* field : {&document.id, &document.title, &document.body,
                                     &document.source, &document.url}) {
      FUZZ_CHECK(dossier::util::is_valid_utf8(*field), "invalid UTF-8 delivered");
      FUZZ_CHECK(field->find('\0') == std::string::npos, "NUL delivered");
    }
    return dossier::Status{};
  });
  FUZZ_CHECK(report, "%s", report.error().to_string().c_str());
  FUZZ_CHECK(report->documents == delivered, "report counts %zu, delivered %zu",
             report->documents, delivered);
  for (const auto& skipped : report->skipped) {
    FUZZ_CHECK(skipped.line >= 1 && !skipped.reason.empty(), "skipped line without a reason");
  }

  auto date = dossier::parse_iso_date(
      std::string_view(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 40)));
  if (date) {
    std::chrono::year_month_day ymd(*date);
    FUZZ_CHECK(ymd.ok(), "parse_iso_date returned an impossible date");
  }
  return 0;
}
