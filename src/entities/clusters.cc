#include "entities/clusters.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <utility>

#include "util/error.h"

namespace dateline::entities {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c); }

bool is_abbreviation(std::string_view w) {
  // Words that keep their period in CoNLL-2003 text.
  static constexpr std::string_view kAbbrev[] = {
      "Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "Gen",    "Col",  "Lt",   "Sgt",  "Capt", "Rep",  "Sen",
      "Gov",  "Rev",  "St",   "Jr",   "Sr",   "Inc",    "Corp", "Co",   "Ltd",  "Bros", "Plc",  "Cie",
      "No",   "vs",   "Jan",  "Feb",  "Mar",  "Apr",    "Jun",  "Jul",  "Aug",  "Sep",  "Sept", "Oct",
      "Nov",  "Dec",  "Mt",   "Ft",   "Ave",  "approx", "est",  "dlrs", "pct",  "mln",  "bln",  "Calif",
      "Mass", "Conn", "Penn", "Fla",  "Ill",  "Mich",   "Ariz", "Tex",  "Wash", "Md",   "Va",   "Ga",
      "Ala",  "Tenn", "Ky",   "Minn", "Wis",  "Okla",   "Ore",  "Colo"};
  if (w.size() == 1 && is_alpha(w[0])) return true;        // initials: "J."
  if (w.find('.') != std::string_view::npos) return true;  // "U.S", "p.m"
  for (std::string_view a : kAbbrev) {
    if (a == w) return true;
  }
  return false;
}

bool is_lead_punct(char c) {
  return c == '"' || c == '(' || c == '[' || c == '{' || c == '\'' || c == '`' || c == '$' || c == '<' ||
         c == '+' || c == '*';
}
bool is_trail_punct(char c) {
  return c == '"' || c == ')' || c == ']' || c == '}' || c == ',' || c == ';' || c == ':' || c == '!' ||
         c == '?' || c == '\'' || c == '>' || c == '+' || c == '*' || c == '%';
}

// Splits one white-space-free chunk into tokens.
void split_chunk(std::string_view chunk, std::vector<std::string_view>& out) {
  while (!chunk.empty() && is_lead_punct(chunk.front()) && chunk.size() > 1) {
    out.push_back(chunk.substr(0, 1));
    chunk.remove_prefix(1);
  }
  std::vector<std::string_view> tail;  // in reverse order
  while (chunk.size() > 1) {
    char c = chunk.back();
    if (is_trail_punct(c)) {
      // Also the "'" of plural possessives ("traders'"), as CoNLL does.
      tail.push_back(chunk.substr(chunk.size() - 1));
      chunk.remove_suffix(1);
      continue;
    }
    if (c == '.') {
      if (chunk.size() >= 3 && chunk.substr(chunk.size() - 3) == "...") {
        tail.push_back(chunk.substr(chunk.size() - 3));
        chunk.remove_suffix(3);
        continue;
      }
      std::string_view stem = chunk.substr(0, chunk.size() - 1);
      if (is_abbreviation(stem)) break;
      tail.push_back(chunk.substr(chunk.size() - 1));
      chunk.remove_suffix(1);
      continue;
    }
    break;
  }
  // Clitics: "Iran's" -> "Iran" "'s", "don't" -> "do" "n't".
  if (!chunk.empty()) {
    auto ends_with = [&](std::string_view s) {
      if (chunk.size() <= s.size()) return false;
      std::string_view end = chunk.substr(chunk.size() - s.size());
      for (std::size_t i = 0; i < s.size(); ++i) {
        char a = end[i];
        if (is_upper(a)) a = static_cast<char>(a - 'A' + 'a');
        if (a != s[i]) return false;
      }
      return true;
    };
    std::size_t cut = 0;
    if (ends_with("n't")) {
      cut = 3;
    } else if (ends_with("'s") || ends_with("'d") || ends_with("'m")) {
      cut = 2;
    } else if (ends_with("'re") || ends_with("'ve") || ends_with("'ll")) {
      cut = 3;
    }
    if (cut > 0) {
      out.push_back(chunk.substr(0, chunk.size() - cut));
      out.push_back(chunk.substr(chunk.size() - cut));
    } else {
      out.push_back(chunk);
    }
  }
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) out.push_back(*it);
}

}  // namespace

