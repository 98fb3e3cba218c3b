#include "shard_server.h"

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

using namespace std::chrono_literals;

}  // namespace

// The kernel's pick for port 0.
unsigned free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  unsigned port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

namespace {

bool accepts_connections(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

}  // namespace

bool tcpsrv_installed() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

ShardServer::ShardServer(const std::filesystem::path& index, unsigned port) : index_(index) {
  for (int attempt = 0; attempt < 5 && pid_ == 0; ++attempt) {
    start(port ? port : free_port());
    if (port) break;  // a fixed port: no other to try
  }
}

void ShardServer::stop() {
  if (pid_ == 0) return;
  kill(-pid_, SIGCONT);
  kill(-pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = 0;
}

void ShardServer::pause() { kill(-pid_, SIGSTOP); }
void ShardServer::resume() { kill(-pid_, SIGCONT); }

void ShardServer::start(unsigned port) {
  port_ = port;
  std::string port_text = std::to_string(port);
  std::string index = index_.string();
  const char* argv[] = {"xapian-tcpsrv", "--port",  port_text.c_str(), "--interface",
                        "127.0.0.1",     "--quiet", index.c_str(),     nullptr};
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawn_file_actions_t files;  // it reports dropped connections on stdout
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "xapian-tcpsrv", &files, &attributes,
                             const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) return;
  // Bounded wait until it accepts connections; give up if it exits (port taken).
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    if (accepts_connections(port)) {
      pid_ = pid;
      return;
    }
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace dossier::testing
