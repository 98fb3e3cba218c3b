#include "dossier/index_writer.h"

#include <xapian.h>

#include <atomic>
#include <deque>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "dossier/sharding.h"
#include "entities/extractor.h"
#include "index/buffered_changes.h"
#include "index/change_log.h"
#include "index/document_builder.h"
#include "index/index_directory.h"
#include "index/name_metadata.h"
#include "index/near_duplicate.h"
#include "index/schema.h"
#include "index/sharding.h"
#include "util/engine_errors.h"
#include "util/utf8.h"
#include "util/worker_pool.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// Documents analysed per batch: enough to keep every worker busy while the
// writer thread applies the previous batch, small enough to bound memory.
constexpr std::size_t kBatchSize = 256;
// The first batch after the pipeline empties, doubled with each batch up to
// kBatchSize: the writer thread waits for the first batch's analysis with
// nothing to apply, so a small first batch starts it sooner (a commit of a
// few dozen articles overlaps analysis and writing at all only this way).
constexpr std::size_t kFirstBatchSize = 16;

struct RemoveOperation {
  std::string id;
};
// One queued change, in the order the caller made it.
using Operation = std::variant<Document, RemoveOperation>;

Status validate_id(std::string_view id) {
  if (id.empty()) return make_error(ErrorCode::kInvalidArgument, "document id is empty");
  // Xapian stores a NUL in a term as two bytes, past what the length check
  // below allows for; no real id needs one.
  if (id.find('\0') != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument, "document id contains a NUL byte");
  }
  if (id.size() > index::kMaxKeyBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "document id is longer than 200 bytes: " + std::string(id.substr(0, 40)) +
                          "...");
  }
  return {};
}

// An exception a worker thread met while analysing one article.
struct AnalysisFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

struct IndexWriter::Impl {
  fs::path directory;
  IndexOptions options;
  Xapian::WritableDatabase database;
  bool in_transaction = false;
  std::optional<entities::EntityExtractor> extractor;  // unset: entities off
  // Set while the index cannot be reopened after a failure; every call gets it.
  std::optional<Error> unusable;
  std::string failure;  // the failure that made the writer reopen the index

  util::WorkerPool pool;
  std::vector<index::DocumentBuilder> builders;  // one per worker
  std::vector<Operation> pending;                // queued, not yet analysing
  std::size_t batch_size = kFirstBatchSize;      // `pending` is dispatched at this size
  std::vector<Operation> analysing;              // the batch the workers have
  std::vector<std::optional<index::BuiltDocument>> built;  // parallel to analysing
  // The next article of `analysing` nobody has taken yet. The caller's thread
  // takes articles too when it has applied its batch first: early in a large
  // commit applying is cheaper than analysing, and it would wait idle.
  std::shared_ptr<std::atomic<std::size_t>> next_to_analyse;
  // The batch applied last, freed by a worker during the next job: destroying
  // 256 Xapian documents was ~5% of the writer's thread, the pipeline's
  // bottleneck (bench/README.md, "Where the time goes").
  struct Retired {
    std::vector<Operation> operations;
    std::vector<std::optional<index::BuiltDocument>> documents;
  };
  Retired retired;
  // Display names seen since the last commit, and the entities of articles
  // removed or replaced, whose names go if no article names them any more.
  index::NameMetadata names;
  index::ChangeLog changes;  // docids this commit touches, for readers' columns
  index::BufferedChanges buffered;  // keeps Xapian's transaction buffers bounded
  // Whether every article has its canonical-key terms (index::kCanonicalTermsKey):
  // only then does a key without documents mean no article names the entity.
  bool canonical_terms = false;
  // Whether the spelling dictionary counts each article once
  // (index::kSpellingCountsKey) and this writer keeps it so: a replaced or
  // removed article's words are then taken back out.
  bool spelling_counts = false;
  // Set when this writer keeps no dictionary in an index flagged so: its
  // next commit clears the flag.
  bool clear_spelling_counts = false;
  // Finds the words a replaced or removed article gave the dictionary.
  index::DocumentBuilder old_version_words;
  std::set<std::string> field_names;  // keyword fields seen since the last commit

  Impl(fs::path dir, const IndexOptions& opts, Xapian::WritableDatabase db, unsigned threads)
      : directory(std::move(dir)),
        options(opts),
        database(std::move(db)),
        pool(threads),
        old_version_words(options.analysis) {
    // One per worker and one for the caller's thread (analyse_remaining).
    for (unsigned i = 0; i <= pool.size(); ++i) builders.emplace_back(options.analysis, options.spelling_dictionary);
  }

  ~Impl() {
    pool.wait_discarding_errors();
    // Xapian commits on destruction unless a transaction is open: discard
    // what the caller did not commit, as documented.
    try {
      if (in_transaction) database.cancel_transaction();
      database.close();
    } catch (const Xapian::Error&) {
    }
  }

