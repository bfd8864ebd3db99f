#include "net/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/request_head.h"

namespace dateline::net {

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

namespace {

using Clock = std::chrono::steady_clock;

// How long a closing connection is drained before close(): closing with
// unread request bytes makes the kernel send a reset, which can destroy
// the error answer before the client reads it (nginx's lingering close).
constexpr std::chrono::milliseconds kLinger{2000};
// How often deadlines are checked: the precision of every time-out.
constexpr std::chrono::milliseconds kSweepInterval{50};
// After accept() runs out of file descriptors, how long to leave the
// listener alone (it stays readable, and would spin the loop).
constexpr std::chrono::milliseconds kAcceptPause{100};
// Once stopping, how long an answer may take to write without progress:
// a client that does not read must not hold the exit for send_timeout.
constexpr std::chrono::milliseconds kStopGrace{5000};
constexpr std::size_t kReadChunk = 16 * 1024;
// Bytes read per connection per wake-up, so one fast sender cannot starve
// the others (level-triggered epoll comes back for the rest).
constexpr std::size_t kReadPerEvent = 64 * 1024;
constexpr std::uint64_t kListenKey = 0;
constexpr std::uint64_t kWakeKey = 1;

enum class State {
  kHead,     // receiving a request line and headers
  kBody,     // receiving a body of known length
  kWorking,  // the request is queued or at a worker; nothing is read
  kWriting,  // sending an answer
  kIdle,     // keep-alive, waiting for the next request
  kLinger,   // answered and shut down for writing; draining until EOF
};

struct Conn {
  int fd = -1;
  std::uint64_t key = 0;
  bool counted = true;  // against max_connections (refused ones are not)
  State state = State::kHead;
  Clock::time_point deadline;
  std::string in;  // received, not yet consumed
  std::string out;
  std::size_t out_pos = 0;
  bool close_after_write = false;
  std::size_t answered = 0;
  // The request being received or answered.
  bool got_bytes = false;
  RequestHead head;
  std::size_t body_left = 0;
  bool keep_alive = true;
  Clock::time_point started;
};

struct Job {
  std::uint64_t key = 0;
  http::HttpRequest request;
  std::string method;
  std::string target;
  bool keep_alive = true;
  Clock::time_point started;
};

struct Done {
  std::uint64_t key = 0;
  std::string bytes;
  bool close = false;
};

std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

// The bytes on the wire for response. A HEAD answer keeps the length of
// the body it leaves out; 1xx, 204 and 304 have neither.
std::string serialize(const http::HttpResponse& response, bool head_request, bool keep_alive) {
  const int st = response.status;
  const bool bodiless = st < 200 || st == 204 || st == 304;
  std::string out;
  out.reserve(256 + (head_request || bodiless ? 0 : response.body.size()));
  out += "HTTP/1.1 " + std::to_string(st) + " " + reason_phrase(st) + "\r\n";
  out += "Date: " + http_date() + "\r\n";
  if (!bodiless) {
    if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    // Header values are the handler's; a line break would split the answer.
    if (name.find_first_of("\r\n") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
      continue;
    }
    out += name + ": " + value + "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!head_request && !bodiless) out += response.body;
  return out;
}

bool has_token(const std::string* value, std::string_view token) {
  if (!value) return false;
  std::size_t pos = 0;
  while (pos <= value->size()) {
    std::size_t comma = value->find(',', pos);
    if (comma == std::string::npos) comma = value->size();
    std::string_view item(value->data() + pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.size() == token.size() &&
        std::equal(item.begin(), item.end(), token.begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
      return true;
    }
    pos = comma + 1;
  }
  return false;
}

// Content-Length: digits only, every copy equal. Sets *length; false when
// malformed.
bool content_length(const RequestHead& head, std::size_t* length) {
  *length = 0;
  bool seen = false;
  for (const auto& [name, value] : head.headers) {
    if (name != "content-length") continue;
    if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    std::size_t v = std::stoull(value);
    if (seen && v != *length) return false;
    *length = v;
    seen = true;
  }
  return true;
}

// The origin-form path of a target: absolute-form ("http://host/p") loses
// its scheme and host, "*" stays (OPTIONS *). Empty when neither.
std::string origin_form(const std::string& target) {
  if (target.front() == '/' || target == "*") return target;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), target.begin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
      std::size_t slash = target.find('/', scheme.size());
      std::size_t query = target.find('?', scheme.size());
      if (slash == std::string::npos || (query != std::string::npos && query < slash)) {
        return "/" + (query == std::string::npos ? std::string() : target.substr(query));
      }
      return target.substr(slash);
    }
  }
  return {};
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(ms.count()) / 1000);
  return buf;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler, ErrorResponder error, AccessLog log)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        error_(std::move(error)),
        log_(std::move(log)) {
    limits_.max_request_line_bytes = options_.max_request_line_bytes;
    limits_.max_header_bytes = options_.max_header_bytes;
    limits_.max_header_count = options_.max_header_count;
  }

  ~Impl() {
    for (auto& [key, conn] : conns_) ::close(conn->fd);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
  }

  void listen();
  int port() const { return port_; }
  void run();
  void stop() {
    stop_requested_ = true;
    wake();
  }

 private:
  // --- event loop (one thread) ---
  void accept_all(Clock::time_point now);
  void refuse_over_cap(int fd, Clock::time_point now);
  void on_event(Conn& conn, std::uint32_t events, Clock::time_point now);
  bool read_some(Conn& conn);
  void process_input(Conn& conn, Clock::time_point now);
  bool start_request(Conn& conn, Clock::time_point now);
  void dispatch(Conn& conn, Clock::time_point now);
  void respond_error(Conn& conn, int status, const std::string& message, Clock::time_point now);
  void start_write(Conn& conn, std::string bytes, bool close, Clock::time_point now);
  void flush(Conn& conn, Clock::time_point now);
  void linger(Conn& conn, Clock::time_point now);
  void collect_done(Clock::time_point now);
  void sweep(Clock::time_point now);
  void begin_stop();
  void watch(Conn& conn, std::uint32_t events);
  void close_conn(std::uint64_t key);
  Clock::time_point send_deadline(Clock::time_point now) const {
    return now + (stopping_ ? std::min(options_.send_timeout, kStopGrace) : options_.send_timeout);
  }
  Conn* find(std::uint64_t key) {
    auto it = conns_.find(key);
    return it == conns_.end() ? nullptr : it->second.get();
  }
  http::HttpResponse error_response(int status, const std::string& message) const;

  // --- workers ---
  void work();
  void wake() {
    std::uint64_t one = 1;
    ssize_t ignored = ::write(wake_fd_, &one, sizeof one);
    (void)ignored;
  }

  ServerOptions options_;
  HeadLimits limits_;
  Handler handler_;
  ErrorResponder error_;
  AccessLog log_;

  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int port_ = 0;

  std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;
  std::uint64_t next_key_ = 2;
  std::size_t counted_ = 0;    // open connections against max_connections
  std::size_t uncounted_ = 0;  // refused ones still draining
  std::size_t jobs_out_ = 0;   // dispatched, answer not yet collected
  bool stopping_ = false;
  bool listener_paused_ = false;
  Clock::time_point listener_resume_;

  std::atomic<bool> stop_requested_{false};
  std::mutex mu_;  // guards everything below
  std::condition_variable work_cv_;
  std::deque<Job> queue_;
  std::vector<Done> done_;
  bool quit_ = false;
};

