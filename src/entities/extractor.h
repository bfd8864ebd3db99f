#pragma once

#include <memory>
#include <string>

#include "article/article.h"
#include "entities/data_dir.h"
#include "entities/gazetteer.h"
#include "entities/ner.h"

namespace dateline::entities {

/// Where the extractor finds its data.
struct ExtractorOptions {
  /// Directory holding ner-en.model and gazetteer/. Empty means
  /// default_data_dir().
  std::string data_dir;
};

/// Finds the persons, organizations, places and countries of an article:
/// splits title, standfirst and body into sentences and CoNLL tokens, tags
/// them with the NER model, canonicalizes names (see canonical.h) and
/// resolves places with the gazetteer, CLIFF-CLAVIN style:
/// 1. country names and aliases ("U.S.", "Britain"),
/// 2. demonyms ("Iranian", "Iranians") -> their country,
/// 3. first-level regions ("Texas"; "Washington state"),
/// 4. cities, preferring countries the article names, then population;
///    a national capital or a city of 1M+ wins over a same-named region of
///    its country ("Washington" -> Washington, D.C.; "New York" -> the city),
/// 5. else "unresolved" (continents, seas, unknown names).
/// "Georgia" is the US state only with US context (other US states or
/// cities, "state of Georgia"), else the country. Only capitalised words or
/// NER LOC spans become places; words inside person names never do. Country
/// names and demonyms the tagger missed are found by gazetteer lookup.
/// All-caps sentences (wire headlines) and number tables skip the tagger and
/// get only gazetteer countries and demonyms. Articles in another language
/// (Article::language other than "en"/empty) get the country names of that
/// language (fr es de zh it pt nl ru ja ar; "Allemagne", "德国"), never the
/// English ones; in Latin-script languages the English tagger also adds
/// persons of two or more capitalised words (not in German, which
/// capitalises nouns) and places that resolve to a country the article
/// names, a capital or a city of 500,000+. The tagger's usual slips are
/// repaired: split names are joined ("Nana Akosua" + "Boateng-Frimpong"),
/// "Admiral X Y" tagged as an organization is a person, "Long Name (LN)"
/// is one organization whatever the tagger made of it. What only one
/// source's text needs (Reuters' sign-off and tickers) comes from
/// source_rules(Article::source), see source_rules.h.
class Extractor {
 public:
  /// Loads the NER model (data_dir/ner-en.model) and the gazetteer
  /// (data_dir/gazetteer/). Throws dateline::Error naming the missing or
  /// malformed file.
  static std::unique_ptr<Extractor> load(const ExtractorOptions& options);

  /// An extractor over a given model and gazetteer (tests, other models).
  /// Both must be non-null.
  Extractor(std::shared_ptr<const NerModel> ner, std::shared_ptr<const Gazetteer> gazetteer);

  /// The entities of a. Thread safe: called from many worker threads at
  /// once. Each list holds distinct display forms in order of first mention;
  /// countries are ISO 3166-1 alpha-2 codes, including those of the cities
  /// and regions found; a city or region counts for the state that held it
  /// when a was published (Moscow in 1987: the Soviet Union, ISO 3166-3
  /// "SUHH"; see Gazetteer::former_country). England, Scotland, Wales and
  /// Northern Ireland are places ("region") of GB.
  [[nodiscard]] article::Entities extract(const article::Article& a) const;

  /// The gazetteer in use.
  [[nodiscard]] const Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  std::shared_ptr<const NerModel> ner_;
  std::shared_ptr<const Gazetteer> gazetteer_;
};

}  // namespace dateline::entities
