#pragma once

// A small HTTP/1.1 server on POSIX sockets and epoll, built so that slow or
// many clients cannot block it (issue #13, item 7):
//
//   - one event thread accepts, reads every request without blocking into a
//     per-connection buffer and enforces the limits of ServerOptions: a
//     client trickling its headers holds a buffer and a connection slot,
//     never a thread;
//   - complete requests wait in a bounded queue for a fixed pool of worker
//     threads that call the handler;
//   - responses are written by the event thread without blocking, so a
//     client that never reads its answer pins no worker either.
//
// Over max_connections a new connection gets an immediate 503 and is
// closed; a full queue answers 503 too. Timed-out headers or bodies get 408,
// oversized ones 414/431/413, malformed ones 400; chunked bodies are
// refused with 411 (the API takes no bodies).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "http/request.h"

namespace dateline::net {

/// Every limit of the server. The defaults follow nginx's spirit (bounded
/// time for each phase, bounded bytes, a connection cap) scaled to a search
/// API that takes no bodies.
struct ServerOptions {
  std::string bind = "127.0.0.1";  ///< an IPv4 or IPv6 address, or "localhost"
  int port = 8080;                 ///< 0 picks a free port (see Server::port())
  /// listen() backlog; the kernel caps it at net.core.somaxconn.
  int backlog = 4096;
  unsigned workers = 16;  ///< threads that call the handler
  /// Open connections at once; one more is answered 503 and closed.
  std::size_t max_connections = 1024;
  /// Complete requests waiting for a worker; one more is answered 503.
  std::size_t max_queued_requests = 512;
  /// Total time to receive the request line and headers, from the
  /// connection's accept (or its first byte after a keep-alive answer).
  std::chrono::milliseconds header_timeout{10000};
  /// Total time to receive a body once its headers are in.
  std::chrono::milliseconds body_timeout{10000};
  /// How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{15000};
  /// How long writing a response may go without the client taking a byte.
  std::chrono::milliseconds send_timeout{30000};
  /// Requests on one connection before the server closes it.
  std::size_t max_requests_per_connection = 1000;
  std::size_t max_request_line_bytes = 8192;  ///< longer: 414
  std::size_t max_header_bytes = 32768;       ///< request line and headers; more: 431
  std::size_t max_header_count = 100;         ///< more: 431
  std::size_t max_body_bytes = 64 * 1024;     ///< larger Content-Length: 413
};

/// Answers one request; called on a worker thread, several at once. May
/// throw: the client then gets a 500 from the ErrorResponder.
using Handler = std::function<http::HttpResponse(const http::HttpRequest&)>;

/// Builds the response for an error the server finds itself (400, 408,
/// 411, 413, 414, 431, 500, 501, 503, 505), so that it has the same shape
/// as the handler's own errors. Called on any server thread; must not throw.
using ErrorResponder = std::function<http::HttpResponse(int status, const std::string& message)>;

/// One access-log entry. duration is empty for requests the server
/// answered itself before a handler saw them.
struct LogEntry {
  std::string method;  ///< as received, "" if unknown
  std::string target;  ///< as received (percent-encoded), "" if unknown
  int status = 0;
  std::optional<std::chrono::duration<double, std::milli>> duration;
};

/// Called once per answered request, on any server thread, several at once.
using AccessLog = std::function<void(const LogEntry&)>;

/// Why listen() failed: err is the errno of the failing call.
class ListenError : public std::runtime_error {
 public:
  ListenError(const std::string& what, int err) : std::runtime_error(what), errno_(err) {}
  [[nodiscard]] int error_number() const { return errno_; }

 private:
  int errno_;
};

/// The server. listen() once, then run() on one thread; stop() from any
/// thread (or a signal-handling thread) makes run() return.
class Server {
 public:
  /// error may be empty (plain-text errors); log may be empty (no log).
  Server(ServerOptions options, Handler handler, ErrorResponder error = {}, AccessLog log = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds options.bind:options.port with SO_REUSEADDR (not SO_REUSEPORT:
  /// a second server on the same port is refused) and listens. Raises the
  /// soft open-file limit towards the hard one when the connection cap
  /// needs it. Throws ListenError.
  void listen();

  /// The bound port (after listen()); the chosen one when options.port was 0.
  [[nodiscard]] int port() const;

  /// Serves until stop(): then closes the listener and idle or half-read
  /// connections, lets queued and running requests finish and their answers
  /// be written (each write bounded by send_timeout), joins the workers and
  /// returns. Call once, after listen().
  void run();

  /// Makes run() return as described there. Thread safe, idempotent, may
  /// come before run() starts. Not async-signal-safe: call it from a thread.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// The reason phrase of an HTTP status ("Not Found"), or "Unknown".
[[nodiscard]] const char* reason_phrase(int status);

}  // namespace dateline::net
