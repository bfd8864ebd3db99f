#pragma once

#include <istream>
#include <string>

#include "ingest/reader.h"

namespace dateline::ingest {

/// Reads a NITF 3.x document: one article (Record::unit kItem, item 1).
/// Title from hedline/hl1 (else head/title), standfirst from hl2 (else the
/// abstract), authors from the bylines, body from body.content's paragraphs
/// and the tagline, id from doc-id's id-string, date from date.issue (else
/// date.release, pubdata date.publication, the dateline's story.date), in
/// NITF's basic ISO form or any form article::parse_date reads. The
/// dateline, keywords, identified-content (persons, organisations,
/// locations, classifiers), event location and subject codes go to extra.
/// A missing DTD is not fetched. Bad input goes to sink: a file that is no
/// NITF, broken XML, no title and no body.
void read_nitf(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
