// Fuzz target: the stored-article codec (article::from_stored_json, the
// Xapian document data every search and `show` decodes) and its round trip
// through to_stored_json.
//
// Contract checked: from_stored_json throws only dateline::Error; what it
// accepts stores again, and storing is stable: decoding and re-encoding
// the stored form gives the same bytes.

#include <cstdlib>
#include <string>

#include "article/article_json.h"
#include "fuzz_util.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = dateline::fuzz::as_text(data, size);
  dateline::article::Article a;
  try {
    a = dateline::article::from_stored_json(text);
  } catch (const dateline::Error&) {
    return 0;
  }
  std::string once = dateline::article::to_stored_json(a);
  std::string twice = dateline::article::to_stored_json(dateline::article::from_stored_json(once));
  if (once != twice) std::abort();
  return 0;
}