std::vector<std::string_view> conll_tokenize(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) split_chunk(text.substr(start, i - start), out);
  }
  return out;
}

void ClusterCorpus::add_sequence(const std::vector<std::string_view>& tokens) {
  if (tokens.empty()) return;
  std::vector<std::uint32_t> seq;
  seq.reserve(tokens.size());
  for (std::string_view t : tokens) {
    auto [it, inserted] = ids_.try_emplace(std::string(t), static_cast<std::uint32_t>(words_.size()));
    if (inserted) {
      words_.emplace_back(t);
      counts_.push_back(0);
    }
    ++counts_[it->second];
    seq.push_back(it->second);
  }
  tokens_ += tokens.size();
  sequences_.push_back(std::move(seq));
}

// The learner keeps dense (window+2)^2 tables indexed by "slot"; a slot holds
// one active cluster. All counts are integers, so q-terms are computed from
// counts with a table of logarithms.
class BrownLearner {
 public:
  BrownLearner(const ClusterCorpus& corpus, const BrownOptions& options)
      : corpus_(corpus), options_(options) {}

  std::vector<WordCluster> run();

 private:
  struct Neighbor {
    std::uint32_t word;
    std::uint64_t count;
  };

  double log_count(std::uint64_t n) const {
    return n < log_table_.size() ? log_table_[n] : std::log(static_cast<double>(n));
  }
  // Count-scaled p(x,y) log(p(x,y) / (pl(x) pr(y))), for n bigrams x->y.
  double q(std::uint64_t n, double log_left, double log_right) const {
    if (n == 0) return 0.0;
    return static_cast<double>(n) * (log_count(n) + log_total_ - log_left - log_right);
  }
  std::size_t at(std::size_t s, std::size_t t) const { return s * stride_ + t; }
  double& loss(std::size_t s, std::size_t t) { return s < t ? loss_[at(s, t)] : loss_[at(t, s)]; }

  void load_vocabulary();
  void refresh_q(std::size_t s);
  void refresh_pair_logs(std::size_t s);
  double full_loss(std::size_t s, std::size_t t) const;
  double delta(std::size_t s, std::size_t t, std::size_t d) const;
  void add_word(std::uint32_t w);
  void merge_best();

  const ClusterCorpus& corpus_;
  const BrownOptions& options_;

  std::vector<std::uint32_t> vocab_;                   // corpus word ids, by frequency
  std::vector<std::uint32_t> rank_;                    // corpus id -> vocab index or ~0
  std::vector<std::vector<Neighbor>> right_, left_;    // by vocab index
  std::vector<std::uint64_t> word_left_, word_right_;  // marginal counts
  std::vector<double> log_table_;
  double log_total_ = 0;

  std::size_t stride_ = 0;
  std::vector<std::size_t> active_;  // active slots, ascending
  std::vector<std::size_t> free_;
  // Union-find over the words of each active cluster.
  std::uint32_t find(std::uint32_t w) {
    while (parent_[w] != w) {
      parent_[w] = parent_[parent_[w]];
      w = parent_[w];
    }
    return w;
  }
  std::vector<std::uint32_t> parent_;        // vocab index -> parent word
  std::vector<std::uint32_t> slot_of_root_;  // root word -> slot
  std::vector<std::uint32_t> root_of_slot_;
  std::vector<std::uint64_t> count_;     // [s][t] bigrams from s to t
  std::vector<double> q_;                // q of count_
  std::vector<double> log_ml_, log_mr_;  // log marginals of s+t
  std::vector<double> loss_;             // [s<t]
  std::vector<std::uint64_t> nl_, nr_;
  std::vector<double> log_nl_, log_nr_;
  std::vector<std::uint32_t> node_;                                // slot -> tree node
  std::vector<std::pair<std::uint32_t, std::uint32_t>> children_;  // nodes >= V
};

