// dossier-entities: print the people, places and organisations texts name.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "dossier/dossier.h"

namespace {

constexpr const char* kDescription =
    R"(Finds the people, places and organisations named in each PATH: a text file,
or a folder searched recursively for *.txt files (in sorted order). Prints one
line per mention:

  doc_id <TAB> KIND <TAB> surface <TAB> start <TAB> end

doc_id is the file name without its extension, KIND is PERSON, PLACE or
ORGANIZATION, and start/end are offsets into the file's UTF-8 text (end
exclusive): BYTE offsets by default, CHARACTER (Unicode code point) offsets
with --offsets=chars, as Python's str indexes the decoded file. Whitespace
inside a surface is printed as a space.)";

const char* kind_name(dossier::EntityKind kind) {
  switch (kind) {
    case dossier::EntityKind::kPerson: return "PERSON";
    case dossier::EntityKind::kPlace: return "PLACE";
    case dossier::EntityKind::kOrganization: return "ORGANIZATION";
  }
  return "?";
}

std::vector<std::filesystem::path> collect(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".txt") found.push_back(it->path());
      }
      if (ec) cli::fail(fmt::format("cannot read folder {}: {}", p, ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.emplace_back(p);
    } else {
      cli::fail(fmt::format("no such file or folder: {}", p));
    }
  }
  return files;
}

// Turns increasing byte offsets of one UTF-8 text into code point offsets,
// counting each lead byte once (a stray continuation byte counts as nothing).
class CharOffsets {
 public:
  explicit CharOffsets(std::string_view text) : text_(text) {}
  std::size_t at(std::size_t byte) {
    if (byte < byte_) byte_ = chars_ = 0;  // not increasing: count again
    for (; byte_ < byte && byte_ < text_.size(); ++byte_)
      chars_ += (static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80;
    return chars_;
  }

 private:
  std::string_view text_;
  std::size_t byte_ = 0, chars_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string model_file, offsets = "bytes";
  bool stats = false;
  std::vector<std::string> paths;
  CLI::App app(kDescription, "dossier-entities");
  app.add_option("PATH", paths, "text files, or folders of *.txt files");
  app.add_option("--model", model_file,
                 "use this model (made by dossier-train-ner) instead of the built-in one");
  app.add_option("--offsets", offsets, "unit of start/end: bytes (default) or chars");
  app.add_flag("--stats", stats,
               "print tagging speed (MB/s of input, time spent tagging only, wall clock and "
               "CPU time) to stderr");
  cli::parse(app, argc, argv);
  if (offsets != "bytes" && offsets != "chars") cli::usage_error("--offsets takes bytes or chars");
  const bool char_offsets = offsets == "chars";
  if (paths.empty()) cli::usage_error("no PATH given");

  std::optional<dossier::EntityRecognizer> loaded;
  if (!model_file.empty()) loaded.emplace(cli::check(dossier::EntityRecognizer::Load(model_file)));
  const dossier::EntityRecognizer& recognizer =
      loaded ? *loaded : dossier::EntityRecognizer::Default();

  std::size_t bytes = 0;
  double seconds = 0, cpu_seconds = 0;
  std::string out;
  for (const auto& file : collect(paths)) {
    std::ifstream in(file, std::ios::binary);
    if (!in) cli::fail(fmt::format("cannot read {}", file.string()));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    auto mentions = recognizer.recognize(text);
    if (!mentions) cli::fail(file.string() + ": " + mentions.error().to_string());
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu_seconds += static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    bytes += text.size();
    std::string doc_id = file.stem().string();
    CharOffsets chars(text);
    for (const auto& m : *mentions) {
      std::string surface = m.surface;
      std::replace_if(surface.begin(), surface.end(),
                      [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
      std::size_t begin = char_offsets ? chars.at(m.begin) : m.begin;
      std::size_t end = char_offsets ? chars.at(m.end) : m.end;
      out += fmt::format("{}\t{}\t{}\t{}\t{}\n", doc_id, kind_name(m.kind), surface, begin, end);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  }
  if (stats) {
    // CPU time too: on a busy machine the wall clock says more about the neighbours.
    fmt::print(stderr, "tagged {} bytes in {:.3f}s: {} wall, {} CPU time\n", bytes, seconds,
               cli::megabytes_per_second(bytes, seconds),
               cli::megabytes_per_second(bytes, cpu_seconds));
  }
  return 0;
}
