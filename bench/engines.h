// The three engines of the comparison behind one interface: Dossier, raw
// Xapian (TermGenerator + QueryParser defaults, English stemming STEM_SOME)
// and SQLite FTS5 (porter unicode61 tokenizer, ranked by bm25()).
//
// Every engine is opened once and keeps its objects between queries (Dossier
// its Searcher; raw Xapian its Database, QueryParser and Enquire; FTS5 its
// prepared statements). Per query each parses the query text, finds the top
// 10 by its ranking, and reads each hit's id and title from a small stored
// value (Dossier its summary value, raw Xapian a value slot holding "id\ntitle",
// FTS5 its columns). Per kind:
//   page    Dossier and FTS5 also make a ~240-byte snippet per hit (Dossier
//           Searcher snippets, FTS5 snippet()); raw Xapian reads each hit's
//           stored article (decompressed) and makes no snippet: the floor
//           under any snippet maker (MSet::snippet would add more).
//   entity  Dossier: an entity filter (boolean term). The others have no
//           entities: the name as a phrase, a filter for Xapian (OP_FILTER),
//           an AND for FTS5 (MATCH 'w AND "tony blair"').
//   facets  Dossier: exact entity facet counts over every match. The others
//           cannot count facets; they count every match exactly (Xapian
//           check_at_least = doc count; FTS5 count(*)): the least any exact
//           facet counter must do.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dossier/document.h"
#include "queries.h"

namespace dossier::bench {

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  // Creates a fresh index in `directory` (which must not exist or be empty).
  virtual void begin_index(const std::filesystem::path& directory) = 0;
  virtual void add(const Document& document) = 0;
  // Commits and closes the writer.
  virtual void end_index() = 0;
  // Opens the index written by end_index() for searching.
  virtual void open() = 0;
  // Runs a query; returns the number of matches (or an estimate) it reports.
  virtual std::size_t run(const BenchQuery& query) = 0;
  // The exact number of matching documents (untimed; a sanity check).
  virtual std::size_t count(const BenchQuery& query) = 0;
};

struct DossierEngineOptions {
  unsigned threads = 0;
  bool entities = true;
};

std::unique_ptr<Engine> make_dossier_engine(DossierEngineOptions options = {});
std::unique_ptr<Engine> make_xapian_engine();
std::unique_ptr<Engine> make_fts5_engine();

}  // namespace dossier::bench
