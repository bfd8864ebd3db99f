// make_corpus: writes a JSON Lines corpus of exactly N articles made from
// the given corpora, for the growth benchmark.
//
//   make_corpus N OUT.jsonl FILE...
//
// The inputs (all their lines, in order) form the base set of B articles.
// Copy 0 is the base set itself, copy k (k >= 1) repeats it with ids
// "<id>-copyk" and dates moved k years later (Feb 29 becomes Feb 28 when
// the new year has none; undated stays undated). N = q*B + r gives q whole
// copies and then r articles spread evenly over copy q, so every size
// keeps the mix of the inputs.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// "1987-02-26T15:01:01Z" + k years; leaves anything unparseable alone.
std::string shift_years(const std::string& d, int k) {
  if (d.size() < 4) return d;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (d[i] < '0' || d[i] > '9') return d;
    y = y * 10 + (d[i] - '0');
  }
  std::string out = std::to_string(y + k) + d.substr(4);
  if (out.size() >= 10 && out.compare(4, 6, "-02-29") == 0 && !leap(y + k)) out[9] = '8';
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: make_corpus N OUT.jsonl FILE...\n";
    return 2;
  }
  long long n = std::stoll(argv[1]);
  std::vector<nlohmann::json> base;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << "make_corpus: cannot open " << argv[i] << "\n";
      return 2;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      base.push_back(nlohmann::json::parse(line));
    }
  }
  if (base.empty() || n <= 0) {
    std::cerr << "make_corpus: nothing to write\n";
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary);
  if (!out) {
    std::cerr << "make_corpus: cannot write " << argv[2] << "\n";
    return 2;
  }
  const long long b = static_cast<long long>(base.size());
  long long written = 0;
  for (long long k = 0; written < n; ++k) {
    long long want = std::min(b, n - written);
    for (long long i = 0; i < b; ++i) {
      // Article i is taken when the even spread of `want` over b steps here.
      if (want < b && (i + 1) * want / b == i * want / b) continue;
      nlohmann::json j = base[static_cast<std::size_t>(i)];
      if (k > 0) {
        j["id"] = j.value("id", std::string()) + "-copy" + std::to_string(k);
        auto d = j.find("date");
        if (d != j.end() && d->is_string()) *d = shift_years(d->get<std::string>(), static_cast<int>(k));
      }
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      ++written;
    }
  }
  std::cerr << "make_corpus: " << written << " articles (base " << b << ") -> " << argv[2] << "\n";
  return out ? 0 : 1;
}
