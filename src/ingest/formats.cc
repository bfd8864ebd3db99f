// The table of formats: names for --format and the reader of each.
#include <string>

#include "ingest/feed_reader.h"
#include "ingest/html_page.h"
#include "ingest/json_reader.h"
#include "ingest/newsml_reader.h"
#include "ingest/nitf_reader.h"
#include "ingest/reader.h"
#include "ingest/warc_reader.h"

namespace dateline::ingest {
namespace {

struct FormatInfo {
  Format format;
  const char* name;
  ReaderFn reader;
};

constexpr FormatInfo kFormats[] = {
    {Format::kText, "text", &read_text}, {Format::kJsonl, "jsonl", &read_jsonl},
    {Format::kJson, "json", &read_json}, {Format::kHtml, "html", &read_html},
    {Format::kFeed, "feed", &read_feed}, {Format::kNewsml, "newsml", &read_newsml},
    {Format::kNitf, "nitf", &read_nitf}, {Format::kWarc, "warc", &read_warc},
};

}  // namespace

const char* format_name(Format format) {
  for (const FormatInfo& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "auto";
}

bool format_from_name(std::string_view name, Format& format) {
  if (name == "auto") {
    format = Format::kAuto;
    return true;
  }
  for (const FormatInfo& f : kFormats) {
    if (name == f.name) {
      format = f.format;
      return true;
    }
  }
  return false;
}

ReaderFn reader_for(Format format) {
  for (const FormatInfo& f : kFormats) {
    if (f.format == format) return f.reader;
  }
  return &read_text;
}

}  // namespace dateline::ingest
