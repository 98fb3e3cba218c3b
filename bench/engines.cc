#include "engines.h"

#include <sqlite3.h>
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "dossier/index_writer.h"
#include "dossier/searcher.h"

namespace dossier::bench {
namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "dossier compare: %s\n", what.c_str());
  std::exit(3);
}

// Keeps the optimiser from dropping work whose result is unused.
volatile std::size_t g_sink = 0;

// ---------------------------------------------------------------- Dossier

class DossierEngine final : public Engine {
 public:
  explicit DossierEngine(DossierEngineOptions options) : options_(options) {}

  std::string name() const override {
    std::string n = "Dossier";
    if (options_.threads == 1) n += " (1 thread)";
    if (!options_.entities) n += " (no entities)";
    return n;
  }

  void begin_index(const std::filesystem::path& directory) override {
    directory_ = directory;
    IndexOptions options;
    options.threads = options_.threads;
    options.recognize_entities = options_.entities;
    auto writer = IndexWriter::Open(directory, options);
    if (!writer) fail(writer.error().to_string());
    writer_.emplace(std::move(*writer));
  }

  void add(const Document& document) override {
    if (auto added = writer_->add_or_replace(document); !added) fail(added.error().to_string());
  }

  void end_index() override {
    if (auto committed = writer_->commit(); !committed) fail(committed.error().to_string());
    writer_.reset();
  }

  void open() override {
    auto searcher = Searcher::Open(directory_);
    if (!searcher) fail(searcher.error().to_string());
    searcher_.emplace(std::move(*searcher));
  }

  std::size_t run(const BenchQuery& query) override {
    auto results = searcher_->search(dossier_request(query));
    if (!results) fail(results.error().to_string());
    std::size_t bytes = 0;
    for (const Hit& hit : results->hits) bytes += hit.id.size() + hit.title.size() + hit.snippet.text.size();
    g_sink = bytes;
    return results->total;
  }

  std::size_t count(const BenchQuery& query) override {
    SearchRequest request = dossier_request(query);
    request.limit = 0;
    request.facet_values = 1;  // makes the count exact
    auto results = searcher_->search(request);
    if (!results) fail(results.error().to_string());
    return results->total;
  }

 private:
  DossierEngineOptions options_;
  std::filesystem::path directory_;
  std::optional<IndexWriter> writer_;
  std::optional<Searcher> searcher_;
};

// ---------------------------------------------------------------- raw Xapian

class XapianEngine final : public Engine {
 public:
  std::string name() const override { return "raw Xapian"; }

  void begin_index(const std::filesystem::path& directory) override {
    directory_ = directory;
    writer_ = Xapian::WritableDatabase(directory.string(),
                                       Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    generator_ = Xapian::TermGenerator();
    generator_.set_stemmer(Xapian::Stem("english"));  // default strategy: STEM_SOME
  }

  void add(const Document& document) override {
    Xapian::Document xd;
    generator_.set_document(xd);
    generator_.index_text(document.title);
    generator_.increase_termpos();
    generator_.index_text(document.body);
    // What a hit shows (id and title) sits in a value, as Dossier keeps it in
    // its summary value, so a hit needs no decompression of the article.
    std::string summary;
    summary.reserve(document.id.size() + document.title.size() + 1);
    summary += document.id;
    summary += '\n';
    summary += document.title;
    xd.add_value(kSummarySlot, summary);
    xd.set_data(document.body);
    std::string id_term = "Q" + document.id;
    xd.add_boolean_term(id_term);
    writer_.replace_document(id_term, xd);
  }

  void end_index() override {
    writer_.commit();
    writer_.close();
    writer_ = Xapian::WritableDatabase();
  }

  void open() override {
    database_ = Xapian::Database(directory_.string());
    parser_ = Xapian::QueryParser();
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_database(database_);
    enquire_.emplace(database_);
  }

  Xapian::Query query_for(const BenchQuery& query) {
    const auto& w = query.words;
    switch (query.kind) {
      case QueryKind::kFrequent:
      case QueryKind::kRare:
      case QueryKind::kFacets: return parser_.parse_query(w[0]);
      case QueryKind::kAnd2:
      case QueryKind::kPage: return parser_.parse_query(w[0] + " AND " + w[1]);
      case QueryKind::kOr3: return parser_.parse_query(w[0] + " OR " + w[1] + " OR " + w[2]);
      case QueryKind::kPhrase2: return parser_.parse_query("\"" + w[0] + " " + w[1] + "\"");
      case QueryKind::kEntity:
        return Xapian::Query(Xapian::Query::OP_FILTER, parser_.parse_query(w[0]),
                             parser_.parse_query("\"" + query.entity.name + "\""));
    }
    return {};
  }

  std::size_t run(const BenchQuery& query) override {
    enquire_->set_query(query_for(query));
    Xapian::doccount check_at_least =
        query.kind == QueryKind::kFacets ? database_.get_doccount() : 0;
    Xapian::MSet mset = enquire_->get_mset(0, 10, check_at_least);
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document document = it.get_document();
      bytes += document.get_value(kSummarySlot).size();  // id and title
      // A page reads each hit's stored article and makes no snippet: the
      // floor under any snippet maker (Xapian's MSet::snippet re-tokenises
      // the whole text and would cost several times more).
      if (query.kind == QueryKind::kPage) bytes += document.get_data().size();
    }
    g_sink = bytes;
    return mset.get_matches_estimated();
  }

