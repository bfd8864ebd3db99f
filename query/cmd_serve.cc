// dateline-query serve: the HTTP API and search page. The request handling
// lives in src/http/ (no sockets there); this file owns the socket loop on
// cpp-httplib, signals, the access log and the per-thread Searchers.

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
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

#include <httplib.h>

#include "http/handler.h"
#include "http/request.h"
#include "http/searcher_pool.h"
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
};

// When the request this thread is answering started, for the access log.
// httplib answers a request on one pool thread from routing to logging.
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local bool t_request_timed = false;

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void to_httplib(const http::HttpResponse& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [name, value] : in.headers) out.set_header(name, value);
  if (in.status != 204) out.set_content(in.body, in.content_type.c_str());
}

// The request as the handler wants it: decoded from the raw target so that
// the server and the unit tests decode alike.
http::HttpRequest from_httplib(const httplib::Request& req) {
  if (!req.target.empty()) return http::parse_target(req.method, req.target);
  http::HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.params.emplace(k, v);
  return r;
}

// One line per request: time, method, target, status, milliseconds. One
// write() so that lines from different threads do not interleave.
void log_request(const httplib::Request& req, const httplib::Response& res) {
  std::string ms = "-";  // unknown: httplib refused the request before routing
  if (t_request_timed) {
    double v =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_request_start).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    ms = std::string(buf) + "ms";
    t_request_timed = false;
  }
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string target = req.target.empty() ? req.path : req.target;
  if (target.size() > 2048) target = target.substr(0, util::utf8_prefix_length(target, 2048)) + "...";
  // The target is percent-encoded on the wire; keep control bytes out of
  // the log all the same.
  target = util::printable(target);
  std::string line = std::string(when) + " " + (req.method.empty() ? "-" : util::printable(req.method)) + " " +
                     (target.empty() ? "-" : target) + " " + std::to_string(res.status) + " " + ms + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

int run_serve(const ServeArgs& args, const cli::Common& common) {
  std::string db = cli::db_path(common);
  std::size_t articles = 0;
  {
    // Fail now, with the tool's usual message and exit status, rather than
    // on every request.
    search::Searcher s(db);
    configure_searcher(s);
    articles = s.stats().articles;
  }
  // Facet columns read up front, so the first searches with facets are as
  // fast as the rest; the per-thread searchers share them while this one
  // holds them (until the index changes).
  search::Searcher columns_holder(db);
  columns_holder.load_facet_columns();
  std::mutex configure_mu;  // configure_searcher need not be thread safe
  http::SearcherPool pool(
      [&db, &configure_mu] {
        search::Searcher s(db);
        std::lock_guard<std::mutex> lock(configure_mu);
        configure_searcher(s);
        return s;
      },
      std::chrono::milliseconds(static_cast<long>(args.reopen_seconds * 1000)));

  http::HandlerOptions hopts;
  hopts.files = web_files();
  hopts.cors_origin = args.cors;
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

  httplib::Server svr;
  unsigned threads = args.threads ? args.threads : std::max(16u, 2 * std::thread::hardware_concurrency());
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(kMaxBodyBytes);
  // httplib writes headers and body separately: with Nagle's algorithm the
  // body waits for the client's delayed ACK, 40 ms per request.
  svr.set_tcp_nodelay(true);
  // httplib gives a connection a pool thread until it closes, so an idle
  // keep-alive connection (browsers keep several) holds a thread for up to
  // the timeout, and a busy one makes queued connections wait: keep both
  // short. The timeout also bounds how long shutdown waits for idle ones.
  svr.set_keep_alive_timeout(1);
  svr.set_keep_alive_max_count(5);

  auto answer = [&handler, &searcher](const httplib::Request& req, httplib::Response& res) {
    to_httplib(handler.handle(from_httplib(req), searcher), res);
  };
  svr.set_pre_routing_handler([&answer](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    t_request_timed = true;
    // A request with a body goes through httplib's routing so the body is
    // read (or refused with 413 when too large) before the answer.
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
      if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") {
        return httplib::Server::HandlerResponse::Unhandled;
      }
    }
    answer(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Post(".*", answer);
  svr.Put(".*", answer);
  svr.Patch(".*", answer);
  svr.Delete(".*", answer);
  // Errors httplib finds itself (a request line too long, a body too large,
  // a malformed request) get the same JSON shape as ours.
  svr.set_error_handler(
      httplib::Server::HandlerWithResponse([&handler](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = "bad request";
        if (res.status == 413) {
          message = "request body too large (at most " + std::to_string(kMaxBodyBytes) + " bytes)";
        }
        if (res.status == 414) message = "request line too long";
        if (res.status == 404) message = "no such path";
        to_httplib(handler.error(res.status, message), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler([&handler](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    to_httplib(handler.error(500, "internal error"), res);
  });
  if (!args.quiet) svr.set_logger(log_request);

  // httplib's default socket options add SO_REUSEPORT, with which a second
  // server binds the same port and the kernel splits connections between the
  // two (and their indexes). SO_REUSEADDR alone still allows a restart while
  // old connections linger in TIME_WAIT, but not two listeners.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  int port = args.port;
  errno = 0;
  if (port == 0) {
    port = svr.bind_to_any_port(args.bind);
  } else if (!svr.bind_to_port(args.bind, port)) {
    port = -1;
  }
  if (port <= 0) {
    // errno is bind()'s or getaddrinfo's (httplib only closes the socket
    // after a failed bind, which leaves errno alone when it succeeds).
    int err = errno;
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
  std::cerr << "dateline-query: serving " << articles << " articles from " << util::printable(db)
            << " with " << threads << " threads\n";
  std::cerr << "listening on http://" << util::printable(url_host(args.bind)) << ":" << port << "\n"
            << std::flush;

  std::atomic<bool> listen_done{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (listen_done) return;
    // stop() before listen_after_bind() has started would be lost.
    while (!svr.is_running() && !listen_done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!listen_done) {
      std::cerr << "dateline-query: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                << ": finishing requests in flight, then exiting\n";
      svr.stop();
    }
  });
  // Returns once stop() closed the listener and the pool finished its work.
  bool ok = svr.listen_after_bind();
  listen_done = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait if no signal came
  stopper.join();
  if (!ok && !args.quiet) std::cerr << "dateline-query: the listener failed\n";
  return ok ? cli::kExitOk : cli::kExitIndex;
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
  cmd->add_flag("-q,--quiet", a->quiet, "No access log");
  cmd->callback([&common, &exit_code, a] { exit_code = run_serve(*a, common); });
}

}  // namespace dateline::query
