#pragma once

#include <CLI/CLI.hpp>

namespace dateline::indexer {

/// Registers the NER subcommands on app: `ner-train` (learn a model from
/// CoNLL-2003 data), `ner-eval` (score a model on a CoNLL file, conlleval
/// style) and `ner-clusters` (learn Brown clusters from unlabeled news).
/// Their callbacks throw dateline::Error / InputError on failure.
void add_ner_commands(CLI::App& app);

}  // namespace dateline::indexer

// main.cc calls this unqualified.
using dateline::indexer::add_ner_commands;
