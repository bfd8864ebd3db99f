#include "net/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dateline::net {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A server on a loopback port of its own, run on a thread. Paths:
//   /big       an 8 MB body
//   /wait      blocks until release() (and says it started via started())
//   /throw     the handler throws
//   anything   "path=<decoded path>"
class TestServer {
 public:
  explicit TestServer(ServerOptions options = defaults()) {
    options.bind = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, [this](const http::HttpRequest& r) { return answer(r); });
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    release();
    server_->stop();
    thread_.join();
  }

  static ServerOptions defaults() {
    ServerOptions o;
    o.workers = 2;
    return o;
  }
  int port() const { return server_->port(); }
  Server& server() { return *server_; }
  // Waits until n requests have entered /wait.
  bool started(int n) {
    for (auto until = Clock::now() + 5s; Clock::now() < until; std::this_thread::sleep_for(5ms)) {
      if (waiting_ >= n) return true;
    }
    return false;
  }
  void release() {
    if (!released_.exchange(true)) gate_.set_value();
  }
  void join() { thread_.join(); }

 private:
  http::HttpResponse answer(const http::HttpRequest& r) {
    http::HttpResponse res;
    res.content_type = "text/plain";
    if (r.path == "/big") {
      res.body.assign(8 << 20, 'x');
    } else if (r.path == "/wait") {
      ++waiting_;
      gate_future_.wait();
      res.body = "waited";
    } else if (r.path == "/throw") {
      throw std::runtime_error("boom");
    } else {
      res.body = "path=" + r.path;
    }
    return res;
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> waiting_{0};
  std::promise<void> gate_;
  std::shared_future<void> gate_future_ = gate_.get_future().share();
  std::atomic<bool> released_{false};
};

// A blocking client socket whose reads give up after 5 s.
class Client {
 public:
  explicit Client(int port, int rcvbuf = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
      ssize_t n = ::send(fd_, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }
  // One whole response (head and Content-Length body), or "" on EOF or
  // time-out. Bytes after it stay for the next call.
  std::string response() {
    for (;;) {
      std::size_t end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        std::size_t cl = buf_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(buf_.substr(cl + 16));
        if (buf_.compare(0, 12, "HTTP/1.1 100") == 0) {
          buf_.erase(0, end + 4);
          continue;
        }
        if (buf_.size() >= end + 4 + length) {
          std::string r = buf_.substr(0, end + 4 + length);
          buf_.erase(0, r.size());
          return r;
        }
      }
      if (!fill()) return "";
    }
  }
  // True when the server closed the connection (EOF within 5 s).
  bool closed() {
    while (fill()) {
    }
    return eof_;
  }
  // Everything until the server closes the connection.
  std::string all() {
    closed();
    return std::move(buf_);
  }

