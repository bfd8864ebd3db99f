#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "ingest/reader.h"

namespace dateline::ingest {

/// The largest WARC record block read_warc holds in memory; the bytes of a
/// bigger record are read past without being kept, and the record counted
/// as skipped. News pages are well under 5 MB; a 30 MB page already costs
/// about 900 MB to parse and index.
inline constexpr std::size_t kMaxWarcRecord = 16 * 1024 * 1024;

/// Reads a WARC file (WARC/1.0 or 1.1, already decompressed), one record at
/// a time: a "WARC/1.x" line, header lines up to a blank line, then
/// Content-Length bytes of block and a blank line. Each `response` record
/// for an http(s) URI that holds an HTTP 200 response with an HTML body
/// (Transfer-Encoding chunked and Content-Encoding gzip undone) becomes one
/// article through page_from_html, with the target URI as url, WARC-Date
/// as the last-resort date and the HTTP charset; its Record::line is the
/// record's byte offset (LocationUnit::kOffset). Every other record is
/// skipped, and the skipped records are counted by kind in one warning at
/// the end of the file. A record whose Content-Length does not end it
/// (no "WARC/" line after the block) is reported at its offset and reading
/// resumes at the next line starting "WARC/1."; a file cut short is
/// reported and reading stops, keeping the records before.
void read_warc(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