void BrownLearner::load_vocabulary() {
  const std::size_t n = corpus_.words_.size();
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (corpus_.counts_[i] >= options_.min_count) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (corpus_.counts_[a] != corpus_.counts_[b]) {
      return corpus_.counts_[a] > corpus_.counts_[b];
    }
    return corpus_.words_[a] < corpus_.words_[b];
  });
  vocab_ = order;
  rank_.assign(n, ~0u);
  for (std::uint32_t r = 0; r < vocab_.size(); ++r) rank_[vocab_[r]] = r;

  // Bigram counts between vocabulary words.
  std::vector<std::uint64_t> pairs;
  for (const auto& seq : corpus_.sequences_) {
    for (std::size_t i = 1; i < seq.size(); ++i) {
      std::uint32_t a = rank_[seq[i - 1]], b = rank_[seq[i]];
      if (a == ~0u || b == ~0u) continue;
      pairs.push_back((static_cast<std::uint64_t>(a) << 32) | b);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  const std::size_t v = vocab_.size();
  right_.assign(v, {});
  left_.assign(v, {});
  word_left_.assign(v, 0);
  word_right_.assign(v, 0);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    auto a = static_cast<std::uint32_t>(pairs[i] >> 32);
    auto b = static_cast<std::uint32_t>(pairs[i] & 0xffffffffu);
    std::uint64_t c = j - i;
    right_[a].push_back({b, c});
    left_[b].push_back({a, c});
    word_left_[a] += c;
    word_right_[b] += c;
    total += c;
    i = j;
  }
  log_total_ = std::log(static_cast<double>(std::max<std::uint64_t>(total, 1)));
  log_table_.resize(std::min<std::uint64_t>(total + 1, 1u << 22));
  log_table_[0] = 0;
  for (std::size_t k = 1; k < log_table_.size(); ++k) {
    log_table_[k] = std::log(static_cast<double>(k));
  }
}

void BrownLearner::refresh_q(std::size_t s) {
  for (std::size_t d : active_) {
    q_[at(s, d)] = q(count_[at(s, d)], log_nl_[s], log_nr_[d]);
    q_[at(d, s)] = q(count_[at(d, s)], log_nl_[d], log_nr_[s]);
  }
}

void BrownLearner::refresh_pair_logs(std::size_t s) {
  for (std::size_t d : active_) {
    double ml = std::log(static_cast<double>(nl_[s] + nl_[d]));
    double mr = std::log(static_cast<double>(nr_[s] + nr_[d]));
    log_ml_[at(s, d)] = log_ml_[at(d, s)] = ml;
    log_mr_[at(s, d)] = log_mr_[at(d, s)] = mr;
  }
}

// What merging s and t changes in the terms with a third cluster d.
double BrownLearner::delta(std::size_t s, std::size_t t, std::size_t d) const {
  const std::size_t st = at(s, t);
  return q_[at(s, d)] + q_[at(d, s)] + q_[at(t, d)] + q_[at(d, t)] -
         q(count_[at(s, d)] + count_[at(t, d)], log_ml_[st], log_nr_[d]) -
         q(count_[at(d, s)] + count_[at(d, t)], log_nl_[d], log_mr_[st]);
}

// Loss of average mutual information if s and t were merged.
double BrownLearner::full_loss(std::size_t s, std::size_t t) const {
  double l = 0;
  for (std::size_t d : active_) {
    if (d != s && d != t) l += delta(s, t, d);
  }
  const std::size_t st = at(s, t);
  std::uint64_t inner = count_[at(s, s)] + count_[at(s, t)] + count_[at(t, s)] + count_[at(t, t)];
  l += q_[at(s, s)] + q_[at(t, t)] + q_[at(s, t)] + q_[at(t, s)] - q(inner, log_ml_[st], log_mr_[st]);
  return l;
}

