// Settings for analysis and indexing. Analysis settings are stored in the index
// when it is created; readers always use the stored ones.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace dossier {

struct AnalysisOptions {
  // Snowball stemmer language ("english", "french", "spanish", ... or "none").
  std::string language = "english";
  // Fold accents so that "Pinera" finds "Piñera". Case is always folded.
  bool fold_accents = true;

  bool operator==(const AnalysisOptions&) const = default;
};

struct IndexOptions {
  // Used when the index is created. Opening an existing index with different
  // analysis options fails with ErrorCode::kIncompatible.
  AnalysisOptions analysis;
  // Threads that analyse documents in parallel; 0 means one fewer than the
  // hardware cores (at least one), leaving a core to the thread that writes
  // (which analyses too when it has nothing to write).
  unsigned threads = 0;
  // Recognise people, places and organisations while indexing.
  bool recognize_entities = true;
  // Optional file of extra entities and aliases (README.md "Entity aliases").
  // Its contents are stored in the index, so searches resolve filters the
  // same way; giving a file again replaces the stored aliases.
  std::filesystem::path entity_aliases;
  // Keep a spelling dictionary of the articles' words, from which searches
  // suggest corrections (SearchResults::corrected_query). Off saves its space
  // and time (README.md "Did you mean"); searches then suggest only words one
  // edit away that articles contain, and the dictionary no longer takes a
  // replaced or removed article's words out, even for later writers.
  bool spelling_dictionary = true;
  // Create the index directory if it does not exist.
  bool create_if_missing = true;
  // When `shards` is not 0, the index is shard `shard` of a corpus split into
  // `shards` by shard_of() (README.md, "Shards"). IndexWriter::Open records
  // that in a new index and refuses, with kIncompatible, an index recorded as
  // another shard or split by another shard function, and one that holds
  // articles but no record (split by a Dossier whose shard_of differed);
  // add_or_replace refuses an id that shard_of() sends to another shard.
  std::size_t shard = 0;
  std::size_t shards = 0;
};

}  // namespace dossier
