#include "search/shards.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "index/schema.h"
#include "index/sharding.h"
#include "util/engine_errors.h"

namespace dossier::search {
namespace {

constexpr std::string_view kTcpScheme = "tcp://";
// How long a remote shard may take to answer before the search fails
// (milliseconds): a shard that goes down gives an error, not a hang.
constexpr unsigned kRemoteTimeoutMs = 10'000;
constexpr unsigned kRemoteConnectTimeoutMs = 5'000;

// "host:port" of a tcp:// shard address, or false when malformed.
bool split_address(std::string_view shard, std::string& host, unsigned& port) {
  std::string_view address = shard.substr(kTcpScheme.size());
  std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const char* end = address.data() + address.size();
  auto [stop, error] = std::from_chars(address.data() + colon + 1, end, port);
  if (error != std::errc{} || stop != end || port == 0 || port > 65535) return false;
  host.assign(address.substr(0, colon));
  // "[::1]:7000": Xapian wants the bare IPv6 address.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return true;
}

Result<Xapian::Database> open_one(const std::string& shard) {
  if (is_remote_shard(shard)) {
    std::string host;
    unsigned port = 0;
    if (!split_address(shard, host, port)) {
      return make_error(ErrorCode::kInvalidArgument,
                        "bad shard address \"" + shard + "\"; expected tcp://host:port");
    }
    return util::guarded("connecting to shard " + shard, [&]() -> Result<Xapian::Database> {
      return Xapian::Remote::open(host, port, remote_timeout_ms(),
                                  std::min(remote_timeout_ms(), kRemoteConnectTimeoutMs));
    });
  }
  std::error_code error;
  if (!std::filesystem::exists(shard, error)) {
    return make_error(ErrorCode::kNotFound, "no index at " + shard);
  }
  if (!std::filesystem::exists(std::filesystem::path(shard) / index::kVersionFile, error)) {
    return make_error(ErrorCode::kIncompatible, "not a Dossier index: " + shard);
  }
  return util::guarded("opening index " + shard, [&]() -> Result<Xapian::Database> {
    return Xapian::Database(shard);
  });
}

}  // namespace

CommitWatch::CommitWatch(const std::filesystem::path& index)
    : version_file_((index / index::kVersionFile).string()) {
  changed();
}

bool CommitWatch::look(struct stat& seen) const {
  return ::stat(version_file_.c_str(), &seen) == 0;
}

bool CommitWatch::changed() {
  struct stat now {};
  const bool was_settled = settled_;
  const bool readable = look(now);
  const bool same = was_settled && readable && now.st_ino == seen_.st_ino &&
                    now.st_dev == seen_.st_dev && now.st_size == seen_.st_size &&
                    now.st_mtim.tv_sec == seen_.st_mtim.tv_sec &&
                    now.st_mtim.tv_nsec == seen_.st_mtim.tv_nsec &&
                    now.st_ctim.tv_sec == seen_.st_ctim.tv_sec &&
                    now.st_ctim.tv_nsec == seen_.st_ctim.tv_nsec;
  seen_ = now;
  // File times are coarse (a few ms on ext4) and inodes get reused, so two
  // commits in quick succession could leave a look-alike file. A state is
  // trusted only once its file is older than any timestamp tick: until then
  // every search reopens.
  struct timespec clock {};
  ::clock_gettime(CLOCK_REALTIME, &clock);
  settled_ = readable && clock.tv_sec - now.st_mtim.tv_sec >= 2;
  return !same;
}

bool is_remote_shard(std::string_view shard) { return shard.starts_with(kTcpScheme); }

unsigned remote_timeout_ms() {
  // Read at each connection, so a program may set it before opening shards.
  if (const char* text = std::getenv("DOSSIER_REMOTE_TIMEOUT_MS"); text && *text) {
    std::string_view view(text);
    unsigned value = 0;
    auto [stop, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error == std::errc{} && stop == view.data() + view.size() && value > 0) return value;
  }
  return kRemoteTimeoutMs;
}

Result<Xapian::Database> open_combined(const std::vector<std::string>& shards) {
  Xapian::Database combined;
  for (const std::string& shard : shards) {
    auto database = open_one(shard);
    if (!database) return std::unexpected(database.error());
    combined.add_database(*database);
  }
  return combined;
}

Result<OpenedShards> open_shards(const std::vector<std::string>& shards) {
  OpenedShards opened;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    auto database = open_one(shards[i]);
    if (!database) return std::unexpected(database.error());
    auto stored = util::guarded("reading settings of " + shards[i], [&] {
      return index::read_shard_settings(*database, shards[i]);
    });
    if (!stored) {
      if (stored.error().code == ErrorCode::kUnavailable && is_remote_shard(shards[i])) {
        stored.error().message = "shard " + shards[i] + " is unavailable: " + stored.error().message;
      }
      return std::unexpected(stored.error());
    }
    if (i == 0) {
      opened.analysis = stored->analysis;
      opened.aliases = std::move(stored->aliases);
    } else if (auto same = index::check_same_settings({opened.analysis, opened.aliases},
                                                      shards.front(), *stored, shards[i]);
               !same) {
      return std::unexpected(same.error());
    }
    opened.any_remote = opened.any_remote || is_remote_shard(shards[i]);
    opened.database.add_database(*database);
    opened.parts.push_back(std::move(*database));
  }
  return opened;
}

Error shard_unavailable(const std::vector<std::string>& shards, const Xapian::Error& error,
                        std::string_view context) {
  Error translated = util::translate(error, context);
  translated.code = ErrorCode::kUnavailable;
  // Xapian names the connection that failed: "remote:tcp(HOST:PORT)".
  const std::string& where = error.get_context();
  std::string culprit;
  for (const std::string& shard : shards) {
    if (!is_remote_shard(shard)) continue;
    std::string host;
    unsigned port = 0;
    if (!split_address(shard, host, port)) continue;
    if (where == "remote:tcp(" + host + ":" + std::to_string(port) + ")") {
      culprit = shard;
      break;
    }
  }
  if (culprit.empty()) {
    // Some errors ("Connection closed unexpectedly") do not say which
    // connection failed: ask each server with a fresh connection, briefly.
    const unsigned probe_ms = std::min(remote_timeout_ms(), 2'000u);
    for (const std::string& shard : shards) {
      std::string host;
      unsigned port = 0;
      if (!is_remote_shard(shard) || !split_address(shard, host, port)) continue;
      try {
        Xapian::Remote::open(host, port, probe_ms, probe_ms).get_doccount();
      } catch (const Xapian::Error&) {
        culprit += culprit.empty() ? shard : ", " + shard;
      }
    }
  }
  if (culprit.empty()) {
    translated.message = "a remote shard is unavailable: " + translated.message;
  } else {
    translated.message = "shard " + culprit + " is unavailable: " + translated.message;
  }
  translated.message += " (the next search tries to reconnect)";
  return translated;
}

}  // namespace dossier::search