void BrownLearner::add_word(std::uint32_t w) {
  std::size_t s = free_.back();
  free_.pop_back();
  for (std::size_t d : active_) {
    count_[at(s, d)] = count_[at(d, s)] = 0;
  }
  count_[at(s, s)] = 0;
  // Words enter in vocabulary order, so the active ones are those below w.
  for (const Neighbor& nb : right_[w]) {
    if (nb.word == w) {
      count_[at(s, s)] = nb.count;
    } else if (nb.word < w) {
      count_[at(s, slot_of_root_[find(nb.word)])] += nb.count;
    }
  }
  for (const Neighbor& nb : left_[w]) {
    if (nb.word < w) count_[at(slot_of_root_[find(nb.word)], s)] += nb.count;
  }
  nl_[s] = std::max<std::uint64_t>(word_left_[w], 1);
  nr_[s] = std::max<std::uint64_t>(word_right_[w], 1);
  log_nl_[s] = std::log(static_cast<double>(nl_[s]));
  log_nr_[s] = std::log(static_cast<double>(nr_[s]));
  node_[s] = w;
  parent_[w] = w;
  slot_of_root_[w] = static_cast<std::uint32_t>(s);
  root_of_slot_[s] = w;

  // The new cluster is a third party to every existing pair.
  active_.insert(std::lower_bound(active_.begin(), active_.end(), s), s);
  refresh_q(s);
  refresh_pair_logs(s);
  for (std::size_t i = 0; i < active_.size(); ++i) {
    std::size_t a = active_[i];
    if (a == s) continue;
    for (std::size_t j = i + 1; j < active_.size(); ++j) {
      std::size_t b = active_[j];
      if (b == s) continue;
      loss(a, b) += delta(a, b, s);
    }
  }
  for (std::size_t d : active_) {
    if (d != s) loss(s, d) = full_loss(s, d);
  }
}

void BrownLearner::merge_best() {
  std::size_t best_a = 0, best_b = 0;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < active_.size(); ++i) {
    for (std::size_t j = i + 1; j < active_.size(); ++j) {
      double l = loss_[at(active_[i], active_[j])];
      if (l < best) {
        best = l;
        best_a = active_[i];
        best_b = active_[j];
      }
    }
  }
  const std::size_t a = best_a, b = best_b;  // a < b; a keeps the merge
  // Remove a and b as third parties of every other pair.
  for (std::size_t i = 0; i < active_.size(); ++i) {
    std::size_t s = active_[i];
    if (s == a || s == b) continue;
    for (std::size_t j = i + 1; j < active_.size(); ++j) {
      std::size_t t = active_[j];
      if (t == a || t == b) continue;
      loss(s, t) -= delta(s, t, a) + delta(s, t, b);
    }
  }
  // Fold b into a.
  for (std::size_t d : active_) {
    if (d == a || d == b) continue;
    count_[at(a, d)] += count_[at(b, d)];
    count_[at(d, a)] += count_[at(d, b)];
  }
  count_[at(a, a)] += count_[at(a, b)] + count_[at(b, a)] + count_[at(b, b)];
  nl_[a] += nl_[b];
  nr_[a] += nr_[b];
  log_nl_[a] = std::log(static_cast<double>(nl_[a]));
  log_nr_[a] = std::log(static_cast<double>(nr_[a]));
  parent_[root_of_slot_[b]] = root_of_slot_[a];
  active_.erase(std::find(active_.begin(), active_.end(), b));
  free_.push_back(b);
  auto parent = static_cast<std::uint32_t>(vocab_.size() + children_.size());
  children_.emplace_back(node_[a], node_[b]);
  node_[a] = parent;
  refresh_q(a);
  refresh_pair_logs(a);
  // Add the merged cluster as a third party.
  for (std::size_t i = 0; i < active_.size(); ++i) {
    std::size_t s = active_[i];
    if (s == a) continue;
    for (std::size_t j = i + 1; j < active_.size(); ++j) {
      std::size_t t = active_[j];
      if (t == a) continue;
      loss(s, t) += delta(s, t, a);
    }
  }
  for (std::size_t d : active_) {
    if (d != a) loss(a, d) = full_loss(a, d);
  }
}