void Server::Impl::listen() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(options_.port);
  int rc = ::getaddrinfo(options_.bind.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) throw ListenError(std::string("cannot resolve the address: ") + ::gai_strerror(rc), 0);
  int err = 0;
  for (addrinfo* ai = found; ai && listen_fd_ < 0; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    // SO_REUSEADDR allows a restart while old connections sit in TIME_WAIT.
    // Not SO_REUSEPORT: with it a second server binds the same port and the
    // kernel splits connections between the two (and their indexes).
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, std::max(1, options_.backlog)) != 0) {
      err = errno;
      ::close(fd);
      continue;
    }
    listen_fd_ = fd;
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) throw ListenError(std::strerror(err), err);

  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);

  // Every connection is a descriptor, and refused ones linger a moment too:
  // without room for them accept() fails long before the cap.
  rlimit lim{};
  rlim_t want = static_cast<rlim_t>(2 * options_.max_connections + 64);
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < want) {
    lim.rlim_cur = std::min(want, lim.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }

  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw ListenError(std::strerror(errno), errno);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenKey;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.u64 = kWakeKey;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

http::HttpResponse Server::Impl::error_response(int status, const std::string& message) const {
  http::HttpResponse r;
  if (error_) {
    r = error_(status, message);
  } else {
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = message + "\n";
  }
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

void Server::Impl::run() {
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) workers.emplace_back([this] { work(); });

  std::vector<epoll_event> events(256);
  Clock::time_point last_sweep = Clock::now();
  for (;;) {
    if (stop_requested_ && !stopping_) begin_stop();
    if (stopping_ && jobs_out_ == 0 && std::none_of(conns_.begin(), conns_.end(), [](const auto& c) {
          return c.second->state == State::kWriting || c.second->state == State::kWorking;
        })) {
      break;
    }
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                         static_cast<int>(kSweepInterval.count()));
    Clock::time_point now = Clock::now();
    for (int i = 0; i < n; ++i) {
      std::uint64_t key = events[i].data.u64;
      if (key == kListenKey) {
        if (!stopping_) accept_all(now);
      } else if (key == kWakeKey) {
        std::uint64_t count;
        while (::read(wake_fd_, &count, sizeof count) > 0) {
        }
        collect_done(now);
      } else if (Conn* conn = find(key)) {
        on_event(*conn, events[i].events, now);
      }
    }
    if (now - last_sweep >= kSweepInterval) {
      sweep(now);
      last_sweep = now;
    }
  }

  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers) t.join();
  std::vector<std::uint64_t> keys;
  for (const auto& [key, conn] : conns_) keys.push_back(key);
  for (std::uint64_t key : keys) close_conn(key);
}

