#pragma once

#include <istream>
#include <string>

#include "ingest/reader.h"

namespace dateline::ingest {

/// Reads a news feed: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) or Atom, one
/// article per item or entry, numbered from 1 (Record::unit kItem).
/// content:encoded wins over description (Atom: content over summary),
/// which then becomes the standfirst; HTML in them becomes text. The id is
/// the guid, Atom id or rdf:about, else the link, else article::content_id;
/// the channel or feed title is the source; dates are RFC 822 or ISO 8601
/// (pubDate, dc:date, published, updated). Categories go to extra
/// "categories". Bad input goes to sink: a file that is no feed, a feed
/// without items, an item without title and body, XML broken off (items
/// before the break are kept; the one it falls in is reported). A date that
/// does not parse leaves the item undated, with a warning.
void read_feed(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