std::vector<WordCluster> BrownLearner::run() {
  load_vocabulary();
  const std::size_t v = vocab_.size();
  if (v < 2) throw Error("too few words to cluster (need at least two)");
  const std::size_t window = std::max<std::size_t>(options_.window, 2);
  stride_ = window + 1;
  count_.assign(stride_ * stride_, 0);
  q_.assign(stride_ * stride_, 0);
  log_ml_.assign(stride_ * stride_, 0);
  log_mr_.assign(stride_ * stride_, 0);
  loss_.assign(stride_ * stride_, 0);
  nl_.assign(stride_, 1);
  nr_.assign(stride_, 1);
  log_nl_.assign(stride_, 0);
  log_nr_.assign(stride_, 0);
  node_.assign(stride_, 0);
  parent_.assign(v, 0);
  slot_of_root_.assign(v, 0);
  root_of_slot_.assign(stride_, 0);
  for (std::size_t s = stride_; s-- > 0;) free_.push_back(s);

  for (std::uint32_t w = 0; w < v; ++w) {
    add_word(w);
    if (active_.size() > window) merge_best();
    if (options_.progress && (w % 1000 == 0 || w + 1 == v)) {
      options_.progress(w + 1, v);
    }
  }
  while (active_.size() > 1) merge_best();

  // Root-to-leaf paths. Iterative DFS: chains from the windowed phase can
  // be thousands of nodes deep.
  std::vector<std::string> path(v + children_.size());
  std::vector<std::uint32_t> stack{node_[active_.front()]};
  while (!stack.empty()) {
    std::uint32_t n = stack.back();
    stack.pop_back();
    if (n < v) continue;
    auto [l, r] = children_[n - v];
    path[l] = path[n] + '0';
    path[r] = path[n] + '1';
    stack.push_back(l);
    stack.push_back(r);
  }
  std::vector<WordCluster> out(v);
  for (std::uint32_t w = 0; w < v; ++w) {
    out[w].word = corpus_.words_[vocab_[w]];
    out[w].bits = path[w].empty() ? "0" : path[w];
    out[w].count = corpus_.counts_[vocab_[w]];
  }
  return out;
}

std::vector<WordCluster> learn_brown_clusters(const ClusterCorpus& corpus, const BrownOptions& options) {
  BrownLearner learner(corpus, options);
  return learner.run();
}

void write_clusters(const std::string& path, const std::vector<WordCluster>& clusters, std::size_t max_bits) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path + ": cannot open for writing");
  for (const WordCluster& c : clusters) {
    std::string_view bits(c.bits);
    if (max_bits > 0 && bits.size() > max_bits) bits = bits.substr(0, max_bits);
    out << bits << '\t' << c.word << '\t' << c.count << '\n';
  }
  out.flush();
  if (!out) throw Error(path + ": write failed");
}

std::vector<WordCluster> read_clusters(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open cluster file");
  std::vector<WordCluster> out;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t t1 = line.find('\t');
    std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos || t1 == 0 || t2 == t1 + 1) {
      throw InputError(path, line_no, "expected 'bits<TAB>word<TAB>count'");
    }
    WordCluster c;
    c.bits = line.substr(0, t1);
    if (c.bits.find_first_not_of("01") != std::string::npos) {
      throw InputError(path, line_no, "cluster path must be made of 0 and 1");
    }
    c.word = line.substr(t1 + 1, t2 - t1 - 1);
    try {
      c.count = std::stoull(line.substr(t2 + 1));
    } catch (const std::exception&) {
      throw InputError(path, line_no, "bad count");
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace dateline::entities