void Server::Impl::begin_stop() {
  stopping_ = true;
  if (listen_fd_ >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
  // Requests being answered finish; the rest (no request yet, or half
  // received) are dropped.
  std::vector<std::uint64_t> drop;
  const Clock::time_point grace = send_deadline(Clock::now());
  for (const auto& [key, conn] : conns_) {
    if (conn->state == State::kWriting) conn->deadline = std::min(conn->deadline, grace);
    if (conn->state != State::kWorking && conn->state != State::kWriting) drop.push_back(key);
  }
  for (std::uint64_t key : drop) close_conn(key);
}

void Server::Impl::watch(Conn& conn, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = conn.key;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn.fd, &ev);
}

void Server::Impl::close_conn(std::uint64_t key) {
  auto it = conns_.find(key);
  if (it == conns_.end()) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second->fd, nullptr);
  ::close(it->second->fd);
  (it->second->counted ? counted_ : uncounted_)--;
  conns_.erase(it);
}

void Server::Impl::accept_all(Clock::time_point now) {
  // A bounded batch, so that a flood of connections does not starve the
  // ones already open.
  for (int i = 0; i < 256; ++i) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        listener_paused_ = true;
        listener_resume_ = now + kAcceptPause;
      }
      return;
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    if (counted_ >= options_.max_connections) {
      refuse_over_cap(fd, now);
      continue;
    }
    auto conn = std::make_unique<Conn>();
    conn->fd = fd;
    conn->key = next_key_++;
    conn->deadline = now + options_.header_timeout;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = conn->key;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      continue;
    }
    ++counted_;
    conns_.emplace(conn->key, std::move(conn));
  }
}

void Server::Impl::refuse_over_cap(int fd, Clock::time_point now) {
  // Refused connections drain for a moment too, but not without bound:
  // past as many again, close at once.
  if (uncounted_ >= options_.max_connections) {
    ::close(fd);
    return;
  }
  auto conn = std::make_unique<Conn>();
  conn->fd = fd;
  conn->key = next_key_++;
  conn->counted = false;
  epoll_event ev{};
  ev.events = 0;
  ev.data.u64 = conn->key;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    ::close(fd);
    return;
  }
  ++uncounted_;
  Conn& c = *conn;
  conns_.emplace(c.key, std::move(conn));
  respond_error(
      c, 503,
      "too many connections (at most " + std::to_string(options_.max_connections) + "); try again shortly",
      now);
}

