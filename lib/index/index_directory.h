// The files behind an IndexWriter: the index directory, the Glass database
// and its stored settings, and the user's alias file.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>

#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier::index {

// A directory we may create an index in: missing (created if
// create_if_missing), empty, or an index already.
Status check_index_directory(const std::filesystem::path& directory, bool create_if_missing);

// Opens (or creates) the Glass database for writing; stores the analysis
// settings in a new index, checks them against an existing one. kLocked when
// another writer has it.
Result<Xapian::WritableDatabase> open_writable_database(const std::filesystem::path& directory,
                                                        const AnalysisOptions& analysis);

// The user's alias file as text, or nullopt when none was given (the index
// keeps the aliases stored in it).
Result<std::optional<std::string>> read_alias_file(const std::filesystem::path& alias_file);

}  // namespace dossier::index
