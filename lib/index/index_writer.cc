#include "dossier/index_writer.h"

#include <xapian.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <cstdlib>
#include <system_error>
#include <unordered_map>
#include <variant>

#include "entities/extractor.h"
#include "index/change_log.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "util/engine_errors.h"
#include "util/utf8.h"
#include "util/worker_pool.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// Documents analysed per batch: enough to keep every worker busy while the
// writer thread applies the previous batch, small enough to bound memory.
constexpr std::size_t kBatchSize = 256;

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

// Xapian buffers changes in memory until this many documents, then writes
// them out; inside a transaction nothing becomes visible before commit, so a
// lower threshold only bounds memory (measured at 10k documents: 414 -> 121 MB
// peak, and less writer CPU). Xapian reads it from the environment only; a
// value the user set is kept.
constexpr const char* kFlushThreshold = "1000";

void lower_flush_threshold() {
  static std::once_flag once;
  std::call_once(once, [] { setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, /*overwrite=*/0); });
}

// A directory we may create an index in: missing, empty, or an index already.
Status check_index_directory(const fs::path& directory, bool create_if_missing) {
  std::error_code error;
  if (!fs::exists(directory, error)) {
    if (!create_if_missing) {
      return make_error(ErrorCode::kNotFound, "no index at " + directory.string());
    }
    if (!fs::create_directories(directory, error)) {
      return make_error(ErrorCode::kIoError, "cannot create index directory " +
                                                 directory.string() + ": " + error.message());
    }
    return {};
  }
  if (!fs::is_directory(directory, error)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "not a directory: " + directory.string());
  }
  bool empty = fs::is_empty(directory, error);
  if (!empty && !fs::exists(directory / "iamglass", error)) {
    return make_error(ErrorCode::kIncompatible,
                      "not a Dossier index: " + directory.string() +
                          " holds other files; choose an empty or new directory");
  }
  return {};
}

// The resolver for this index: the built-in aliases plus the user's file. A new
// file replaces the one stored in the index; without one, the stored one is used.
Result<entities::Resolver> load_resolver(Xapian::WritableDatabase& database,
                                         const fs::path& alias_file) {
  std::string aliases;
  std::string source = "aliases stored in the index";
  if (!alias_file.empty()) {
    std::ifstream in(alias_file, std::ios::binary);
    if (!in) return make_error(ErrorCode::kNotFound, "cannot open alias file " + alias_file.string());
    aliases.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    source = alias_file.string();
  } else {
    aliases = database.get_metadata(std::string(index::kAliasesKey));
  }
  entities::Resolver resolver;
  if (auto added = resolver.add_aliases(aliases, source); !added) {
    return std::unexpected(added.error());
  }
  if (!alias_file.empty()) {
    database.set_metadata(std::string(index::kAliasesKey), aliases);
    database.commit();
  }
  return resolver;
}

}  // namespace

struct IndexWriter::Impl {
  fs::path directory;
  IndexOptions options;
  Xapian::WritableDatabase database;
  bool in_transaction = false;
  std::optional<entities::EntityExtractor> extractor;  // unset: entities off

  util::WorkerPool pool;
  std::vector<index::DocumentBuilder> builders;  // one per worker
  std::vector<Operation> pending;                // queued, not yet analysing
  std::vector<Operation> analysing;              // the batch the workers have
  std::vector<std::optional<index::BuiltDocument>> built;  // parallel to analysing
  // Display names seen since the last commit, by entity_name_key.
  std::unordered_map<std::string, std::string> entity_names;
  index::ChangeLog changes;  // docids this commit touches, for readers' columns
  std::set<std::string> field_names;  // keyword fields seen since the last commit

  Impl(fs::path dir, const IndexOptions& opts, Xapian::WritableDatabase db, unsigned threads)
      : directory(std::move(dir)), options(opts), database(std::move(db)), pool(threads) {
    for (unsigned i = 0; i < pool.size(); ++i) builders.emplace_back(options.analysis);
  }