  std::size_t count(const BenchQuery& query) override {
    enquire_->set_query(query_for(query));
    return enquire_->get_mset(0, 0, database_.get_doccount()).get_matches_estimated();
  }

 private:
  std::filesystem::path directory_;
  Xapian::WritableDatabase writer_;
  Xapian::TermGenerator generator_;
  Xapian::Database database_;
  Xapian::QueryParser parser_;
  std::optional<Xapian::Enquire> enquire_;  // kept between queries, as a server would
  static constexpr Xapian::valueno kSummarySlot = 0;
};

// ---------------------------------------------------------------- SQLite FTS5

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) {
      fail(std::string("sqlite: ") + sqlite3_errmsg(db) + " in " + sql);
    }
  }
  Statement(Statement&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept {
    std::swap(statement_, other.statement_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(statement_); }
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

class Fts5Engine final : public Engine {
 public:
  ~Fts5Engine() override { close(); }

  std::string name() const override { return "SQLite FTS5"; }

  void begin_index(const std::filesystem::path& directory) override {
    close();
    std::filesystem::create_directories(directory);
    file_ = directory / "fts5.db";
    if (sqlite3_open(file_.c_str(), &db_) != SQLITE_OK) fail("cannot open " + file_.string());
    exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
         "tokenize='porter unicode61')");
    exec("BEGIN");
    insert_ = Statement(db_, "INSERT INTO docs(id, title, body) VALUES (?1, ?2, ?3)");
  }

  void add(const Document& document) override {
    sqlite3_stmt* s = insert_.get();
    sqlite3_bind_text(s, 1, document.id.data(), static_cast<int>(document.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 2, document.title.data(), static_cast<int>(document.title.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 3, document.body.data(), static_cast<int>(document.body.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) fail(std::string("sqlite insert: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }

  void end_index() override {
    insert_ = Statement();
    exec("COMMIT");
    close();
  }

  void open() override {
    close();
    if (sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      fail("cannot open " + file_.string());
    }
    top_ = Statement(db_, "SELECT id, title FROM docs WHERE docs MATCH ?1 "
                          "ORDER BY bm25(docs) LIMIT 10");
    page_ = Statement(db_, "SELECT id, title, snippet(docs, 2, '<b>', '</b>', '...', 40) "
                           "FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10");
    count_ = Statement(db_, "SELECT count(*) FROM docs WHERE docs MATCH ?1");
  }

  static std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  }

  static std::string match_for(const BenchQuery& query) {
    const auto& w = query.words;
    switch (query.kind) {
      case QueryKind::kFrequent:
      case QueryKind::kRare:
      case QueryKind::kFacets: return w[0];
      case QueryKind::kAnd2:
      case QueryKind::kPage: return w[0] + " AND " + w[1];
      case QueryKind::kOr3: return w[0] + " OR " + w[1] + " OR " + w[2];
      case QueryKind::kPhrase2: return quoted(w[0] + " " + w[1]);
      case QueryKind::kEntity: return w[0] + " AND " + quoted(query.entity.name);
    }
    return {};
  }

  std::size_t run(const BenchQuery& query) override {
    std::string match = match_for(query);
    sqlite3_stmt* s = query.kind == QueryKind::kPage ? page_.get() : top_.get();
    std::size_t rows = step_all(s, match);
    if (query.kind == QueryKind::kFacets) return count(query);
    return rows;
  }

  std::size_t count(const BenchQuery& query) override {
    std::string match = match_for(query);
    sqlite3_stmt* s = count_.get();
    sqlite3_bind_text(s, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    std::size_t n = 0;
    if (sqlite3_step(s) == SQLITE_ROW) n = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
    sqlite3_reset(s);
    return n;
  }

 private:
  std::size_t step_all(sqlite3_stmt* s, const std::string& match) {
    sqlite3_bind_text(s, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    std::size_t rows = 0, bytes = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      ++rows;
      for (int c = 0; c < sqlite3_column_count(s); ++c) bytes += sqlite3_column_bytes(s, c);
      (void)sqlite3_column_text(s, 1);
    }
    if (rc != SQLITE_DONE) fail(std::string("sqlite query \"") + match + "\": " + sqlite3_errmsg(db_));
    sqlite3_reset(s);
    g_sink = bytes;
    return rows;
  }

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "?";
      sqlite3_free(error);
      fail(std::string("sqlite: ") + message + " in " + sql);
    }
  }

  void close() {
    top_ = Statement();
    page_ = Statement();
    count_ = Statement();
    insert_ = Statement();
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
  }

  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  Statement insert_, top_, page_, count_;
};

}  // namespace

std::unique_ptr<Engine> make_dossier_engine(DossierEngineOptions options) {
  return std::make_unique<DossierEngine>(options);
}
std::unique_ptr<Engine> make_xapian_engine() { return std::make_unique<XapianEngine>(); }
std::unique_ptr<Engine> make_fts5_engine() { return std::make_unique<Fts5Engine>(); }

}  // namespace dossier::bench
