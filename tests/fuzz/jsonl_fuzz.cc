// Fuzz target: the JSON Lines reader, fed a whole buffer through the same
// path dateline-index takes for a .jsonl file (ingest::read_jsonl), then
// each article through its stored form, as the indexer writes it.
//
// Contract checked: read_jsonl never throws (bad lines go to the sink) and
// every article it returns can be stored and read back, date included.

#include <sstream>
#include <string>

#include "fuzz_util.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(dateline::fuzz::as_text(data, size))};
  dateline::fuzz::CountingSink sink;
  dateline::ingest::read_jsonl(in, "fuzz.jsonl", sink, [](dateline::ingest::Record&& rec) {
    dateline::fuzz::check_stored_round_trip(rec.article);
  });
  return 0;
}