  ~Impl() {
    pool.wait();
    // Xapian commits on destruction unless a transaction is open: discard
    // what the caller did not commit, as documented.
    try {
      if (in_transaction) database.cancel_transaction();
      database.close();
    } catch (const Xapian::Error&) {
    }
  }

  void ensure_transaction() {
    if (!in_transaction) {
      database.begin_transaction(/*flushed=*/true);
      in_transaction = true;
    }
  }

  // Hands `pending` to the workers and applies the batch they finished before.
  void dispatch() {
    pool.wait();
    std::vector<Operation> finished = std::move(analysing);
    std::vector<std::optional<index::BuiltDocument>> finished_built = std::move(built);
    analysing = std::move(pending);
    pending.clear();
    built.assign(analysing.size(), std::nullopt);
    if (!analysing.empty()) {
      auto next = std::make_shared<std::atomic<std::size_t>>(0);
      pool.start([this, next](unsigned worker) {
        for (std::size_t i = (*next)++; i < analysing.size(); i = (*next)++) {
          if (auto* article = std::get_if<Document>(&analysing[i])) {
            built[i] = build(worker, *article);
          }
        }
      });
    }
    apply(finished, finished_built);
  }

  index::BuiltDocument build(unsigned worker, const Document& article) {
    std::vector<entities::ExtractedEntity> entities;
    if (extractor) entities = extractor->extract(article);
    return builders[worker].build(article, std::move(entities));
  }

  void apply(std::vector<Operation>& operations,
             std::vector<std::optional<index::BuiltDocument>>& documents) {
    for (std::size_t i = 0; i < operations.size(); ++i) {
      if (auto* removal = std::get_if<RemoveOperation>(&operations[i])) {
        const std::string term = index::id_term(removal->id);
        if (auto posting = database.postlist_begin(term); posting != database.postlist_end(term)) {
          changes.touched(*posting);
        }
        database.delete_document(term);
        continue;
      }
      index::BuiltDocument& document = *documents[i];
      changes.touched(database.replace_document(document.id_term, document.document));
      for (const Entity& entity : document.entities) {
        remember_name(entity);
      }
      field_names.insert(document.field_names.begin(), document.field_names.end());
    }
  }

  void remember_name(const Entity& entity) {
    std::string key = index::entity_name_key(entity.kind, entity.key);
    auto [slot, inserted] = entity_names.try_emplace(std::move(key), entity.name);
    if (!inserted && entities::Resolver::better_display_name(entity.name, slot->second)) {
      slot->second = entity.name;
    }
  }

