// The extractor: reads each part of an article (part_reader.h), sorts the
// tagger's persons from places and institutions, merges names
// (canonical.h) and resolves places (place_resolver.h).

#include "entities/extractor.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <string>
#include <unordered_set>

#include "entities/canonical.h"
#include "entities/dateline.h"
#include "entities/focus.h"
#include "entities/mentions.h"
#include "entities/part_reader.h"
#include "entities/place_resolver.h"
#include "entities/source_rules.h"
#include "util/error.h"

namespace dateline::entities {
namespace {

// The folded words of the article's persons of more than one word.
std::unordered_set<std::string> full_name_words(const ArticleWork& work) {
  std::unordered_set<std::string> out;
  for (const PersonMention& p : work.persons) {
    if (!p.word_key.empty()) continue;
    for (std::string_view w : split_words(p.display)) out.insert(Gazetteer::key(w));
  }
  return out;
}

// The tagger's "person" that is a gazetteer place or demonym and no part of
// a full name of the article ("Jordan", "Stavanger", "Ho Chi Minh City")
// becomes a place mention; returns false if p is none.
bool person_as_place(const Gazetteer& gaz, const PersonMention& p,
                     const std::unordered_set<std::string>& full_names, ArticleWork& work) {
  const NameInfo* info = p.info;
  std::string key = p.word_key;
  if (key.empty()) {
    key = Gazetteer::key(p.display);
    info = gaz.find(key);
  }
  if (info == nullptr || (info->places.empty() && info->demonym < 0) ||
      (!p.word_key.empty() && full_names.count(p.word_key))) {
    return false;
  }
  PlaceMention m;
  m.key = std::move(key);
  m.display = p.display;
  m.info = info;
  m.demonym = info->places.empty();
  m.weak = !work.english;
  m.part = p.part;
  m.sentence = p.sentence;
  work.places.push_back(std::move(m));
  return true;
}

// Sorts the tagger's persons into places, institutions and persons, then
// drops one-word places and organizations that are words of a person's
// full name ("Nazari", "Araghchi"), and gives the rest to names.
void sort_names(const Gazetteer& gaz, ArticleWork& work, NameMerger& names) {
  const std::unordered_set<std::string> full_names = full_name_words(work);
  for (const PersonMention& p : work.persons) {
    if (person_as_place(gaz, p, full_names, work)) continue;
    // "Reagan Administration", "Obama White House": an institution named
    // after a person is an organization.
    if (institutional_name(p.display)) {
      work.organizations.push_back(p.display);
      continue;
    }
    names.add_person(p.display);
  }
  std::erase_if(work.places, [&](const PlaceMention& m) {
    return m.country < 0 && !m.demonym && m.key.find(' ') == std::string::npos && full_names.count(m.key) &&
           !names_country(m.info);
  });
  for (const std::string& o : work.organizations) {
    if (o.find(' ') == std::string::npos && full_names.count(Gazetteer::key(o))) continue;
    names.add_organization(o);
  }
  for (const auto& [long_form, acronym] : work.acronyms) names.add_acronym(long_form, acronym);
}

}  // namespace

std::unique_ptr<Extractor> Extractor::load(const ExtractorOptions& options) {
  std::string dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  std::string model = dir + "/ner-en.model";
  if (!std::filesystem::exists(model)) throw Error(model + ": NER model not found");
  std::string gazetteer = dir + "/gazetteer";
  if (!std::filesystem::is_directory(gazetteer)) {
    throw Error(gazetteer + ": gazetteer directory not found");
  }
  // Both take a fraction of a second before indexing can start: read them
  // at once.
  auto ner = std::async(std::launch::async, [&] { return NerModel::load(model); });
  std::shared_ptr<const Gazetteer> gaz = Gazetteer::load(gazetteer);
  return std::make_unique<Extractor>(ner.get(), std::move(gaz));
}

Extractor::Extractor(std::shared_ptr<const NerModel> ner, std::shared_ptr<const Gazetteer> gazetteer)
    : ner_(std::move(ner)), gazetteer_(std::move(gazetteer)) {
  if (!ner_ || !gazetteer_) throw std::logic_error("Extractor needs a model and a gazetteer");
}

article::Entities Extractor::extract(const article::Article& a) const {
  ArticleWork work;
  work.lang = primary_language(a.language);
  work.english = work.lang.empty() || work.lang == "en";
  if (work.english) work.lang.clear();
  work.published = a.published;
  const SourceRules& rules = source_rules(a.source);
  for (auto [kind, part] : {std::pair{MentionPart::kTitle, std::string_view(a.title)},
                            std::pair{MentionPart::kStandfirst, std::string_view(a.standfirst)}}) {
    work.part = kind;
    if (!part.empty()) read_part(*ner_, *gazetteer_, rules, part, part.size(), work);
  }
  work.part = MentionPart::kBody;
  // The body's sign-off is not read, but the whole body is segmented: the
  // indexer segments it again for its terms, and segment() remembers it.
  const std::size_t end = rules.body_end ? rules.body_end(a.body) : a.body.size();
  if (end > 0) read_part(*ner_, *gazetteer_, rules, a.body, end, work);

  article::Entities out;
  NameMerger names;
  sort_names(*gazetteer_, work, names);
  out.persons = names.persons();
  out.organizations = names.organizations();
  std::vector<CountryMention> country_mentions;
  resolve_places(*gazetteer_, work, out, &country_mentions);
  // The dateline first: it adds its country to countries, so the focus
  // countries it leads stay a subset of them.
  add_dateline(*gazetteer_, a, out);
  out.focus_countries =
      focus_countries(country_mentions, out.dateline ? std::string_view(out.dateline->place.country) : "");
  return out;
}

}  // namespace dateline::entities
