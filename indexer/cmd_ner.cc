// dateline-index ner-train | ner-eval | ner-clusters

#include "indexer/cmd_ner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "entities/clusters.h"
#include "entities/data_dir.h"
#include "entities/ner.h"
#include "entities/ner_train.h"
#include "ingest/reader.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::indexer {
namespace {

// data/ner/gaz-*.txt, in name order so training is reproducible.
std::vector<std::string> default_gazetteers() {
  std::vector<std::string> out;
  std::filesystem::path dir = std::filesystem::path(entities::default_data_dir()) / "ner";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with("gaz-") && name.ends_with(".txt")) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct TrainArgs {
  entities::NerTrainOptions options;
  std::string out;
};

void run_train(TrainArgs& args) {
  auto& o = args.options;
  if (o.clusters_path.empty()) o.clusters_path = entities::default_data_dir() + "/ner/clusters.txt";
  if (o.gazetteer_paths.empty()) o.gazetteer_paths = default_gazetteers();
  o.log = [](const std::string& line) { std::cerr << util::printable(line) << "\n"; };
  entities::NerTrainReport r = entities::train_ner(o, args.out);
  // Per fold, F1 on the held-out block at the epoch the folds picked.
  auto fold_line = [&](const char* what, const std::vector<std::vector<double>>& by_fold, int epoch) {
    if (by_fold.empty() || epoch <= 0) return;
    double sum = 0;
    std::string line = std::string(what) + " weights, epoch " + std::to_string(epoch) + ", fold F1:";
    for (const auto& f : by_fold) {
      char buf[16];
      std::snprintf(buf, sizeof buf, " %.4f", f[epoch - 1]);
      line += buf;
      sum += f[epoch - 1];
    }
    char mean[32];
    std::snprintf(mean, sizeof mean, " (mean %.4f)", sum / by_fold.size());
    std::cerr << line << mean << "\n";
  };
  fold_line("sentence", r.sentence_fold_f1, r.sentence_best_epoch);
  fold_line("document", r.document_fold_f1, o.document_features ? r.best_epoch : 0);
  if (o.document_features) {
    std::fprintf(stderr, "sentence weights: epoch %d, dev F1 %.4f\n", r.sentence_best_epoch,
                 r.sentence_dev_f1);
  }
  std::fprintf(stderr,
               "wrote %s: epoch %d of %d, dev F1 %.4f, %zu features seen, "
               "%.1f s\n",
               util::printable(args.out).c_str(), r.best_epoch, o.epochs, r.dev_f1, r.features, r.seconds);
}

struct EvalArgs {
  std::string file;
  std::string model;
  std::string train;
  bool json = false;
  bool sentences = false;
};

void run_eval(const EvalArgs& args) {
  std::string model_path = args.model.empty() ? entities::default_ner_model_path() : args.model;
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<entities::NerModel> model = entities::NerModel::load(model_path);
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<entities::ConllSentence> data = entities::read_conll(args.file);
  std::unordered_set<std::string> known;
  if (!args.train.empty()) known = entities::entity_texts(entities::read_conll(args.train));
  entities::NerEvaluation ev =
      entities::evaluate_ner(*model, data, !args.sentences, args.train.empty() ? nullptr : &known);
  double tps = ev.seconds > 0 ? ev.tokens / ev.seconds : 0;
  if (args.json) {
    auto score = [](const entities::NerScore& s) {
      return nlohmann::ordered_json{{"precision", s.precision()}, {"recall", s.recall()}, {"f1", s.f1()}};
    };
    auto with_counts = [&](const entities::NerScore& s) {
      nlohmann::ordered_json j = score(s);
      j["gold"] = s.gold;
      j["predicted"] = s.predicted;
      return j;
    };
    nlohmann::ordered_json j;
    j["overall"] = score(ev.overall);
    for (const char* t : {"PER", "LOC", "ORG", "MISC"}) j[t] = score(ev.by_type[t]);
    // Names whose text the training file has (seen) or lacks (unseen).
    for (auto [name, part] : {std::pair{"seen", &ev.seen}, std::pair{"unseen", &ev.unseen}}) {
      if (part->empty()) continue;
      for (const char* t : {"overall", "PER", "LOC", "ORG", "MISC"}) j[name][t] = with_counts((*part)[t]);
    }
    j["tokens"] = ev.tokens;
    j["tokens_per_second"] = static_cast<std::int64_t>(tps);
    std::cout << j.dump() << "\n";
    return;
  }
  std::printf("%-8s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "F1", "gold", "found");
  auto row = [](const char* name, const entities::NerScore& s) {
    std::printf("%-8s %9.4f %9.4f %9.4f %7zu %7zu\n", name, s.precision(), s.recall(), s.f1(), s.gold,
                s.predicted);
  };
  row("overall", ev.overall);
  for (const char* t : {"PER", "LOC", "ORG", "MISC"}) row(t, ev.by_type[t]);
  for (auto [name, part] : {std::pair{"seen", &ev.seen}, std::pair{"unseen", &ev.unseen}}) {
    if (part->empty()) continue;
    std::printf("%s in training:\n", name);
    for (const char* t : {"overall", "PER", "LOC", "ORG", "MISC"}) row(t, (*part)[t]);
  }
  std::printf("%zu tokens, %.0f tokens/s tagging, model loaded in %.3f s\n", ev.tokens, tps, load_s);
}

struct ClusterArgs {
  std::vector<std::string> inputs;
  std::vector<std::string> conll;
  std::string out;
  std::size_t window = 500;
  std::uint64_t min_count = 3;
  std::size_t max_bits = 0;
};

class StderrSink : public ingest::ErrorSink {
 public:
  void report(const InputError& e) override { std::cerr << util::printable(e.what()) << "\n"; }
};

bool has_lower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void run_clusters(const ClusterArgs& args) {
  entities::ClusterCorpus corpus;
  StderrSink sink;
  for (const std::string& path : args.inputs) {
    ingest::read_path(path, ingest::Format::kAuto, sink, [&](ingest::Record&& r) {
      // Article bodies only: titles (all capitals in Reuters) and lines
      // without a lower-case letter (tables, headings) would teach the
      // clusters a second, upper-case vocabulary. Such lines also break the
      // sequence, so no bigram spans them.
      std::string_view body = r.article.body;
      std::vector<std::string_view> seq;
      std::size_t pos = 0;
      while (pos <= body.size()) {
        std::size_t nl = body.find('\n', pos);
        if (nl == std::string_view::npos) nl = body.size();
        std::string_view line = body.substr(pos, nl - pos);
        if (has_lower(line)) {
          std::vector<std::string_view> t = entities::conll_tokenize(line);
          seq.insert(seq.end(), t.begin(), t.end());
        } else {
          corpus.add_sequence(seq);
          seq.clear();
        }
        pos = nl + 1;
      }
      corpus.add_sequence(seq);
    });
  }
  // Tokens of CoNLL files (labels ignored), already tokenised.
  for (const std::string& path : args.conll) {
    for (const entities::ConllSentence& s : entities::read_conll(path)) {
      std::string joined;
      for (const std::string& t : s.tokens) joined += t;
      if (!has_lower(joined)) continue;
      std::vector<std::string_view> seq(s.tokens.begin(), s.tokens.end());
      corpus.add_sequence(seq);
    }
  }
  std::fprintf(stderr, "%zu tokens\n", corpus.token_count());
  auto t0 = std::chrono::steady_clock::now();
  entities::BrownOptions o;
  o.window = args.window;
  o.min_count = args.min_count;
  o.progress = [&](std::size_t done, std::size_t total) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "\r%zu/%zu words, %.0f s", done, total, s);
    if (done == total) std::fputc('\n', stderr);
  };
  std::vector<entities::WordCluster> c = entities::learn_brown_clusters(corpus, o);
  entities::write_clusters(args.out, c, args.max_bits);
  std::fprintf(stderr, "wrote %zu words to %s in %.0f s\n", c.size(), util::printable(args.out).c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace

void add_ner_commands(CLI::App& app) {
  auto train = std::make_shared<TrainArgs>();
  CLI::App* t = app.add_subcommand("ner-train", "Train the English NER model on CoNLL-2003 data");
  t->add_option("--train", train->options.train_path, "Training file (CoNLL-2003)")
      ->required()
      ->check(CLI::ExistingFile);
  t->add_option("--dev", train->options.dev_path, "Development file; picks the best epoch")
      ->check(CLI::ExistingFile);
  t->add_option("--out", train->out, "Model file to write")->required();
  t->add_option("--epochs", train->options.epochs, "Training epochs")->capture_default_str();
  t->add_option("--folds", train->options.folds,
                "Pick the epochs by cross-validation on this many blocks of training documents "
                "(dev then only reports; 0: dev picks)")
      ->capture_default_str();
  t->add_option("--clusters", train->options.clusters_path,
                "Brown cluster file (default: $DATELINE_DATA/ner/clusters.txt)");
  t->add_option("--gazetteer", train->options.gazetteer_paths,
                "Gazetteer list, one entry per line (repeatable; default: "
                "$DATELINE_DATA/ner/gaz-*.txt)")
      ->allow_extra_args(false);
  t->add_option("--upper-copy-every", train->options.upper_copy_every,
                "Also learn every n-th sentence with entities upper-cased (0: off)")
      ->capture_default_str();
  t->add_option("--gazetteer-folds", train->options.gazetteer_folds,
                "Folds for the training-entity lists (0: no such lists)")
      ->capture_default_str();
  t->add_option("--min-feature-count", train->options.min_feature_count,
                "Leave out features seen fewer times in training")
      ->capture_default_str();
  t->add_flag("!--no-document-features", train->options.document_features,
              "Learn only the weights for lone sentences");
  t->add_option("--document-passes", train->options.document_passes,
                "2: tag_document tags each article twice, the second time with what the first pass "
                "said about its words anywhere in it; 1: once")
      ->check(CLI::Range(1, 2))
      ->capture_default_str();
  t->add_option("--seed", train->options.seed, "Seed of the sentence order")->capture_default_str();
  t->add_option("--prune", train->options.prune, "Drop averaged weights smaller than this")
      ->capture_default_str();
  t->callback([train] { run_train(*train); });

  auto eval = std::make_shared<EvalArgs>();
  CLI::App* e = app.add_subcommand("ner-eval", "Score an NER model on a CoNLL-2003 file (conlleval style)");
  e->add_option("file", eval->file, "CoNLL-2003 file")->required()->check(CLI::ExistingFile);
  e->add_option("--model", eval->model, "Model file (default: $DATELINE_DATA/ner-en.model)");
  e->add_option("--train", eval->train,
                "Training file of the model: also score the names it has (seen) and lacks (unseen)")
      ->check(CLI::ExistingFile);
  e->add_flag("--json", eval->json, "Print JSON");
  e->add_flag("--sentences", eval->sentences,
              "Tag each sentence alone (NerModel::tag), without the "
              "document features of tag_document");
  e->callback([eval] { run_eval(*eval); });

  auto clusters = std::make_shared<ClusterArgs>();
  CLI::App* c = app.add_subcommand("ner-clusters", "Learn Brown word clusters from unlabeled news");
  c->add_option("inputs", clusters->inputs, "Article files or directories (JSON Lines or text)");
  c->add_option("--conll", clusters->conll, "CoNLL file whose tokens are added, labels ignored (repeatable)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  c->add_option("--out", clusters->out, "Cluster file to write")->required();
  c->add_option("--window", clusters->window, "Active clusters (Liang's C)")->capture_default_str();
  c->add_option("--min-count", clusters->min_count, "Leave out rarer words")->capture_default_str();
  c->add_option("--max-bits", clusters->max_bits, "Cut cluster paths after this many bits (0: whole paths)")
      ->capture_default_str();
  c->callback([clusters] { run_clusters(*clusters); });
}

}  // namespace dateline::indexer