  void store_names() {
    for (const auto& [key, name] : entity_names) {
      std::string current = database.get_metadata(key);
      if (current.empty() || entities::Resolver::better_display_name(name, current)) {
        database.set_metadata(key, name);
      }
    }
    entity_names.clear();
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
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;
IndexWriter::~IndexWriter() = default;

Result<IndexWriter> IndexWriter::Open(const fs::path& directory, const IndexOptions& options) {
  if (auto checked = check_index_directory(directory, options.create_if_missing); !checked) {
    return std::unexpected(checked.error());
  }
  const std::string context = "opening index " + directory.string();
  return util::guarded(context, [&]() -> Result<IndexWriter> {
    if (!analysis::is_supported_language(options.analysis.language)) {
      return make_error(ErrorCode::kInvalidArgument,
                        "unknown stemming language \"" + options.analysis.language +
                            "\"; choose one of: none " + Xapian::Stem::get_available_languages());
    }
    lower_flush_threshold();
    Xapian::WritableDatabase database;
    try {
      database = Xapian::WritableDatabase(directory.string(),
                                          Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError& error) {
      // The same exception says "another writer has it" and "the lock file
      // cannot be created" (a read-only index); only the first is kLocked.
      if (error.get_msg().find("already locked") != std::string::npos) {
        return make_error(ErrorCode::kLocked, "index is locked by another writer: " +
                                                  directory.string());
      }
      return make_error(ErrorCode::kIoError, "cannot open index " + directory.string() +
                                                 " for writing: " + error.get_msg());
    }
    std::string settings = database.get_metadata(std::string(index::kSettingsKey));
    if (settings.empty()) {
      if (database.get_doccount() != 0) {
        return make_error(ErrorCode::kIncompatible,
                          "not a Dossier index (a Xapian database without Dossier settings): " +
                              directory.string());
      }
      database.set_metadata(std::string(index::kSettingsKey),
                            index::encode_settings(options.analysis));
      database.commit();
    } else {
      auto stored = index::decode_settings(settings, directory);
      if (!stored) return std::unexpected(stored.error());
      if (!(*stored == options.analysis)) {
        return make_error(ErrorCode::kIncompatible,
                          "index " + directory.string() + " was created with language=" +
                              stored->language + " fold_accents=" +
                              (stored->fold_accents ? "on" : "off") +
                              "; open it with the same analysis options");
      }
    }
    auto fields = index::decode_field_schema(
        database.get_metadata(std::string(index::kFieldSchemaKey)), directory.string());
    if (!fields) return std::unexpected(fields.error());
    // The caller's thread applies documents to Xapian, the one part that cannot
    // run in parallel: leave it a core (measured: 25-32% faster on 2 cores).
    unsigned threads = options.threads
                           ? options.threads
                           : std::max(1u, std::thread::hardware_concurrency() - 1);
    auto impl = std::make_unique<Impl>(directory, options, std::move(database), threads);
    if (options.recognize_entities) {
      auto resolver = load_resolver(impl->database, options.entity_aliases);
      if (!resolver) return std::unexpected(resolver.error());
      impl->extractor.emplace(std::move(*resolver));
    }
    return IndexWriter(std::move(impl));
  });
}

Status IndexWriter::add_or_replace(const Document& document) {
  return add_or_replace(Document(document));
}

Status IndexWriter::add_or_replace(Document&& document) {
  if (auto valid = validate_id(document.id); !valid) return valid;
  for (const Field& field : document.fields) {
    if (auto valid = validate_field(field); !valid) {
      return make_error(ErrorCode::kInvalidArgument,
                        "document " + document.id + ": " + valid.error().message);
    }
  }
  return util::guarded("adding document " + document.id, [&]() -> Status {
    util::repair_utf8(document.title);
    util::repair_utf8(document.body);
    util::repair_utf8(document.source);
    util::repair_utf8(document.url);
    for (Field& field : document.fields) util::repair_utf8(field.value);
    impl_->ensure_transaction();
    impl_->pending.emplace_back(std::move(document));
    if (impl_->pending.size() >= kBatchSize) impl_->dispatch();
    return {};
  });
}

Status IndexWriter::remove(std::string_view id) {
  if (auto valid = validate_id(id); !valid) return valid;
  return util::guarded("removing document " + std::string(id), [&]() -> Status {
    impl_->ensure_transaction();
    impl_->pending.emplace_back(RemoveOperation{std::string(id)});
    return {};
  });
}

Status IndexWriter::commit() {
  return util::guarded("committing to " + impl_->directory.string(), [&]() -> Status {
    impl_->drain();
    impl_->store_names();
    if (impl_->in_transaction) {
      impl_->changes.write(impl_->database);
      impl_->in_transaction = false;
      impl_->database.commit_transaction();
    } else {
      impl_->database.commit();
    }
    return {};
  });
}

Result<std::size_t> IndexWriter::document_count() {
  return util::guarded("counting documents", [&]() -> Result<std::size_t> {
    impl_->drain();
    return impl_->database.get_doccount();
  });
}

const AnalysisOptions& IndexWriter::analysis() const { return impl_->options.analysis; }

}  // namespace dossier
