#include "entities/ner.h"
#include "entities/ner_train.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include "entities/clusters.h"
#include "entities/ner_internal.h"
#include "fake_ner.h"
#include "util/error.h"

namespace dateline::entities {
namespace {

const std::string kSourceDir = DATELINE_SOURCE_DIR;
const std::string kModel = kSourceDir + "/data/ner-en.model";

const NerModel& model() {
  static const std::unique_ptr<NerModel> m = NerModel::load(kModel);
  return *m;
}

std::vector<std::string_view> words(const std::string& sentence) { return conll_tokenize(sentence); }

// "begin-end:TYPE" for each span, space separated.
std::string spans_of(const std::string& sentence) {
  std::string out;
  for (const EntitySpan& s : model().tag(words(sentence))) {
    if (!out.empty()) out += ' ';
    out += std::to_string(s.begin) + "-" + std::to_string(s.end) + ":" + s.type;
  }
  return out;
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string path = testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(NerTest, TagsSentences) {
  struct Case {
    std::string sentence;
    std::string spans;
  } cases[] = {
      {"Angela Merkel met Emmanuel Macron in Berlin on Tuesday .", "0-2:PER 3-5:PER 6-7:LOC"},
      {"Shares of General Motors fell 3 percent in New York .", "2-4:ORG 8-10:LOC"},
      {"The European Union criticised the plan .", "1-3:ORG"},
      {"He said it would rain tomorrow .", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(spans_of(c.sentence), c.spans) << c.sentence;
  }
}

TEST(NerTest, AllCapsHeadlineStillFindsCountries) {
  // Reuters-21578 titles are upper case.
  EXPECT_EQ(spans_of("IRAN SAYS TALKS WITH OMAN WENT WELL"), "0-1:LOC 4-5:LOC");
  EXPECT_EQ(spans_of("JAPAN TO CUT RICE IMPORTS FROM THAILAND"), "0-1:LOC 6-7:LOC");
}

TEST(NerTest, EmptySentence) { EXPECT_TRUE(model().tag({}).empty()); }

TEST(NerTest, TagDocument) {
  const std::vector<std::string> text = {
      "ROTOR FANS LOCKED OUT AFTER VOLGOGRAD VIOLENCE .",
      "Rotor Volgograd must play their next home game behind closed doors .",
      "Rotor are well placed with 11 games to play .",
  };
  std::vector<std::vector<std::string_view>> doc;
  for (const std::string& s : text) doc.push_back(words(s));
  std::vector<std::vector<EntitySpan>> got = model().tag_document(doc);
  ASSERT_EQ(got.size(), doc.size());
  ASSERT_EQ(got[1].size(), 1u);
  EXPECT_EQ(got[1][0].begin, 0u);
  EXPECT_EQ(got[1][0].end, 2u);
  EXPECT_EQ(got[1][0].type, "ORG");
  ASSERT_EQ(got[2].size(), 1u);
  EXPECT_EQ(got[2][0].type, "ORG");
  EXPECT_TRUE(model().tag_document({}).empty());
}

TEST(NerTest, ConcurrentTaggingMatchesSerial) {
  const std::vector<std::string> sentences = {
      "Angela Merkel met Emmanuel Macron in Berlin on Tuesday .",
      "IRAN SAYS TALKS WITH OMAN WENT WELL",
      "Shares of General Motors fell 3 percent in New York .",
      "Brazil 's coffee exports to the United States rose , IBC said .",
  };
  std::vector<std::string> expected;
  for (const std::string& s : sentences) expected.push_back(spans_of(s));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < sentences.size(); ++i) {
          if (spans_of(sentences[(i + t) % sentences.size()]) != expected[(i + t) % sentences.size()]) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(NerTest, WordScoreCacheGivesTheSameTags) {
  // The tagger keeps per-word scores in a per-thread cache keyed by model,
  // weight set and headline mode. Cold, warm, after other models and after
  // evictions, the tags must not change.
  const std::vector<std::string> sentences = {
      "Angela Merkel met Emmanuel Macron in Berlin on Tuesday .",
      "IRAN SAYS TALKS WITH OMAN WENT WELL",
      "Iran says talks with Oman went well .",
      "Shares of General Motors fell 3 percent in New York .",
      "Net 1,234,000 vs 987,000 Revs 12.3 mln vs 11.1 mln",
      "Brazil 's coffee exports to the United States rose , IBC said .",
  };
  std::unique_ptr<NerModel> fresh = NerModel::load(kModel);
  std::vector<std::string> cold;
  for (const std::string& s : sentences) {
    std::string out;
    for (const EntitySpan& e : fresh->tag(words(s))) {
      out += std::to_string(e.begin) + "-" + std::to_string(e.end) + ":" + e.type + " ";
    }
    cold.push_back(out);
  }
  auto tags = [&](const NerModel& m, const std::string& s) {
    std::string out;
    for (const EntitySpan& e : m.tag(words(s))) {
      out += std::to_string(e.begin) + "-" + std::to_string(e.end) + ":" + e.type + " ";
    }
    return out;
  };
  // Many distinct words push the cached ones out.
  std::vector<std::string> filler;
  for (int i = 0; i < 70000; ++i) filler.push_back("Word" + std::to_string(i));
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      EXPECT_EQ(tags(*fresh, sentences[i]), cold[i]) << "round " << round;
      EXPECT_EQ(tags(model(), sentences[i]), cold[i]) << "round " << round;
    }
    if (round == 1) {
      std::vector<std::string_view> many(filler.begin(), filler.end());
      for (std::size_t b = 0; b < many.size(); b += 50) {
        std::vector<std::string_view> part(many.begin() + b, many.begin() + std::min(b + 50, many.size()));
        (void)fresh->tag(part);
      }
    }
  }
  // Sentence and document weight sets share the cache too.
  std::vector<std::vector<std::string_view>> doc;
  for (const std::string& s : sentences) doc.push_back(words(s));
  std::vector<std::vector<EntitySpan>> a = fresh->tag_document(doc);
  (void)fresh->tag(doc[0]);
  std::vector<std::vector<EntitySpan>> b = fresh->tag_document(doc);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].size(), b[i].size()) << i;
    for (std::size_t k = 0; k < a[i].size(); ++k) {
      EXPECT_EQ(a[i][k].begin, b[i][k].begin);
      EXPECT_EQ(a[i][k].type, b[i][k].type);
    }
  }
}

