#include "tcp_shard_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>

extern char** environ;

namespace dossier::testing {
namespace {

sockaddr_in loopback(unsigned port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

// The kernel's pick for port 0: nobody listens there right now.
unsigned free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  unsigned port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool accepts_connections(unsigned port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

}  // namespace

bool tcpsrv_installed() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

TcpShardServer::TcpShardServer(const std::filesystem::path& index) {
  // Another process may take the free port first: then try another.
  for (int attempt = 0; attempt < 5 && pid_ == 0; ++attempt) start(index, free_port());
}

TcpShardServer::~TcpShardServer() {
  if (pid_ == 0) return;
  kill(-pid_, SIGKILL);  // the server and the children serving connections
  waitpid(pid_, nullptr, 0);
}

void TcpShardServer::start(const std::filesystem::path& index, unsigned port) {
  using namespace std::chrono_literals;
  const std::string port_text = std::to_string(port), path = index.string();
  const char* argv[] = {"xapian-tcpsrv", "--port", port_text.c_str(), "--interface", "127.0.0.1",
                        "--quiet",       path.c_str(), nullptr};
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawn_file_actions_t files;  // it reports dropped connections
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "xapian-tcpsrv", &files, &attributes,
                                   const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) return;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;  // exited: the port was taken
    if (accepts_connections(port)) {
      pid_ = pid;
      port_ = port;
      return;
    }
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace dossier::testing
