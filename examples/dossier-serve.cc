// dossier-serve: a search page and a JSON API over an index, on HTTP.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <thread>

#include "cli.h"
#include "dossier/dossier.h"
#include "json_output.h"
#include "serve/api.h"
#include "serve/assets.h"

namespace {

constexpr const char* kDescription =
    R"(Serves a search page over INDEX, and the JSON API it uses (README.md,
"dossier-serve"). INDEX is an index directory or tcp://host:port; with
--shard, every shard is searched as one index. Stops on Ctrl-C or SIGTERM.)";

// Bodies are small JSON objects; anything larger is refused with 413.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Headers on every response: the page runs only its own script and style, is
// never framed, and the browser never guesses a type.
const httplib::Headers kSecurityHeaders = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
     "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"}};

void send_json(httplib::Response& response, const serve::ApiResponse& api) {
  response.status = api.status;
  response.set_content(cli::dump(api.body), "application/json; charset=utf-8");
}

// Query parameters as the API's fields; a repeated parameter becomes a list.
nlohmann::json fields_from_params(const httplib::Params& params) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    if (!fields.contains(name)) {
      fields[name] = value;
    } else {
      if (!fields[name].is_array()) fields[name] = nlohmann::json::array({fields[name]});
      fields[name].push_back(value);
    }
  }
  return fields;
}

// The fields of a request: its query parameters, or its JSON body for POST.
std::optional<nlohmann::json> request_fields(const httplib::Request& request,
                                             httplib::Response& response) {
  if (request.method != "POST") return fields_from_params(request.params);
  std::string problem;
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(request.body);
    if (!body.is_object()) problem = "the body must be a JSON object";
  } catch (const nlohmann::json::exception& error) {  // parse_error, out_of_range (3e999)
    problem = std::string("the body is not valid JSON: ") + error.what();
  }
  if (!problem.empty()) {
    send_json(response, serve::error_response(400, "invalid argument", problem, "body"));
    return std::nullopt;
  }
  return body;
}

using ApiCall = serve::ApiResponse (serve::Api::*)(const nlohmann::json&);

void route_api(httplib::Server& server, serve::Api& api, const std::string& path, ApiCall call,
               bool post) {
  auto handler = [&api, call](const httplib::Request& request, httplib::Response& response) {
    if (auto fields = request_fields(request, response)) send_json(response, (api.*call)(*fields));
  };
  server.Get(path, handler);
  if (post) server.Post(path, handler);
}

void route_asset(httplib::Server& server, const std::string& path, std::string_view name) {
  const serve::Asset* asset = serve::find_asset(name);
  if (!asset) cli::fail(fmt::format("the program was built without its {}", name));
  server.Get(path, [asset](const httplib::Request&, httplib::Response& response) {
    response.set_content(asset->content.data(), asset->content.size(),
                         std::string(asset->content_type).c_str());
  });
}

constexpr const char* kMethods = "the API takes GET, and POST on /api/search and /api/facets";

// Bodies for the errors httplib answers itself (no route, too large, malformed).
void describe_error(const httplib::Request& request, httplib::Response& response) {
  if (!response.body.empty()) return;  // an API error, already described
  std::string message;
  switch (response.status) {
    case 404:
      if (request.method == "GET" || request.method == "POST") {
        message = "no such page or API endpoint: " + request.path;
        break;
      }
      response.status = 405;
      [[fallthrough]];
    case 405: message = "method " + request.method + " not allowed: " + kMethods; break;
    case 413: message = fmt::format("request body larger than {} bytes", kMaxBodyBytes); break;
    case 414: message = "request line too long"; break;
    case 400: message = std::string("malformed HTTP request (") + kMethods + ")"; break;
    default: message = fmt::format("request refused (HTTP {})", response.status);
  }
  send_json(response, serve::error_response(response.status, "invalid request", message));
}