bool Server::Impl::read_some(Conn& conn) {
  char buf[kReadChunk];
  std::size_t total = 0;
  while (total < kReadPerEvent) {
    ssize_t n = ::recv(conn.fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (conn.state != State::kLinger) conn.in.append(buf, static_cast<std::size_t>(n));
      total += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EOF or a reset
  }
  return true;
}

void Server::Impl::on_event(Conn& conn, std::uint32_t events, Clock::time_point now) {
  const std::uint64_t key = conn.key;
  switch (conn.state) {
    case State::kHead:
    case State::kBody:
    case State::kIdle: {
      bool open = read_some(conn);
      // What came before an EOF is still answered when complete (a client
      // may shut down its side after sending).
      process_input(conn, now);
      Conn* still = find(key);
      if (!open && still &&
          (still->state == State::kHead || still->state == State::kBody || still->state == State::kIdle)) {
        close_conn(key);
      }
      return;
    }
    case State::kWriting:
      if (events & (EPOLLERR | EPOLLHUP)) {
        close_conn(key);
      } else {
        flush(conn, now);
      }
      return;
    case State::kLinger:
      if (!read_some(conn) || (events & (EPOLLERR | EPOLLHUP))) close_conn(key);
      return;
    case State::kWorking:
      // Nothing is watched while a worker has the request but these: the
      // client is gone, so its answer will be dropped.
      if (events & (EPOLLERR | EPOLLHUP)) close_conn(key);
      return;
  }
}

void Server::Impl::process_input(Conn& conn, Clock::time_point now) {
  if (conn.state == State::kIdle || conn.state == State::kHead) {
    if (conn.in.empty()) return;
    if (conn.state == State::kIdle) {
      conn.state = State::kHead;
      conn.deadline = now + options_.header_timeout;
    }
    conn.got_bytes = true;
    if (!start_request(conn, now)) return;
  }
  if (conn.state == State::kBody) {
    // The API takes no bodies: read (so the connection stays in step) and
    // drop.
    std::size_t take = std::min(conn.body_left, conn.in.size());
    conn.in.erase(0, take);
    conn.body_left -= take;
    if (conn.body_left > 0) return;
    dispatch(conn, now);
  }
}

// Parses the head in conn.in; on success moves to kBody (which may need no
// bytes) and returns true.
bool Server::Impl::start_request(Conn& conn, Clock::time_point now) {
  RequestHead head;
  HeadResult r = parse_head(conn.in, limits_, head);
  if (r.status == HeadStatus::kIncomplete) return false;
  if (r.status == HeadStatus::kError) {
    respond_error(conn, r.error_status, r.message, now);
    return false;
  }
  conn.in.erase(0, head.bytes);
  conn.head = std::move(head);
  conn.started = now;
  const RequestHead& h = conn.head;
  const std::string* connection = h.find("connection");
  conn.keep_alive =
      h.minor_version == 1 ? !has_token(connection, "close") : has_token(connection, "keep-alive");

  if (const std::string* te = h.find("transfer-encoding")) {
    // Both framings at once is how requests are smuggled past proxies.
    if (h.find("content-length")) {
      respond_error(conn, 400, "both Transfer-Encoding and Content-Length", now);
    } else if (has_token(te, "chunked")) {
      respond_error(conn, 411, "chunked request bodies are not accepted: send Content-Length", now);
    } else {
      respond_error(conn, 501, "unsupported Transfer-Encoding: send Content-Length", now);
    }
    return false;
  }
  std::size_t length = 0;
  if (!content_length(h, &length)) {
    respond_error(conn, 400, "malformed Content-Length", now);
    return false;
  }
  if (length > options_.max_body_bytes) {
    respond_error(conn, 413,
                  "request body too large (at most " + std::to_string(options_.max_body_bytes) + " bytes)",
                  now);
    return false;
  }
  if (origin_form(h.target).empty()) {
    respond_error(conn, 400, "malformed request target", now);
    return false;
  }
  conn.body_left = length;
  conn.state = State::kBody;
  conn.deadline = now + options_.body_timeout;
  if (length > conn.in.size() && h.minor_version == 1 && has_token(h.find("expect"), "100-continue")) {
    // Best effort: a client that gets no 100 sends its body after a pause.
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    ssize_t ignored = ::send(conn.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL);
    (void)ignored;
  }
  return true;
}

void Server::Impl::dispatch(Conn& conn, Clock::time_point now) {
  Job job;
  job.key = conn.key;
  job.method = conn.head.method;
  job.target = conn.head.target;
  job.request = http::parse_target(conn.head.method, origin_form(conn.head.target));
  job.keep_alive = conn.keep_alive && conn.answered + 1 < options_.max_requests_per_connection;
  job.started = conn.started;
  bool queued = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() < options_.max_queued_requests) {
      queue_.push_back(std::move(job));
      queued = true;
    }
  }
  if (queued) {
    ++jobs_out_;
    conn.state = State::kWorking;
    watch(conn, 0);
    work_cv_.notify_one();
    return;
  }
  respond_error(conn, 503,
                "server busy (" + std::to_string(options_.max_queued_requests) +
                    " requests waiting); try again shortly",
                now);
}