  // The failure model (index_writer.h): runs one public call's body; if it
  // fails, everything since the last commit is discarded and the error says so.
  template <typename Body>
  auto run(std::string_view context, Body&& body) -> decltype(body()) {
    if (unusable) reopen();
    if (unusable) return std::unexpected(*unusable);
    auto result = util::guarded(context, body);
    if (!result) {
      Error& error = result.error();
      error.message += "; every change since the last commit was discarded";
      discard_uncommitted(error);
    }
    return result;
  }

  // Back to the last commit: the queues emptied and the database reopened
  // from disk. (Cancelling Xapian's transaction is not enough: after a failed
  // block write, Glass's tables keep state that fails every later write.)
  void discard_uncommitted(const Error& cause) noexcept {
    pool.wait_discarding_errors();
    pending.clear();
    batch_size = kFirstBatchSize;
    analysing.clear();
    built.clear();
    next_to_analyse.reset();
    retired = {};
    names.clear();
    changes.clear();
    buffered.clear();
    field_names.clear();
    try {
      // Closing outside a transaction would commit what is buffered.
      if (!in_transaction) database.begin_transaction(/*flushed=*/false);
    } catch (const Xapian::Error&) {
      // Xapian already closed it: nothing can be committed by accident.
    }
    in_transaction = false;
    try {
      database.close();
    } catch (const Xapian::Error&) {
    }
    failure = cause.message;
    reopen();
  }

