#include "analysis/language.h"

#include <algorithm>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "util/strings.h"

namespace dateline::analysis {
namespace {

// CLD2 still says "iw" and "jw" for Hebrew and Javanese; BCP 47 has "he"
// and "jv" since 1989 and 2001, and that is what a publisher declares.
std::string normalize_tag(std::string_view code) {
  std::string tag = util::ascii_lower(code.substr(0, code.find('-')));
  if (tag == "iw") return "he";
  if (tag == "jw") return "jv";
  // "un" (unknown), "xxx" (CLD2's own "not a language") and the numbers
  // of unused table entries are no language.
  if (tag == "un" || tag == "xxx" || tag.size() < 2 || tag.size() > 3) return {};
  for (char c : tag) {
    if (c < 'a' || c > 'z') return {};
  }
  return tag;
}

// Appends part and a line break to out while out stays under the cap,
// cutting a long part at a character boundary.
void append_capped(std::string& out, std::string_view part) {
  if (part.empty() || out.size() >= kMaxDetectBytes) return;
  std::size_t room = kMaxDetectBytes - out.size();
  if (part.size() > room) {
    // Back off to the start of a UTF-8 character (never a continuation byte).
    while (room > 0 && (static_cast<unsigned char>(part[room]) & 0xC0) == 0x80) --room;
    part = part.substr(0, room);
  }
  out.append(part);
  out.push_back('\n');
}

}  // namespace

DetectedLanguage detect_language(std::string_view title, std::string_view standfirst, std::string_view body) {
  std::string text;
  text.reserve(std::min(kMaxDetectBytes, title.size() + standfirst.size() + body.size()) + 3);
  append_capped(text, title);
  append_capped(text, standfirst);
  append_capped(text, body);
  if (text.empty()) return {};

  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int letter_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  const CLD2::CLDHints no_hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  // The Ext variant may answer UNKNOWN_LANGUAGE; the plain ones answer
  // English for text they cannot place, which would be a guess.
  (void)CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &no_hints, /*flags=*/0, top3,
      percent3, scores3,
      /*resultchunkvector=*/nullptr, &letter_bytes, &reliable, &valid_prefix);
  if (valid_prefix < static_cast<int>(text.size())) return {};

  DetectedLanguage out;
  // The language with the most text, not CLD2's answer: made for web pages,
  // whose menus are often English, CLD2 answers the second language when
  // English comes first, which labelled English wire stories that name a
  // German firm or an Italian bank "de" or "it".
  out.tag = normalize_tag(CLD2::LanguageCode(top3[0]));
  out.reliable = reliable && !out.tag.empty() && letter_bytes >= kMinDetectLetters;
  return out;
}

}  // namespace dateline::analysis