TEST(NerTest, MalformedModelThrows) {
  std::ifstream in(kModel, std::ios::binary);
  std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(good.size(), 1000u);
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  std::string bad_version = good;
  bad_version[8] = 99;
  const std::pair<std::string, std::string> cases[] = {
      {"empty", ""},
      {"garbage", "this is not a model"},
      {"bad_magic", bad_magic},
      {"bad_version", bad_version},
      {"truncated", good.substr(0, good.size() / 2)},
      {"trailing", good + "x"},
  };
  for (const auto& [name, bytes] : cases) {
    std::string path = write_temp("ner_" + name + ".model", bytes);
    EXPECT_THROW((void)NerModel::load(path), Error) << name;
  }
  EXPECT_THROW((void)NerModel::load(testing::TempDir() + "no-such.model"), Error);
}

TEST(NerTest, ConllTokenize) {
  struct Case {
    std::string text;
    std::vector<std::string> tokens;
  } cases[] = {
      {"Iran's oil, he said.", {"Iran", "'s", "oil", ",", "he", "said", "."}},
      {"The U.S. and Mr. Smith (UK) don't.",
       {"The", "U.S.", "and", "Mr.", "Smith", "(", "UK", ")", "do", "n't", "."}},
      {"\"Yes,\" 5.93 mln", {"\"", "Yes", ",", "\"", "5.93", "mln"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string_view> got = conll_tokenize(c.text);
    EXPECT_EQ(std::vector<std::string>(got.begin(), got.end()), c.tokens) << c.text;
  }
}

TEST(NerTest, ReadConll) {
  std::string path = write_temp("ner_ok.conll",
                                "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n"
                                "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n"
                                "Old I-PER\nStyle I-PER\nIOB I-LOC\n");
  std::vector<ConllSentence> s = read_conll(path);
  ASSERT_EQ(s.size(), 2u);
  ASSERT_EQ(s[0].entities.size(), 2u);
  EXPECT_EQ(s[0].entities[1].begin, 2u);
  EXPECT_EQ(s[0].entities[1].end, 4u);
  EXPECT_EQ(s[0].entities[1].type, "PER");
  ASSERT_EQ(s[1].entities.size(), 2u);  // IOB1: I- after O starts an entity
  EXPECT_EQ(s[1].entities[0].end, 2u);
  EXPECT_EQ(s[1].entities[1].type, "LOC");

  std::string bad = write_temp("ner_bad.conll", "EU NNP B-NP B-ORG\nx y z B-FOO\n");
  try {
    (void)read_conll(bad);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2u);
  }
}

TEST(ClustersTest, LearnsSharedContexts) {
  // "cat" and "dog" occur in the same contexts, as do "the" and "a".
  ClusterCorpus corpus;
  const char* lines[] = {"the cat sat", "the dog sat", "a cat ran", "a dog ran", "the cat ran", "a dog sat"};
  for (int rep = 0; rep < 5; ++rep) {
    for (const char* l : lines) corpus.add_sequence(conll_tokenize(l));
  }
  BrownOptions options;
  options.window = 3;
  options.min_count = 1;
  std::vector<WordCluster> c = learn_brown_clusters(corpus, options);
  ASSERT_EQ(c.size(), 6u);
  std::map<std::string, std::string> bits;
  for (const WordCluster& w : c) bits[w.word] = w.bits;
  auto common = [](const std::string& a, const std::string& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
  };
  EXPECT_GT(common(bits["cat"], bits["dog"]), common(bits["cat"], bits["sat"]));
  EXPECT_GT(common(bits["the"], bits["a"]), common(bits["the"], bits["cat"]));
  // Deterministic, and the file round-trips.
  EXPECT_EQ(learn_brown_clusters(corpus, options)[0].bits, c[0].bits);
  std::string path = testing::TempDir() + "ner_clusters.txt";
  write_clusters(path, c);
  std::vector<WordCluster> back = read_clusters(path);
  ASSERT_EQ(back.size(), c.size());
  EXPECT_EQ(back[2].word, c[2].word);
  EXPECT_EQ(back[2].bits, c[2].bits);
  EXPECT_EQ(back[2].count, c[2].count);

  std::string bad = write_temp("ner_bad_clusters.txt", "0101\tcat\t3\nxyz\tdog\t2\n");
  try {
    (void)read_clusters(bad);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2u);
  }
}

