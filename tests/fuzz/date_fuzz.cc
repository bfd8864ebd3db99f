// Fuzz target: the date parsers (article::parse_date, parse_period,
// parse_date_range) and the formatting of whatever they accept.
//
// Contract checked: parse_date and parse_period never throw;
// parse_date_range throws only InputError; an accepted date formats
// without undefined behaviour, and a period or range never ends before it
// begins.

#include <cstdlib>

#include "article/date.h"
#include "fuzz_util.h"
#include "util/error.h"

namespace {

void check_range(const dateline::article::DateRange& r) {
  if (r.begin) (void)dateline::article::format_iso(*r.begin);
  if (r.end) (void)dateline::article::format_iso(*r.end);
  if (r.begin && r.end && *r.end <= *r.begin) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = dateline::fuzz::as_text(data, size);
  if (auto t = dateline::article::parse_date(text)) {
    (void)dateline::article::format_iso(*t);
    (void)dateline::article::format_day(*t);
  }
  if (auto p = dateline::article::parse_period(text)) check_range(*p);
  try {
    dateline::article::DateRange r = dateline::article::parse_date_range(text);
    // An open-ended range ("2026..") is fine; a closed one is checked by
    // the query parser, not here.
    if (r.begin) (void)dateline::article::format_iso(*r.begin);
    if (r.end) (void)dateline::article::format_iso(*r.end);
  } catch (const dateline::InputError&) {
  }
  return 0;
}
