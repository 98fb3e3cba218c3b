#include "search/shards.h"

#include <charconv>
#include <filesystem>
#include <system_error>

#include "index/schema.h"
#include "util/engine_errors.h"

namespace dossier::search {
namespace {

constexpr std::string_view kTcpScheme = "tcp://";
// How long a remote shard may take to answer before the search fails
// (milliseconds): a shard that goes down gives an error, not a hang.
constexpr unsigned kRemoteTimeoutMs = 10'000;
constexpr unsigned kRemoteConnectTimeoutMs = 5'000;

Result<Xapian::Database> open_one(const std::string& shard) {
  if (shard.starts_with(kTcpScheme)) {
    std::string_view address = std::string_view(shard).substr(kTcpScheme.size());
    std::size_t colon = address.rfind(':');
    unsigned port = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(address.data() + colon + 1, address.data() + address.size(), port).ec !=
            std::errc{} ||
        port == 0 || port > 65535) {
      return make_error(ErrorCode::kInvalidArgument,
                        "bad shard address \"" + shard + "\"; expected tcp://host:port");
    }
    return util::guarded("connecting to shard " + shard, [&]() -> Result<Xapian::Database> {
      return Xapian::Remote::open(std::string(address.substr(0, colon)), port, kRemoteTimeoutMs,
                                  kRemoteConnectTimeoutMs);
    });
  }
  std::error_code error;
  if (!std::filesystem::exists(shard, error)) {
    return make_error(ErrorCode::kNotFound, "no index at " + shard);
  }
  if (!std::filesystem::exists(std::filesystem::path(shard) / "iamglass", error)) {
    return make_error(ErrorCode::kIncompatible, "not a Dossier index: " + shard);
  }
  return util::guarded("opening index " + shard, [&]() -> Result<Xapian::Database> {
    return Xapian::Database(shard);
  });
}

}  // namespace

Result<OpenedShards> open_shards(const std::vector<std::string>& shards) {
  OpenedShards opened;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    auto database = open_one(shards[i]);
    if (!database) return std::unexpected(database.error());
    auto settings = util::guarded("reading settings of " + shards[i], [&]() -> Result<AnalysisOptions> {
      std::string encoded = database->get_metadata(std::string(index::kSettingsKey));
      if (encoded.empty()) {
        return make_error(ErrorCode::kIncompatible, "not a Dossier index: " + shards[i]);
      }
      return index::decode_settings(encoded, shards[i]);
    });
    if (!settings) return std::unexpected(settings.error());
    if (i == 0) {
      opened.analysis = *settings;
    } else if (!(*settings == opened.analysis)) {
      return make_error(ErrorCode::kIncompatible,
                        "shard " + shards[i] + " was created with other analysis settings than " +
                            shards.front());
    }
    opened.database.add_database(*database);
  }
  return opened;
}

}  // namespace dossier::search
