#include "index/index_directory.h"

#include <fstream>
#include <iterator>
#include <system_error>

#include "index/schema.h"

namespace dossier::index {

namespace fs = std::filesystem;

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

// The user's alias file as text, or nullopt when none was given (the index
// keeps the aliases stored in it).
Result<std::optional<std::string>> read_alias_file(const fs::path& alias_file) {
  if (alias_file.empty()) return std::nullopt;
  std::ifstream in(alias_file, std::ios::binary);
  if (!in) return make_error(ErrorCode::kNotFound, "cannot open alias file " + alias_file.string());
  std::string aliases((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(ErrorCode::kIoError, "cannot read alias file " + alias_file.string());
  return aliases;
}

// Opens (or creates) the Glass database and checks or stores its settings.
Result<Xapian::WritableDatabase> open_writable_database(const fs::path& directory,
                                                        const AnalysisOptions& analysis) {
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
    database.set_metadata(std::string(index::kSettingsKey), index::encode_settings(analysis));
    database.set_metadata(std::string(index::kCanonicalTermsKey), "1");
    database.set_metadata(std::string(index::kFacetTermsKey), "1");
    database.set_metadata(std::string(index::kCopyOutletTermsKey), "1");
    database.set_metadata(std::string(index::kSpellingCountsKey), "1");
    database.commit();
    return database;
  }
  int format = 0;
  auto stored = index::decode_settings(settings, directory, &format);
  if (!stored) return std::unexpected(stored.error());
  if (!(*stored == analysis)) {
    return make_error(ErrorCode::kIncompatible,
                      "index " + directory.string() + " was created with language=" +
                          stored->language + " fold_accents=" +
                          (stored->fold_accents ? "on" : "off") +
                          "; open it with the same analysis options");
  }
  if (format < index::kFormatVersion) {
    // Before this writer adds anything an older reader would misread: such a
    // reader then refuses the index by its version instead.
    database.set_metadata(std::string(index::kSettingsKey), index::encode_settings(analysis));
    database.commit();
  }
  return database;
}

}  // namespace dossier::index
