// Fuzz target: any file as `dateline-index` meets it in a directory walk:
// compression undone, the format sniffed from the content, then that
// format's reader (HTML, feeds, NewsML, NITF, JSON documents, WARC, JSON
// Lines, text), then each article's stored form.
//
// Contract checked: read_stream never throws (bad input goes to the sink)
// and every article it gives can be stored and read back.

#include <sstream>
#include <string>

#include "fuzz_util.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(dateline::fuzz::as_text(data, size))};
  dateline::fuzz::CountingSink sink;
  dateline::ingest::read_stream(
      in, "fuzz.in", dateline::ingest::Format::kAuto, sink,
      [](dateline::ingest::Record&& rec) { dateline::fuzz::check_stored_round_trip(rec.article); });
  return 0;
}