// Only names of this machine may be the Host of a request to a loopback
// server, so a web page elsewhere cannot reach it through DNS rebinding.
bool host_allowed(const std::string& listen_host, int port, const std::string& host_header) {
  static const std::set<std::string> loopback = {"127.0.0.1", "localhost", "::1", "[::1]"};
  if (!loopback.contains(listen_host)) return true;
  for (const std::string& name : {"127.0.0.1", "localhost", "[::1]"}) {
    if (host_header == fmt::format("{}:{}", name, port)) return true;
  }
  return false;
}

// Waits for SIGINT or SIGTERM (blocked in every thread) and stops the server;
// SIGUSR1 only ends the wait, once the server has stopped by itself.
void stop_on_signal(httplib::Server& server, const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  if (signal != SIGUSR1) {
    fmt::print(stderr, "dossier-serve: stopping ({})\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
  }
}

void configure(httplib::Server& server, std::size_t threads) {
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_default_headers(kSecurityHeaders);
  server.set_error_handler(describe_error);
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        send_json(response, serve::error_response(500, "internal", "unexpected error"));
      });
}

void add_routes(httplib::Server& server, serve::Api& api) {
  route_asset(server, "/", "index.html");
  route_asset(server, "/dossier.css", "dossier.css");
  route_asset(server, "/dossier.js", "dossier.js");
  route_api(server, api, "/api/search", &serve::Api::search, true);
  route_api(server, api, "/api/facets", &serve::Api::facets, true);
  route_api(server, api, "/api/suggest", &serve::Api::suggest, false);
  route_api(server, api, "/api/article", &serve::Api::article, false);
  server.Get("/api/info", [&api](const httplib::Request&, httplib::Response& response) {
    send_json(response, api.info());
  });
}

}  // namespace

int main(int argc, char** argv) {
  // Blocked first, so that every thread (the library may start some) inherits
  // the mask and only stop_on_signal's sigwait receives them.
  sigset_t signals;
  sigemptyset(&signals);
  for (int signal : {SIGINT, SIGTERM, SIGUSR1}) sigaddset(&signals, signal);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::vector<std::string> shards;
  std::string index, host = "127.0.0.1";
  std::size_t port = 8080, threads = 8;
  CLI::App app(kDescription, "dossier-serve");
  app.add_option("INDEX", index, "index directory or tcp://host:port");
  app.add_option("--shard", shards, "also search shard S (repeatable)");
  app.add_option("--host", host, "address to listen on (default 127.0.0.1: this machine only)");
  app.add_option("--port", port, "port (default 8080; 0 picks a free one)");
  app.add_option("--threads", threads,
                 "requests served at once, one Searcher each (default 8)");
  cli::parse(app, argc, argv);
  if (index.empty()) cli::usage_error("give one INDEX (more with --shard)");
  if (port > 65535) cli::usage_error("--port takes 0 to 65535");
  if (threads == 0 || threads > 256) cli::usage_error("--threads takes 1 to 256");
  shards.insert(shards.begin(), index);

  // Fail now, not on the first request, if the index cannot be opened.
  std::size_t articles = cli::check(cli::check(dossier::Searcher::Open(shards)).document_count());

  serve::Api api(shards);
  httplib::Server server;
  configure(server, threads);
  add_routes(server, api);

  int bound = static_cast<int>(port);
  if (port == 0) bound = server.bind_to_any_port(host);
  else if (!server.bind_to_port(host, bound)) bound = -1;
  if (bound < 0) cli::fail(fmt::format("cannot listen on {} port {}", host, port));
  server.set_pre_routing_handler([&](const httplib::Request& request, httplib::Response& response) {
    if (host_allowed(host, bound, request.get_header_value("Host"))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    send_json(response, serve::error_response(403, "forbidden",
                                              "Host header names no address of this server"));
    return httplib::Server::HandlerResponse::Handled;
  });

  std::thread signal_waiter(stop_on_signal, std::ref(server), std::cref(signals));
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  fmt::print("dossier-serve: {} articles; open http://{}:{}/\n", articles, shown_host, bound);
  std::fflush(stdout);
  bool clean = server.listen_after_bind();
  pthread_kill(signal_waiter.native_handle(), SIGUSR1);
  signal_waiter.join();
  return clean ? 0 : 1;
}
