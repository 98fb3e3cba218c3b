#include "dossier/sharding.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <system_error>

#include "entities/display_name.h"
#include "index/schema.h"
#include "util/engine_errors.h"
#include "util/hash.h"

namespace dossier {
namespace {

// Keeps, for each entity display name stored by several shards, the one a
// single index would have kept, and every keyword field any shard has; other
// metadata must agree (checked before).
class MetadataMerger : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags,
                                         const std::string tags[]) override {
    std::size_t best = 0;
    // Xapian 1.4 passes the table's key: the user's key after two internal
    // bytes ("\0\xc0"). The tags do not come in shard order.
    std::string_view user_key(key);
    if (user_key.size() >= 2 && user_key[0] == '\0') user_key.remove_prefix(2);
    if (user_key == index::kFieldSchemaKey) {
      std::vector<std::string> names;
      for (std::size_t i = 0; i < num_tags; ++i) {
        auto shard_names = index::decode_field_schema(tags[i], "a shard");
        if (shard_names) names.insert(names.end(), shard_names->begin(), shard_names->end());
      }
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      return index::encode_field_schema(names);
    }
    if (user_key.starts_with(index::kEntityNamePrefix)) {
      for (std::size_t i = 1; i < num_tags; ++i) {
        if (entities::better_display_name(tags[i], tags[best])) best = i;
      }
    }
    return tags[best];
  }
};

}  // namespace

std::size_t shard_of(std::string_view id, std::size_t shards) {
  if (shards <= 1) return 0;
  return static_cast<std::size_t>(util::fnv1a64(id) % shards);
}

Status merge_shards(const std::vector<std::filesystem::path>& shards,
                    const std::filesystem::path& output) {
  if (shards.empty()) return make_error(ErrorCode::kInvalidArgument, "no shard to merge");
  std::error_code error;
  if (std::filesystem::exists(output, error)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "merge output already exists: " + output.string());
  }
  Xapian::Database combined;
  std::string settings, aliases;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const std::filesystem::path& shard = shards[i];
    if (!std::filesystem::exists(shard / "iamglass", error)) {
      return make_error(std::filesystem::exists(shard, error) ? ErrorCode::kIncompatible
                                                              : ErrorCode::kNotFound,
                        "not a Dossier index: " + shard.string());
    }
    auto opened = util::guarded("opening shard " + shard.string(), [&]() -> Status {
      Xapian::Database database(shard.string());
      std::string shard_settings = database.get_metadata(std::string(index::kSettingsKey));
      std::string shard_aliases = database.get_metadata(std::string(index::kAliasesKey));
      if (shard_settings.empty()) {
        return make_error(ErrorCode::kIncompatible, "not a Dossier index: " + shard.string());
      }
      if (auto decoded = index::decode_settings(shard_settings, shard); !decoded) {
        return std::unexpected(decoded.error());
      }
      if (i == 0) {
        settings = std::move(shard_settings);
        aliases = std::move(shard_aliases);
      } else if (shard_settings != settings) {
        return make_error(ErrorCode::kIncompatible,
                          "shard " + shard.string() +
                              " was created with other analysis settings than " +
                              shards.front().string());
      } else if (shard_aliases != aliases) {
        return make_error(ErrorCode::kIncompatible,
                          "shard " + shard.string() + " was indexed with another alias file than " +
                              shards.front().string());
      }
      combined.add_database(database);
      return {};
    });
    if (!opened) return opened;
  }
  return util::guarded("merging shards into " + output.string(), [&]() -> Status {
    // An id in two shards would become two articles with one id.
    const std::string prefix(index::kIdPrefix);
    for (auto term = combined.allterms_begin(prefix); term != combined.allterms_end(prefix);
         ++term) {
      if (term.get_termfreq() > 1) {
        return make_error(ErrorCode::kInvalidArgument,
                          "id \"" + (*term).substr(prefix.size()) +
                              "\" is in more than one shard; split a corpus with shard_of()");
      }
    }
    MetadataMerger merger;
    combined.compact(output.string(), Xapian::DBCOMPACT_MULTIPASS, 0, merger);
    return {};
  });
}

}  // namespace dossier