void Server::Impl::respond_error(Conn& conn, int status, const std::string& message, Clock::time_point now) {
  if (log_) {
    LogEntry e;
    e.method = conn.head.method;
    e.target = conn.head.target;
    e.status = status;
    log_(e);
  }
  // The connection's framing is lost (or the client is told to go away):
  // always close after an error the server finds itself.
  start_write(conn, serialize(error_response(status, message), conn.head.method == "HEAD", false), true, now);
}

void Server::Impl::start_write(Conn& conn, std::string bytes, bool close, Clock::time_point now) {
  conn.out = std::move(bytes);
  conn.out_pos = 0;
  conn.close_after_write = close;
  conn.state = State::kWriting;
  conn.deadline = send_deadline(now);
  flush(conn, now);
}

void Server::Impl::flush(Conn& conn, Clock::time_point now) {
  while (conn.out_pos < conn.out.size()) {
    ssize_t n = ::send(conn.fd, conn.out.data() + conn.out_pos, conn.out.size() - conn.out_pos, MSG_NOSIGNAL);
    if (n > 0) {
      conn.out_pos += static_cast<std::size_t>(n);
      conn.deadline = send_deadline(now);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      watch(conn, EPOLLOUT);
      return;
    }
    close_conn(conn.key);
    return;
  }
  std::string().swap(conn.out);  // a large answer's buffer goes back now
  conn.out_pos = 0;
  ++conn.answered;
  if (conn.close_after_write || stopping_) {
    linger(conn, now);
    return;
  }
  conn.state = State::kIdle;
  conn.got_bytes = false;
  conn.head = RequestHead{};
  conn.deadline = now + options_.idle_timeout;
  watch(conn, EPOLLIN);
  process_input(conn, now);  // a pipelined request may be waiting
}

void Server::Impl::linger(Conn& conn, Clock::time_point now) {
  ::shutdown(conn.fd, SHUT_WR);
  conn.in.clear();
  if (stopping_) {
    close_conn(conn.key);
    return;
  }
  conn.state = State::kLinger;
  conn.deadline = now + kLinger;
  watch(conn, EPOLLIN);
}

void Server::Impl::collect_done(Clock::time_point now) {
  std::vector<Done> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done.swap(done_);
  }
  for (Done& d : done) {
    --jobs_out_;
    Conn* conn = find(d.key);
    if (!conn) continue;  // the client left meanwhile
    start_write(*conn, std::move(d.bytes), d.close, now);
  }
}

void Server::Impl::sweep(Clock::time_point now) {
  if (listener_paused_ && now >= listener_resume_ && listen_fd_ >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenKey;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    listener_paused_ = false;
  }
  std::vector<std::uint64_t> late;
  for (const auto& [key, conn] : conns_) {
    if (conn->state != State::kWorking && now >= conn->deadline) late.push_back(key);
  }
  for (std::uint64_t key : late) {
    Conn& conn = *conns_.at(key);
    if (conn.state == State::kHead && conn.got_bytes) {
      respond_error(conn, 408, "request headers not received within " + seconds_text(options_.header_timeout),
                    now);
    } else if (conn.state == State::kBody) {
      respond_error(conn, 408, "request body not received within " + seconds_text(options_.body_timeout),
                    now);
    } else {
      // Silent connections, idle keep-alive ones, stalled readers and
      // drained closes just end.
      close_conn(key);
    }
  }
}

void Server::Impl::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return !queue_.empty() || quit_; });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    http::HttpResponse response;
    try {
      response = handler_(job.request);
    } catch (...) {
      response = error_response(500, "internal error");
    }
    if (log_) {
      LogEntry e;
      e.method = job.method;
      e.target = job.target;
      e.status = response.status;
      e.duration = Clock::now() - job.started;
      log_(e);
    }
    Done done;
    done.key = job.key;
    done.close = !job.keep_alive;
    done.bytes = serialize(response, job.method == "HEAD", job.keep_alive);
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_.push_back(std::move(done));
    }
    wake();
  }
}

Server::Server(ServerOptions options, Handler handler, ErrorResponder error, AccessLog log)
    : impl_(
          std::make_unique<Impl>(std::move(options), std::move(handler), std::move(error), std::move(log))) {}

Server::~Server() = default;

void Server::listen() { impl_->listen(); }
int Server::port() const { return impl_->port(); }
void Server::run() { impl_->run(); }
void Server::stop() { impl_->stop(); }

}  // namespace dateline::net
