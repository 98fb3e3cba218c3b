// Indexes one article and finds it, through the installed headers only.
#include <dossier/dossier.h>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::filesystem::remove_all(argv[1]);
  auto writer = dossier::IndexWriter::Open(argv[1]);
  if (!writer) return std::fprintf(stderr, "%s\n", writer.error().to_string().c_str()), 1;
  if (!writer->add_or_replace({.id = "a", .title = "Piñera meets Pompeo", .body = "In Santiago."}) ||
      !writer->commit()) {
    return 1;
  }
  auto searcher = dossier::Searcher::Open(argv[1]);
  if (!searcher) return 1;
  auto results = searcher->search({.query = "pinera"});
  if (!results || results->hits.size() != 1 || results->hits[0].id != "a") return 1;
  std::printf("found %s\n", results->hits[0].id.c_str());
  return 0;
}
