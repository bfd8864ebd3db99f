#pragma once

#include <istream>
#include <string>

#include "ingest/reader.h"

namespace dateline::ingest {

/// Reads NewsML-G2 (a newsMessage of several items, one newsItem, or
/// IPTC's fragments whose root is contentMeta or contentSet) and NewsML 1.2
/// (NewsML/NewsItem/NewsComponent...): one article per news item, numbered
/// from 1 in the file's order (Record::unit kItem); packageItems and other
/// items without text are left out silently. Headline -> title,
/// subheadline -> standfirst, bylines -> authors, guid -> id, provider (else
/// creator) -> source, firstCreated (else versionCreated) -> published; the
/// body is the inlineXML (XHTML or NITF, see read_nitf) or inlineData. The
/// dateline, other dates, keywords, subjects (qcode, name) and places
/// (names, ISO 3166-1 alpha-2 country codes where the file gives them) go
/// to extra. Bad input goes to sink: a file that is no NewsML, no news
/// item, an item without title and body, XML broken off (items before the
/// break are kept; the one it falls in is reported).
void read_newsml(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