  // Opens the index again after a failure; until that works, every call
  // fails with `unusable`.
  void reopen() noexcept {
    try {
      database = Xapian::WritableDatabase(directory.string(),
                                          Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
      unusable.reset();
    } catch (const Xapian::Error& error) {
      Error reason = util::translate(error, "reopening " + directory.string());
      unusable = Error{reason.code, "this IndexWriter cannot write until it can reopen the index (" +
                                        reason.message + "), after: " + failure};
    } catch (const std::exception& error) {
      unusable = Error{ErrorCode::kInternal, "reopening " + directory.string() + ": " +
                                                 error.what() + ", after: " + failure};
    }
  }

  void ensure_transaction() {
    if (!in_transaction) {
      database.begin_transaction(/*flushed=*/true);
      in_transaction = true;
    }
  }

  void queue(Operation operation) {
    ensure_transaction();
    pending.push_back(std::move(operation));
    if (pending.size() >= batch_size) dispatch();
  }

  // Hands `pending` to the workers and applies the batch they finished
  // before. A failure anywhere here throws; run() then discards the lot, so
  // no part of a batch can stay in the open transaction.
  void dispatch() {
    if (next_to_analyse) analyse_remaining(pool.size(), *next_to_analyse);
    pool.wait();  // rethrows what a worker met analysing `analysing`
    next_to_analyse.reset();
    std::vector<Operation> finished = std::move(analysing);
    std::vector<std::optional<index::BuiltDocument>> finished_built = std::move(built);
    analysing = std::move(pending);
    pending.clear();
    batch_size = analysing.empty() ? kFirstBatchSize : std::min(kBatchSize, batch_size * 2);
    built.assign(analysing.size(), std::nullopt);
    if (!analysing.empty()) {
      next_to_analyse = std::make_shared<std::atomic<std::size_t>>(0);
      auto to_free = std::make_shared<Retired>(std::move(retired));
      retired = {};
      pool.start([this, next = next_to_analyse, to_free](unsigned worker) {
        analyse_remaining(worker, *next);
        if (worker == 0) *to_free = {};
      });
    }
    apply(finished, finished_built);
    retired = {std::move(finished), std::move(finished_built)};
  }

  // Analyses articles of `analysing` until none is left to take (`next` is
  // the first not taken), with builders[builder]: each thread has its own.
  void analyse_remaining(unsigned builder, std::atomic<std::size_t>& next) {
    for (std::size_t i = next++; i < analysing.size(); i = next++) {
      if (auto* article = std::get_if<Document>(&analysing[i])) {
        built[i] = build(builder, *article);
      }
    }
  }

  index::BuiltDocument build(unsigned worker, const Document& article) {
    try {
      std::vector<entities::ExtractedEntity> entities;
      if (extractor) entities = extractor->extract(article);
      return builders[worker].build(article, std::move(entities));
    } catch (const std::bad_alloc&) {
      throw AnalysisFailure("analysing document " + article.id + ": out of memory");
    } catch (const Xapian::Error& error) {
      throw AnalysisFailure("analysing document " + article.id + ": " + error.get_description());
    } catch (const std::exception& error) {
      throw AnalysisFailure("analysing document " + article.id + ": " + error.what());
    }
  }

  void apply(std::vector<Operation>& operations,
             std::vector<std::optional<index::BuiltDocument>>& documents) {
    // Each word once per batch, with the number of its articles: far fewer
    // calls into Xapian's spelling table than once per article.
    index::SpellingCounts spelling_words;
    std::deque<std::string> old_words;  // keys of spelling_words from replaced articles
    for (std::size_t i = 0; i < operations.size(); ++i) {
      if (auto* removal = std::get_if<RemoveOperation>(&operations[i])) {
        const std::string id_term = index::id_term(removal->id);
        if (canonical_terms) names.note_leaving(database, id_term);
        if (spelling_counts) count_out_old_version(id_term, spelling_words, old_words);
        if (auto posting = database.postlist_begin(id_term);
            posting != database.postlist_end(id_term)) {
          changes.touched(*posting);
        }
        database.delete_document(id_term);
        continue;
      }
      index::BuiltDocument& document = *documents[i];
      if (canonical_terms) names.note_leaving(database, document.id_term);
      if (spelling_counts) count_out_old_version(document.id_term, spelling_words, old_words);
      index::add_to_copy_group(database, document);
      changes.touched(database.replace_document(document.id_term, document.document));
      for (const Entity& entity : document.entities) names.remember(entity);
      field_names.insert(document.field_names.begin(), document.field_names.end());
      for (const std::string& word : document.spelling_words) ++spelling_words[word];
    }
    buffered.after_batch(database, operations.size(), spelling_words);
  }

  // Counts out of the dictionary the words of the article stored under
  // `id_term`, which the batch replaces or removes (in the batch's order, so
  // a version added earlier in it counts too); `owned` keeps the words.
  void count_out_old_version(const std::string& id_term, index::SpellingCounts& counts,
                             std::deque<std::string>& owned) {
    for (auto posting = database.postlist_begin(id_term);
         posting != database.postlist_end(id_term); ++posting) {
      auto stored =
          index::decode_stored(database.get_document(*posting).get_data(), /*with_entities=*/false);
      if (!stored) continue;  // unreadable: its words stay counted, as before this rule
      for (std::string& word : old_version_words.spelling_words(*stored)) {
        --counts[owned.emplace_back(std::move(word))];
      }
    }
  }

  void store_names() {
    names.store(database, canonical_terms);
    std::string schema = index::merged_field_schema(
        database, std::vector<std::string>(field_names.begin(), field_names.end()));
    if (!schema.empty()) database.set_metadata(std::string(index::kFieldSchemaKey), schema);
    field_names.clear();
  }

  // Applies every queued change, in order.
  void drain() {
    dispatch();  // applies the batch in flight, starts on `pending`
    dispatch();  // applies that one
  }

  void commit() {
    drain();
    store_names();
    if (clear_spelling_counts) database.set_metadata(std::string(index::kSpellingCountsKey), "");
    if (in_transaction) {
      changes.write(database);
      in_transaction = false;
      database.commit_transaction();
    } else {
      database.commit();
    }
    buffered.clear();
    clear_spelling_counts = false;
  }

  // A new alias file changes how names resolve, so the entities of every
  // article already indexed are derived again; the file and the new terms are
  // committed together, or (on any failure) not at all.
  void apply_alias_file(const std::string& aliases) {
    ensure_transaction();
    database.set_metadata(std::string(index::kAliasesKey), aliases);
    std::vector<Xapian::docid> articles;
    for (auto posting = database.postlist_begin(""); posting != database.postlist_end("");
         ++posting) {
      articles.push_back(*posting);
    }
    for (Xapian::docid article : articles) {
      auto stored = index::decode_stored(database.get_document(article).get_data());
      if (!stored) throw std::runtime_error("re-deriving entities: " + stored.error().message);
      queue(std::move(*stored));
    }
    // Every article is rebuilt in this commit, with its canonical-key terms
    // and its copy-outlet term.
    database.set_metadata(std::string(index::kCanonicalTermsKey), "1");
    database.set_metadata(std::string(index::kFacetTermsKey), "1");
    database.set_metadata(std::string(index::kCopyOutletTermsKey), "1");
    canonical_terms = true;
    commit();
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;
IndexWriter::~IndexWriter() = default;

Result<IndexWriter> IndexWriter::Open(const fs::path& directory, const IndexOptions& options) {
  const std::string context = "opening index " + directory.string();
  return util::guarded(context, [&]() -> Result<IndexWriter> {
    // The options first: a bad one leaves no new directory behind.
    if (!analysis::is_supported_language(options.analysis.language)) {
      return make_error(ErrorCode::kInvalidArgument,
                        "unknown stemming language \"" + options.analysis.language +
                            "\"; choose one of: none " + Xapian::Stem::get_available_languages());
    }
    if (options.shards != 0 && options.shard >= options.shards) {
      return make_error(ErrorCode::kInvalidArgument, "shard " + std::to_string(options.shard) +
                                                         " of " + std::to_string(options.shards) +
                                                         ": shards count from 0");
    }
    auto new_aliases = index::read_alias_file(options.entity_aliases);
    if (!new_aliases) return std::unexpected(new_aliases.error());
    if (*new_aliases) {
      if (auto valid = entities::Resolver().add_aliases(**new_aliases,
                                                        options.entity_aliases.string());
          !valid) {
        return std::unexpected(valid.error());
      }
    }
    if (auto checked = index::check_index_directory(directory, options.create_if_missing);
        !checked) {
      return std::unexpected(checked.error());
    }
    auto database = index::open_writable_database(directory, options.analysis);
    if (!database) return std::unexpected(database.error());
    if (options.shards != 0) {
      auto recorded = index::check_shard_record(*database, directory.string(), options.shard,
                                                options.shards);
      if (!recorded) return std::unexpected(recorded.error());
    }
    auto fields = index::decode_field_schema(
        database->get_metadata(std::string(index::kFieldSchemaKey)), directory.string());
    if (!fields) return std::unexpected(fields.error());
    const unsigned threads =
        options.threads ? options.threads
                        : util::threads_beside_caller(std::thread::hardware_concurrency());
    auto impl = std::make_unique<Impl>(directory, options, std::move(*database), threads);
    impl->canonical_terms =
        impl->database.get_metadata(std::string(index::kCanonicalTermsKey)) == "1";
    const bool spelling_counted =
        impl->database.get_metadata(std::string(index::kSpellingCountsKey)) == "1";
    impl->spelling_counts = spelling_counted && options.spelling_dictionary;
    impl->clear_spelling_counts = spelling_counted && !options.spelling_dictionary;
    if (!options.recognize_entities) return IndexWriter(std::move(impl));

    const std::string stored_aliases =
        impl->database.get_metadata(std::string(index::kAliasesKey));
    const bool aliases_change = *new_aliases && **new_aliases != stored_aliases;
    entities::Resolver resolver;
    auto added = resolver.add_aliases(aliases_change ? **new_aliases : stored_aliases,
                                      aliases_change ? options.entity_aliases.string()
                                                     : "aliases stored in the index");
    if (!added) return std::unexpected(added.error());
    impl->extractor.emplace(std::move(resolver));
    if (aliases_change) {
      Status applied = impl->run("applying alias file " + options.entity_aliases.string(),
                                 [&]() -> Status {
                                   impl->apply_alias_file(**new_aliases);
                                   return {};
                                 });
      if (!applied) return std::unexpected(applied.error());
    }
    return IndexWriter(std::move(impl));
  });
}

Status IndexWriter::add_or_replace(const Document& document) {
  return add_or_replace(Document(document));
}

Status IndexWriter::add_or_replace(Document&& document) {
  if (auto valid = validate_id(document.id); !valid) return valid;
  if (const IndexOptions& options = impl_->options; options.shards != 0) {
    if (std::size_t shard = shard_of(document.id, options.shards); shard != options.shard) {
      return make_error(ErrorCode::kInvalidArgument,
                        "document " + document.id + " belongs to shard " + std::to_string(shard) +
                            " of " + std::to_string(options.shards) + ", not to this shard " +
                            std::to_string(options.shard));
    }
  }
  for (const Field& field : document.fields) {
    if (auto valid = validate_field(field); !valid) {
      return make_error(ErrorCode::kInvalidArgument,
                        "document " + document.id + ": " + valid.error().message);
    }
  }
  return impl_->run("adding document " + document.id, [&]() -> Status {
    util::repair_utf8(document.title);
    util::repair_utf8(document.body);
    util::repair_utf8(document.source);
    util::repair_utf8(document.url);
    for (Field& field : document.fields) util::repair_utf8(field.value);
    impl_->queue(std::move(document));
    return {};
  });
}

Status IndexWriter::remove(std::string_view id) {
  if (auto valid = validate_id(id); !valid) return valid;
  return impl_->run("removing document " + std::string(id), [&]() -> Status {
    impl_->queue(RemoveOperation{std::string(id)});
    return {};
  });
}

Status IndexWriter::commit() {
  return impl_->run("committing to " + impl_->directory.string(), [&]() -> Status {
    impl_->commit();
    return {};
  });
}

Result<std::size_t> IndexWriter::document_count() {
  return impl_->run("counting documents", [&]() -> Result<std::size_t> {
    impl_->drain();
    return impl_->database.get_doccount();
  });
}

const AnalysisOptions& IndexWriter::analysis() const { return impl_->options.analysis; }

}  // namespace dossier