TEST(NerTest, ScoresSeenAndUnseenNamesApart) {
  // Training knows "Peter Blackburn" and "EU"; the test file adds "Oman".
  std::string train = write_temp("ner_seen_train.conll",
                                 "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nPeter NNP B-NP B-PER\n"
                                 "Blackburn NNP I-NP I-PER\n");
  std::string test = write_temp("ner_seen_test.conll",
                                "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n"
                                "met VBD B-VP O\nthe DT B-NP O\nEU NNP I-NP B-ORG\nin IN B-PP O\n"
                                "Oman NNP B-NP B-LOC\nand CC O O\nQatar NNP B-NP B-LOC\n");
  std::unordered_set<std::string> known = entity_texts(read_conll(train));
  EXPECT_EQ(known, (std::unordered_set<std::string>{"EU", "Peter Blackburn"}));
  // Finds both seen names (EU with the wrong type), Oman, and "and" as a
  // wrong unseen name; misses Qatar.
  test_support::FakeNer fake({{"Peter Blackburn", "PER"}, {"EU", "LOC"}, {"Oman", "LOC"}, {"and", "ORG"}});
  NerEvaluation ev = evaluate_ner(fake, read_conll(test), true, &known);
  EXPECT_EQ(ev.seen["overall"].gold, 2u);
  EXPECT_EQ(ev.seen["overall"].predicted, 2u);
  EXPECT_EQ(ev.seen["overall"].correct, 1u);
  EXPECT_EQ(ev.seen["PER"].correct, 1u);
  EXPECT_EQ(ev.seen["ORG"].gold, 1u);
  EXPECT_EQ(ev.seen["LOC"].predicted, 1u);
  EXPECT_EQ(ev.unseen["overall"].gold, 2u);
  EXPECT_EQ(ev.unseen["overall"].predicted, 2u);
  EXPECT_EQ(ev.unseen["overall"].correct, 1u);
  EXPECT_DOUBLE_EQ(ev.unseen["LOC"].recall(), 0.5);
  EXPECT_DOUBLE_EQ(ev.unseen["ORG"].precision(), 0.0);
  EXPECT_EQ(ev.overall.gold, 4u);
  // Without the training names there is no split.
  EXPECT_TRUE(evaluate_ner(fake, read_conll(test)).unseen.empty());
}

// A small CoNLL file: n documents of the same few sentences with names.
std::string small_corpus(const std::string& name, int documents) {
  std::string text;
  const char* names[][2] = {{"Smith", "PER"}, {"Jones", "PER"},  {"Ford", "ORG"},
                            {"Paris", "LOC"}, {"Texaco", "ORG"}, {"Oslo", "LOC"}};
  for (int d = 0; d < documents; ++d) {
    text += "-DOCSTART- -X- -X- O\n\n";
    for (int s = 0; s < 3; ++s) {
      const auto* a = names[(d + s) % 6];
      const auto* b = names[(d + 2 * s + 1) % 6];
      text += std::string(a[0]) + " X X B-" + a[1] + "\nsaid X X O\non X X O\nMonday X X O\nthat X X O\n" +
              b[0] + " X X B-" + b[1] + "\nwould X X O\nwin X X O\n. X X O\n\n";
    }
  }
  return write_temp(name, text);
}

