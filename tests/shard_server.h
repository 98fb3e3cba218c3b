// A xapian-tcpsrv child process serving one index on 127.0.0.1, for tests of
// remote shards.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace dossier::testing {

bool tcpsrv_installed();

// A port nobody listens on right now (the kernel's pick for port 0).
unsigned free_port();

class ShardServer {
 public:
  // Serves `index`; on `port` when given, else on a free one.
  explicit ShardServer(const std::filesystem::path& index, unsigned port = 0);
  ~ShardServer() { stop(); }
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;

  bool running() const { return pid_ != 0; }
  unsigned port() const { return port_; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  // The server and the children that serve its connections share a process
  // group: signals go to all of them.
  void stop();
  void pause();
  void resume();

 private:
  void start(unsigned port);

  std::filesystem::path index_;
  unsigned port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace dossier::testing
