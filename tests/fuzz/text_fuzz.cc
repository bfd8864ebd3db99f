// Fuzz target: the plain-text article reader (ingest::read_text), the path
// dateline-index takes for a .txt file, then the article's stored form.
//
// Contract checked: read_text never throws (bad input goes to the sink) and
// its article can be stored and read back, date included.

#include <sstream>
#include <string>

#include "fuzz_util.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(dateline::fuzz::as_text(data, size))};
  dateline::fuzz::CountingSink sink;
  dateline::ingest::read_text(in, "fuzz.txt", sink, [](dateline::ingest::Record&& rec) {
    dateline::fuzz::check_stored_round_trip(rec.article);
  });
  return 0;
}