TEST(NerTest, CrossValidationPicksEpochsOnFolds) {
  NerTrainOptions o;
  o.train_path = small_corpus("ner_cv_train.conll", 20);
  o.epochs = 3;
  o.folds = 4;
  o.gazetteer_folds = 0;
  o.min_feature_count = 1;
  const std::string out = testing::TempDir() + "ner_cv.model";
  NerTrainReport r = train_ner(o, out);
  ASSERT_EQ(r.document_fold_f1.size(), 4u);
  ASSERT_EQ(r.sentence_fold_f1.size(), 4u);
  for (const auto& f : r.document_fold_f1) {
    ASSERT_EQ(f.size(), 3u);
    for (double v : f) EXPECT_GE(v, 0.0);
  }
  EXPECT_GE(r.best_epoch, 1);
  EXPECT_LE(r.best_epoch, 3);
  EXPECT_TRUE(r.document_dev_curve.empty());  // no dev file
  // The model written is usable.
  std::unique_ptr<NerModel> m = NerModel::load(out);
  EXPECT_EQ(m->tag_document({words("Smith said on Monday that Paris would win .")}).size(), 1u);
}

TEST(NerTest, SecondPassLeavesTheTokensOwnLabelOut) {
  using namespace ner_internal;
  // The first pass tagged "Rotor" ORG once and "Heat" O twice.
  DocumentHistory h;
  const std::vector<std::string_view> first = {"Rotor", "beat", "Heat"};
  const std::vector<std::string_view> second = {"Heat", "won"};
  auto info = [](const std::vector<std::string_view>& s) {
    std::vector<TokenInfo> out;
    for (std::string_view w : s) out.push_back({folded_hash(w), 0, w[0] >= 'A' && w[0] <= 'Z'});
    return out;
  };
  const std::vector<int> labels1 = {label_of(1, kU), 0, 0}, labels2 = {0, 0};
  const std::uint64_t before = h.fingerprint(second, nullptr);
  h.record(info(first), labels1);
  h.record(info(second), labels2);
  std::uint64_t f[kMaxDocumentFeatures];
  EXPECT_EQ(h.features(info(first)[0], f), 2);  // seen ORG, majority ORG
  // Its only ORG label was its own: elsewhere, "Rotor" is unknown.
  EXPECT_EQ(h.features(info(first)[0], f, DocumentHistory::slot_of(labels1[0])), 0);
  // "Heat" is O elsewhere too.
  EXPECT_EQ(h.features(info(second)[0], f, DocumentHistory::slot_of(0)), 1);
  EXPECT_EQ(h.features(info(first)[1], f), 0);  // not capitalised
  // The second sentence saw nothing before it; in a second pass it sees
  // the first sentence's "Heat".
  EXPECT_NE(h.fingerprint(second, &labels2), before);
  EXPECT_EQ(DocumentHistory().fingerprint(second, nullptr), before);
}

TEST(NerTest, ModelsWithOneOrTwoDocumentPassesTag) {
  // A model with one document pass and one with two, trained alike: both
  // load and tag an article sentence by sentence.
  NerTrainOptions o;
  o.train_path = small_corpus("ner_passes_train.conll", 12);
  o.epochs = 2;
  o.gazetteer_folds = 0;
  o.min_feature_count = 1;
  for (int passes : {1, 2}) {
    o.document_passes = passes;
    const std::string out = testing::TempDir() + "ner_passes" + std::to_string(passes) + ".model";
    (void)train_ner(o, out);
    std::unique_ptr<NerModel> m = NerModel::load(out);
    // The views point into these strings, which must outlive the tagging.
    const std::string first = "Jones said on Monday that Oslo would win .";
    const std::string second = "Smith would win .";
    std::vector<std::vector<std::string_view>> doc = {words(first), words(second), {}};
    std::vector<std::vector<EntitySpan>> got = m->tag_document(doc);
    ASSERT_EQ(got.size(), 3u) << passes;
    EXPECT_TRUE(got[2].empty());
  }
}

TEST(NerTest, DevSetScore) {
  const std::string dev = kSourceDir + "/../shared/data/conll2003/eng.testa";
  if (!std::filesystem::exists(dev)) {
    GTEST_SKIP() << "../shared/data/conll2003/eng.testa is absent "
                    "(shared test data not installed)";
  }
  std::vector<ConllSentence> sentences = read_conll(dev);
  NerEvaluation by_document = evaluate_ner(model(), sentences);
  EXPECT_EQ(by_document.tokens, 51362u);
  EXPECT_GT(by_document.overall.f1(), 0.92);
  NerEvaluation alone = evaluate_ner(model(), sentences, false);
  EXPECT_GT(alone.overall.f1(), 0.90);
}

}  // namespace
}  // namespace dateline::entities
