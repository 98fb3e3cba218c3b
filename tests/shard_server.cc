#include "shard_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

extern char** environ;

namespace dossier::testing {
namespace {

using namespace std::chrono_literals;

sockaddr_in loopback(unsigned port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

// Xapian's remote protocol is a conversation of small messages: without
// TCP_NODELAY, Nagle's algorithm and delayed acknowledgements hold each one
// back for up to 40 ms in the proxy (xapian-tcpsrv and the client set it).
void no_delay(int fd) {
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

int connect_loopback(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  no_delay(fd);
  sockaddr_in address = loopback(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Writes all of `size` bytes; false when the peer is gone.
bool write_all(int fd, const char* data, ssize_t size) {
  while (size > 0) {
    ssize_t written = send(fd, data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    if (written <= 0) return false;
    data += written;
    size -= written;
  }
  return true;
}

}  // namespace

bool tcpsrv_installed() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

unsigned free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
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
  int fd = connect_loopback(port);
  if (fd < 0) return false;
  close(fd);
  return true;
}

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

CountingProxy::CountingProxy(unsigned target) : target_(target) {
  if (pipe2(wake_, O_CLOEXEC) != 0) return;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return;
  }
  port_ = ntohs(address.sin_port);
  listener_ = fd;
  acceptor_ = std::thread([this] { accept_loop(); });
}

CountingProxy::~CountingProxy() {
  if (wake_[1] >= 0) {
    char stop = 0;
    (void)!write(wake_[1], &stop, 1);
  }
  if (acceptor_.joinable()) acceptor_.join();
  for (std::thread& connection : connections_) connection.join();
  for (int fd : {listener_, wake_[0], wake_[1]}) {
    if (fd >= 0) close(fd);
  }
}

void CountingProxy::accept_loop() {
  for (;;) {
    pollfd watched[] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(watched, 2, -1) < 0) continue;
    if (watched[1].revents) return;
    int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) no_delay(client);
    if (client >= 0) connections_.emplace_back([this, client] { forward(client); });
  }
}

void CountingProxy::forward(int client) {
  int server = connect_loopback(target_);
  if (server >= 0) {
    char buffer[65536];
    bool server_spoke_last = true;
    for (bool open = true; open;) {
      pollfd watched[] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (poll(watched, 3, -1) < 0) continue;
      if (watched[2].revents) break;
      for (int side = 0; side < 2 && open; ++side) {
        if (!watched[side].revents) continue;
        const int from = side == 0 ? client : server, to = side == 0 ? server : client;
        ssize_t got = read(from, buffer, sizeof buffer);
        if (got <= 0 || !write_all(to, buffer, got)) {
          open = false;
          break;
        }
        (side == 0 ? to_server_ : to_client_) += static_cast<std::uint64_t>(got);
        if (side == 0 && server_spoke_last) ++round_trips_;
        server_spoke_last = side == 1;
      }
    }
    close(server);
  }
  close(client);
}

}  // namespace dossier::testing
