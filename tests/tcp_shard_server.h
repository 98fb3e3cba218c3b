// A xapian-tcpsrv child process serving one index on 127.0.0.1, for tests of
// remote shards. (tests/shards_test.cc has its own, with pause/resume, from
// before this header; it could use this one.)
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace dossier::testing {

bool tcpsrv_installed();

class TcpShardServer {
 public:
  // Serves `index` on a free port; running() says whether it started.
  explicit TcpShardServer(const std::filesystem::path& index);
  ~TcpShardServer();
  TcpShardServer(const TcpShardServer&) = delete;
  TcpShardServer& operator=(const TcpShardServer&) = delete;

  bool running() const { return pid_ != 0; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  void start(const std::filesystem::path& index, unsigned port);

  unsigned port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace dossier::testing
