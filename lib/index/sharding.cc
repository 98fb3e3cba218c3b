#include "dossier/sharding.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <system_error>
#include <vector>

#include "entities/display_name.h"
#include "index/near_duplicate.h"
#include "index/schema.h"
#include "index/sharding.h"
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
    if (user_key == index::kSettingsKey) {
      // Equal analysis settings (checked before); the newest format version
      // says what the merged index may hold.
      int newest = -1;
      for (std::size_t i = 0; i < num_tags; ++i) {
        int format = 0;
        if (index::decode_settings(tags[i], "a shard", &format) && format > newest) {
          newest = format;
          best = i;
        }
      }
    }
    if (user_key.starts_with(index::kEntityNamePrefix)) {
      for (std::size_t i = 1; i < num_tags; ++i) {
        if (entities::better_display_name(tags[i], tags[best])) best = i;
      }
    }
    return tags[best];
  }
};

// Metadata saying something holds for every article (index/schema.h): it
// holds for the merged index only if it held for every shard.
constexpr std::string_view kEveryArticleFlags[] = {
    index::kCanonicalTermsKey, index::kFacetTermsKey, index::kCopyOutletTermsKey,
    index::kSpellingCountsKey};

}  // namespace

std::size_t shard_of(std::string_view id, std::size_t shards) {
  if (shards <= 1) return 0;
  // Mixed first: modulo a power of two, FNV-1a alone lets only the low bits
  // of each byte decide ("a", "e", "i", ... all in shard 0 of 4).
  return static_cast<std::size_t>(util::mix64(util::fnv1a64(id)) % shards);
}

namespace index {

namespace {
std::string shard_record(std::size_t shard, std::size_t shards) {
  return std::string(kShardFunction) + " " + std::to_string(shard) + "/" + std::to_string(shards);
}
}  // namespace

Status check_shard_record(Xapian::WritableDatabase& database, const std::string& directory,
                          std::size_t shard, std::size_t shards) {
  const std::string expected = shard_record(shard, shards);
  const std::string stored = database.get_metadata(std::string(kShardKey));
  if (stored == expected) return {};
  if (!stored.empty()) {
    const bool same_function = stored.starts_with(std::string(kShardFunction) + " ");
    return make_error(ErrorCode::kIncompatible,
                      directory + " is recorded as shard \"" + stored + "\", not \"" +
                          expected + "\"" +
                          (same_function ? "; open each shard with its own index and count"
                                         : "; this Dossier splits with " +
                                               std::string(kShardFunction)));
  }
  if (database.get_doccount() != 0) {
    return make_error(ErrorCode::kIncompatible,
                      directory + " holds articles but no shard record: it is no shard, or "
                                  "one split by an older Dossier, whose shard_of sends ids to "
                                  "other shards; "
                                  "index the corpus again into new shards, or merge the old "
                                  "ones into one index (dossier-index --merge)");
  }
  database.set_metadata(std::string(kShardKey), expected);
  database.commit();
  return {};
}

Result<ShardSettings> read_shard_settings(const Xapian::Database& database,
                                          const std::string& name) {
  std::string encoded = database.get_metadata(std::string(kSettingsKey));
  if (encoded.empty()) return make_error(ErrorCode::kIncompatible, "not a Dossier index: " + name);
  auto settings = decode_settings(encoded, name);
  if (!settings) return std::unexpected(settings.error());
  auto fields = decode_field_schema(database.get_metadata(std::string(kFieldSchemaKey)), name);
  if (!fields) return std::unexpected(fields.error());
  return ShardSettings{*settings, database.get_metadata(std::string(kAliasesKey))};
}

Status check_same_settings(const ShardSettings& first, const std::string& first_name,
                           const ShardSettings& shard, const std::string& shard_name) {
  if (!(shard.analysis == first.analysis)) {
    return make_error(ErrorCode::kIncompatible, "shard " + shard_name +
                                                    " was created with other analysis settings "
                                                    "than " + first_name);
  }
  if (shard.aliases != first.aliases) {
    // Alias keys are indexed as filter terms: shards indexed with different
    // alias files would answer the same filter differently.
    return make_error(ErrorCode::kIncompatible,
                      "shard " + shard_name + " was indexed with another alias file than " +
                          first_name + "; index every shard with the same --aliases file");
  }
  return {};
}

}  // namespace index

Status merge_shards(const std::vector<std::filesystem::path>& shards,
                    const std::filesystem::path& output) {
  if (shards.empty()) return make_error(ErrorCode::kInvalidArgument, "no shard to merge");
  std::error_code error;
  if (std::filesystem::exists(output, error)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "merge output already exists: " + output.string());
  }
  Xapian::Database combined;
  index::ShardSettings first;
  std::vector<std::string_view> flags_of_every_shard(std::begin(kEveryArticleFlags),
                                                     std::end(kEveryArticleFlags));
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const std::filesystem::path& shard = shards[i];
    if (!std::filesystem::exists(shard / "iamglass", error)) {
      return make_error(std::filesystem::exists(shard, error) ? ErrorCode::kIncompatible
                                                              : ErrorCode::kNotFound,
                        "not a Dossier index: " + shard.string());
    }
    auto opened = util::guarded("opening shard " + shard.string(), [&]() -> Status {
      Xapian::Database database(shard.string());
      auto settings = index::read_shard_settings(database, shard.string());
      if (!settings) return std::unexpected(settings.error());
      if (i == 0) {
        first = std::move(*settings);
      } else if (auto same = index::check_same_settings(first, shards.front().string(), *settings,
                                                        shard.string());
                 !same) {
        return same;
      }
      std::erase_if(flags_of_every_shard, [&](std::string_view flag) {
        return database.get_metadata(std::string(flag)) != "1";
      });
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
    // One index now, no shard: a writer opened as a shard refuses it.
    Xapian::WritableDatabase merged(output.string(), Xapian::DB_OPEN);
    merged.set_metadata(std::string(index::kShardKey), "");
    // Copies of one story in two shards share a group key but not a mark.
    if (shards.size() > 1) index::mark_shared_copy_groups(merged);
    for (std::string_view flag : kEveryArticleFlags) {
      const bool kept = std::find(flags_of_every_shard.begin(), flags_of_every_shard.end(),
                                  flag) != flags_of_every_shard.end();
      if (!kept) merged.set_metadata(std::string(flag), "");
    }
    merged.commit();
    return {};
  });
}

}  // namespace dossier
