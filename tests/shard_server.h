// Processes and sockets for the remote-shard tests and benchmark: a stock
// xapian-tcpsrv child serving one index on 127.0.0.1, and a loopback proxy in
// front of it that counts the bytes each way (what a remote search moves).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace dossier::testing {

bool tcpsrv_installed();

// A port nobody listens on right now (the kernel's pick for port 0).
unsigned free_port();

bool accepts_connections(unsigned port);

// Not thread-safe (one owner).
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

// Listens on a free loopback port and forwards every connection to
// 127.0.0.1:`target`, counting the bytes in each direction. The counters are
// atomic: read them from any thread while the proxy runs.
class CountingProxy {
 public:
  explicit CountingProxy(unsigned target);
  ~CountingProxy();
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  bool running() const { return listener_ >= 0; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  unsigned port() const { return port_; }
  // Bytes from client to server, and from server to client, so far.
  std::uint64_t sent() const { return to_server_.load(); }
  std::uint64_t received() const { return to_client_.load(); }
  std::uint64_t total() const { return sent() + received(); }
  // Round trips: the times the client spoke after the server (or first).
  // A measure of latency that the machine's load does not change.
  std::uint64_t round_trips() const { return round_trips_.load(); }

 private:
  void accept_loop();
  void forward(int client);

  unsigned target_;
  unsigned port_ = 0;
  int listener_ = -1;
  int wake_[2] = {-1, -1};  // a byte here stops every thread
  std::atomic<std::uint64_t> to_server_{0};
  std::atomic<std::uint64_t> to_client_{0};
  std::atomic<std::uint64_t> round_trips_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // touched by acceptor_ only, then joined
};

}  // namespace dossier::testing
