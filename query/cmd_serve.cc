// dateline-query serve: the HTTP API and search page. The request handling
// lives in src/http/ (no sockets there) and the server with its limits in
// src/net/; this file wires them together and owns the signals, the access
// log and the per-thread Searchers.

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "countries/country_names.h"
#include "http/handler.h"
#include "http/request.h"
#include "http/searcher_pool.h"
#include "net/server.h"
#include "query/commands.h"
#include "query/web/assets.h"
#include "search/searcher.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::query {
namespace {

// A request body is never needed (the API is GET only); anything larger
// than this is refused with 413 before it is read.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

struct ServeArgs {
  std::string bind = "127.0.0.1";
  int port = 8080;
  unsigned threads = 0;
  std::string cors;
  double reopen_seconds = 1.0;
  bool quiet = false;
  // The server's own defaults, in seconds where a flag takes seconds.
  std::size_t max_connections = net::ServerOptions{}.max_connections;
  double timeout_seconds = net::ServerOptions{}.header_timeout.count() / 1000.0;
  double keep_alive_seconds = net::ServerOptions{}.idle_timeout.count() / 1000.0;
};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// One line per request: time, method, target, status, milliseconds. One
// write() so that lines from different threads do not interleave.
void log_request(const net::LogEntry& entry) {
  std::string ms = "-";  // unknown: the server refused the request before routing
  if (entry.duration) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", entry.duration->count());
    ms = std::string(buf) + "ms";
  }
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string target = entry.target;
  if (target.size() > 2048) target = target.substr(0, util::utf8_prefix_length(target, 2048)) + "...";
  // The target is percent-encoded on the wire; keep control bytes out of
  // the log all the same.
  target = util::printable(target);
  std::string line = std::string(when) + " " + (entry.method.empty() ? "-" : util::printable(entry.method)) +
                     " " + (target.empty() ? "-" : target) + " " + std::to_string(entry.status) + " " + ms +
                     "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

int run_serve(const ServeArgs& args, const cli::Common& common) {
  std::string db = cli::db_path(common);
  std::size_t articles = 0;
  {
    // Fail now, with the tool's usual message and exit status, rather than
    // on every request.
    search::Searcher s(db, shard_options());
    countries::add_country_names(s);
    articles = s.stats().articles;
  }
  // Facet columns read up front, so the first searches with facets are as
  // fast as the rest; the per-thread searchers share them while this one
  // holds them (until the index changes).
  search::Searcher columns_holder(db, shard_options());
  columns_holder.load_facet_columns();
  std::mutex configure_mu;  // add_country_names need not be thread safe
  http::SearcherPool pool(
      [&db, &configure_mu] {
        // A worker opens whatever shards answer; each request then says
        // whether a partial answer will do (Handler, allow_partial).
        search::ShardOptions partial = shard_options();
        partial.allow_partial = true;
        search::Searcher s(db, partial);
        std::lock_guard<std::mutex> lock(configure_mu);
        countries::add_country_names(s);
        return s;
      },
      std::chrono::milliseconds(static_cast<long>(args.reopen_seconds * 1000)));

  http::HandlerOptions hopts;
  hopts.files = web_files();
  hopts.cors_origin = args.cors;
  hopts.allow_partial = shard_options().allow_partial;
  const http::Handler handler(std::move(hopts));
  const http::SearcherSource searcher = [&pool]() -> search::Searcher& { return pool.get(); };

  // SIGINT and SIGTERM go to one thread that stops the listener; blocking
  // them before any other thread starts keeps them out of the workers.
  // A shell starts background jobs with SIGINT ignored, and an ignored
  // signal never reaches sigwait(): restore the default first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that hangs up mid-response must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);

  unsigned threads = args.threads ? args.threads : std::max(16u, 2 * std::thread::hardware_concurrency());
  net::ServerOptions sopts;
  sopts.bind = args.bind;
  sopts.port = args.port;
  sopts.workers = threads;
  sopts.max_connections = args.max_connections;
  const auto seconds = [](double s) { return std::chrono::milliseconds(static_cast<long>(s * 1000)); };
  sopts.header_timeout = seconds(args.timeout_seconds);
  sopts.body_timeout = seconds(args.timeout_seconds);
  if (args.keep_alive_seconds > 0) {
    sopts.idle_timeout = seconds(args.keep_alive_seconds);
  } else {
    sopts.max_requests_per_connection = 1;  // --keep-alive 0: one request per connection
  }
  sopts.max_body_bytes = kMaxBodyBytes;
  // Every request body is read (or refused with 413 when too large) before
  // the answer, whatever the method; the handler never sees one.
  net::Server server(
      sopts,
      [&handler, &searcher](const http::HttpRequest& request) { return handler.handle(request, searcher); },
      // Errors the server finds itself (a request line too long, a body too
      // large, a malformed request, a time-out, too many connections) get
      // the same JSON shape as ours.
      [&handler](int status, const std::string& message) { return handler.error(status, message); },
      args.quiet ? net::AccessLog{} : net::AccessLog(log_request));
  int port = 0;
  try {
    server.listen();
    port = server.port();
  } catch (const net::ListenError& e) {
    int err = e.error_number();
    std::string why = err == EADDRINUSE      ? "the address is already in use (another server?)"
                      : err == EADDRNOTAVAIL ? "not an address of this machine"
                      : err == EACCES        ? "permission denied (ports below 1024 need privileges)"
                      : err != 0             ? std::strerror(err)
                                             : "not an address of this machine?";
    std::cerr << "dateline-query: cannot listen on " << util::printable(url_host(args.bind)) << ":"
              << args.port << ": " << why << "\n";
    return cli::kExitIndex;
  }
  if (!is_loopback(args.bind)) {
    std::cerr << "dateline-query: warning: listening on " << util::printable(args.bind)
              << ", not loopback: anyone who can reach this port can read the index\n";
  }
  std::cerr << "dateline-query: serving " << articles << " articles from " << util::printable(db) << " with "
            << threads << " threads\n";
  std::cerr << "listening on http://" << util::printable(url_host(args.bind)) << ":" << port << "\n"
            << std::flush;

  std::atomic<bool> serve_done{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (serve_done) return;
    std::cerr << "dateline-query: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
              << ": finishing requests in flight, then exiting\n";
    server.stop();  // also when run() has not started yet
  });
  // Returns once stop() closed the listener and the requests in flight
  // were answered.
  server.run();
  serve_done = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait if no signal came
  stopper.join();
  return cli::kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API and the search page");
  cmd->add_option("--bind", a->bind, "Address to listen on (default 127.0.0.1: this machine only)");
  cmd->add_option("--port", a->port, "TCP port (default 8080; 0 picks a free one)")
      ->check(cli::whole_number("--port", 0, 65535));
  cmd->add_option("--threads", a->threads,
                  "Worker threads, each with its own index handle (default max(16, 2 x cores))")
      ->check(cli::whole_number("--threads", 1, 1024));
  cmd->add_option("--cors", a->cors, "Allow this origin (or *) to call the API from a browser");
  cmd->add_option("--reopen", a->reopen_seconds, "Look for index changes at most every N seconds (default 1)")
      ->check(cli::decimal_number("--reopen", 0, 3600));
  cmd->add_option("--max-connections", a->max_connections,
                  "Open connections at most; one more is answered 503 (default 1024)")
      ->check(cli::whole_number("--max-connections", 1, 1000000));
  cmd->add_option("--timeout", a->timeout_seconds,
                  "Seconds a client has to send a request's headers, and again its body (default 10); "
                  "later: 408")
      ->check(cli::decimal_number("--timeout", 0.1, 3600));
  cmd->add_option("--keep-alive", a->keep_alive_seconds,
                  "Seconds an idle connection is kept open for the next request (default 15; 0: one "
                  "request per connection)")
      ->check(cli::decimal_number("--keep-alive", 0, 3600));
  cmd->add_flag("-q,--quiet", a->quiet, "No access log");
  add_shard_flags(*cmd);
  cmd->callback([&common, &exit_code, a] { exit_code = run_serve(*a, common); });
}

}  // namespace dateline::query