 private:
  bool fill() {
    char b[65536];
    ssize_t n = ::recv(fd_, b, sizeof b, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) eof_ = true;
    if (n <= 0) return false;
    buf_.append(b, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string buf_;
};

int status(const std::string& response) {
  return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}
std::string body(const std::string& response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}
bool has_header(const std::string& response, const std::string& line) {
  return response.find("\r\n" + line + "\r\n") != std::string::npos;
}

TEST(ServerTest, RequestAndKeepAlive) {
  TestServer server;
  Client c(server.port());
  ASSERT_TRUE(c.connected());
  c.send("GET /one?x=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string r = c.response();
  EXPECT_EQ(status(r), 200) << r;
  EXPECT_EQ(body(r), "path=/one");
  EXPECT_TRUE(has_header(r, "Connection: keep-alive")) << r;
  EXPECT_TRUE(has_header(r, "Content-Type: text/plain")) << r;
  c.send("GET /t%C3%A9 HTTP/1.1\r\nHost: t\r\n\r\n");
  r = c.response();
  EXPECT_EQ(body(r), "path=/té") << r;
}

TEST(ServerTest, ConnectionCloseAndHttp10) {
  TestServer server;
  {
    Client c(server.port());
    c.send("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n");
    std::string r = c.response();
    EXPECT_EQ(status(r), 200);
    EXPECT_TRUE(has_header(r, "Connection: close")) << r;
    EXPECT_TRUE(c.closed());
  }
  {
    Client c(server.port());
    c.send("GET /a HTTP/1.0\r\n\r\n");
    EXPECT_EQ(status(c.response()), 200);
    EXPECT_TRUE(c.closed());
  }
}

TEST(ServerTest, HeadKeepsTheLengthWithoutTheBody) {
  TestServer server;
  Client c(server.port());
  c.send("HEAD /abc HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string all = c.all();
  std::size_t second = all.find("HTTP/1.1", 1);
  ASSERT_NE(second, std::string::npos) << all;
  std::string head = all.substr(0, second);
  EXPECT_EQ(status(head), 200);
  EXPECT_TRUE(has_header(head, "Content-Length: 9")) << head;  // "path=/abc"
  EXPECT_EQ(body(head), "");
  EXPECT_EQ(body(all.substr(second)), "path=/next");
}

TEST(ServerTest, PipelinedRequestsAnswerInOrder) {
  TestServer server;
  Client c(server.port());
  std::string all;
  for (int i = 0; i < 5; ++i) all += "GET /p" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  c.send(all);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(body(c.response()), "path=/p" + std::to_string(i)) << i;
}

TEST(ServerTest, BodyIsReadBeforeTheNextRequest) {
  TestServer server;
  Client c(server.port());
  c.send("POST /post HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /after HTTP/1.1\r\n\r\n");
  EXPECT_EQ(body(c.response()), "path=/post");
  EXPECT_EQ(body(c.response()), "path=/after");
  // Expect: 100-continue is honoured.
  c.send("PUT /put HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  std::this_thread::sleep_for(50ms);
  c.send("abc");
  EXPECT_EQ(body(c.response()), "path=/put");
}

TEST(ServerTest, TricklingClientsDoNotDelayOthers) {
  ServerOptions o = TestServer::defaults();
  o.workers = 2;
  TestServer server(o);
  std::vector<std::unique_ptr<Client>> tricklers;
  const std::string line = "GET /slow HTTP/1.1\r\n";
  for (int i = 0; i < 16; ++i) {
    tricklers.push_back(std::make_unique<Client>(server.port()));
    tricklers.back()->send(line.substr(0, 1));
  }
  for (std::size_t byte = 1; byte < 4; ++byte) {
    for (auto& t : tricklers) t->send(line.substr(byte, 1));
    auto start = Clock::now();
    Client c(server.port());
    c.send("GET /healthz HTTP/1.1\r\n\r\n");
    EXPECT_EQ(body(c.response()), "path=/healthz");
    EXPECT_LT(Clock::now() - start, 2s) << "while 16 clients trickle their headers";
  }
}

TEST(ServerTest, HeaderDeadlineGives408AndCloses) {
  ServerOptions o = TestServer::defaults();
  o.header_timeout = 300ms;
  TestServer server(o);
  Client c(server.port());
  auto start = Clock::now();
  c.send("GET / HTTP/1.1\r\nHost: t\r\n");
  std::string r = c.response();
  EXPECT_EQ(status(r), 408) << r;
  EXPECT_TRUE(has_header(r, "Connection: close")) << r;
  EXPECT_TRUE(c.closed());
  EXPECT_GE(Clock::now() - start, 250ms);
  // Silent connections end without an answer.
  Client silent(server.port());
  EXPECT_TRUE(silent.closed());
  EXPECT_EQ(silent.response(), "");
}

// One connection, some requests, then the server closes it.
TEST(ServerTest, ConnectionsThatEnd) {
  struct Case {
    const char* name;
    std::function<void(ServerOptions&)> tune;
    std::string requests;
    std::vector<int> statuses;
    std::string last_connection;  // the Connection header of the last answer
  };
  const Case cases[] = {
      {"body deadline",
       [](ServerOptions& o) { o.body_timeout = 300ms; },
       "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
       {408},
       "close"},
      {"idle keep-alive",
       [](ServerOptions& o) { o.idle_timeout = 200ms; },
       "GET / HTTP/1.1\r\n\r\n",
       {200},
       "keep-alive"},
      {"max requests per connection",
       [](ServerOptions& o) { o.max_requests_per_connection = 2; },
       "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
       {200, 200},
       "close"},
  };
  for (const Case& c : cases) {
    ServerOptions o = TestServer::defaults();
    c.tune(o);
    TestServer server(o);
    Client client(server.port());
    client.send(c.requests);
    std::string r;
    for (int want : c.statuses) {
      r = client.response();
      EXPECT_EQ(status(r), want) << c.name << "\n" << r;
    }
    EXPECT_TRUE(has_header(r, "Connection: " + c.last_connection)) << c.name << "\n" << r;
    EXPECT_TRUE(client.closed()) << c.name;
  }
}

TEST(ServerTest, OverMaxConnectionsGets503AndClose) {
  ServerOptions o = TestServer::defaults();
  o.max_connections = 2;
  TestServer server(o);
  Client a(server.port());
  Client b(server.port());
  // Both are accepted (and counted) once they have been answered.
  a.send("GET /a HTTP/1.1\r\n\r\n");
  b.send("GET /b HTTP/1.1\r\n\r\n");
  ASSERT_EQ(status(a.response()), 200);
  ASSERT_EQ(status(b.response()), 200);
  Client c(server.port());
  c.send("GET /c HTTP/1.1\r\n\r\n");
  std::string r = c.response();
  EXPECT_EQ(status(r), 503) << r;
  EXPECT_TRUE(has_header(r, "Retry-After: 1")) << r;
  EXPECT_TRUE(c.closed());
}

TEST(ServerTest, FreedSlotsAreReused) {
  ServerOptions o = TestServer::defaults();
  o.max_connections = 1;
  TestServer server(o);
  {
    Client a(server.port());
    a.send("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status(a.response()), 200);
    EXPECT_TRUE(a.closed());
  }
  int got = 0;
  for (int i = 0; i < 50 && got != 200; ++i) {
    Client b(server.port());
    b.send("GET /b HTTP/1.1\r\n\r\n");
    got = status(b.response());
    if (got != 200) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(got, 200);
}

TEST(ServerTest, FullQueueGets503) {
  ServerOptions o = TestServer::defaults();
  o.workers = 1;
  o.max_queued_requests = 1;
  TestServer server(o);
  Client busy(server.port());
  busy.send("GET /wait HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(server.started(1));
  Client queued(server.port());
  queued.send("GET /queued HTTP/1.1\r\n\r\n");
  std::this_thread::sleep_for(100ms);  // until it is in the queue
  Client refused(server.port());
  refused.send("GET /refused HTTP/1.1\r\n\r\n");
  std::string r = refused.response();
  EXPECT_EQ(status(r), 503) << r;
  EXPECT_TRUE(has_header(r, "Retry-After: 1")) << r;
  server.release();
  EXPECT_EQ(body(busy.response()), "waited");
  EXPECT_EQ(body(queued.response()), "path=/queued");
}

TEST(ServerTest, ErrorsTheServerFindsItself) {
  ServerOptions o = TestServer::defaults();
  o.max_body_bytes = 1000;
  TestServer server(o);
  struct Case {
    std::string request;
    int status;
  };
  const Case cases[] = {
      {"POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n", 431},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"GARBAGE\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 400},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"GET nowhere HTTP/1.1\r\n\r\n", 400},
      {"GET /throw HTTP/1.1\r\n\r\n", 500},
  };
  for (const Case& c : cases) {
    Client client(server.port());
    client.send(c.request);
    std::string r = client.response();
    EXPECT_EQ(status(r), c.status) << c.request.substr(0, 60) << "\n" << r;
    if (c.status != 500) {
      EXPECT_TRUE(client.closed()) << c.request.substr(0, 60);
    }
  }
  // The absolute form is read as its path.
  Client client(server.port());
  client.send("GET http://example.com/abs?q=1 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(body(client.response()), "path=/abs");
}

TEST(ServerTest, ClientThatNeverReadsBlocksNobody) {
  ServerOptions o = TestServer::defaults();
  o.workers = 1;
  TestServer server(o);
  // Asks for 4 x 8 MB and reads nothing, with a small receive buffer.
  Client hog(server.port(), 4096);
  std::string req;
  for (int i = 0; i < 4; ++i) req += "GET /big HTTP/1.1\r\n\r\n";
  hog.send(req);
  std::this_thread::sleep_for(200ms);
  for (int i = 0; i < 3; ++i) {
    auto start = Clock::now();
    Client c(server.port());
    c.send("GET /ok HTTP/1.1\r\n\r\n");
    EXPECT_EQ(body(c.response()), "path=/ok");
    EXPECT_LT(Clock::now() - start, 2s);
  }
}

TEST(ServerTest, StopFinishesRequestsInFlight) {
  TestServer server;
  Client c(server.port());
  c.send("GET /wait HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(server.started(1));
  Client idle(server.port());
  std::this_thread::sleep_for(50ms);  // accepted
  server.server().stop();
  std::this_thread::sleep_for(100ms);
  server.release();
  std::string r = c.response();
  EXPECT_EQ(status(r), 200) << r;
  EXPECT_EQ(body(r), "waited");
  EXPECT_TRUE(c.closed());
  EXPECT_TRUE(idle.closed());
}

TEST(ServerTest, SecondServerOnThePortIsRefused) {
  TestServer server;
  ServerOptions o;
  o.bind = "127.0.0.1";
  o.port = server.port();
  Server second(o, [](const http::HttpRequest&) { return http::HttpResponse{}; });
  try {
    second.listen();
    FAIL() << "a second server listened on the same port";
  } catch (const ListenError& e) {
    EXPECT_EQ(e.error_number(), EADDRINUSE);
  }
}

}  // namespace
}  // namespace dateline::net
