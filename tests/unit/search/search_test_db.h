#pragma once

// A small in-memory index for the tests of search/'s parts (filters,
// suggest, related, stats, hits): articles go through the real document
// builder, so the terms and slots are those of schema::kFields.

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "index/document_builder.h"
#include "schema/schema.h"
#include "test_article.h"

namespace dateline::test_support {

class MemoryIndex {
 public:
  MemoryIndex() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    db_.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
  }
  void add(const article::Article& a) { db_.add_document(index::build_document(a)); }
  // An article with these entities (persons, organizations, places; a
  // place's country is also the article's country when given).
  void add(const std::string& id, const std::string& title, const std::string& body,
           std::vector<std::string> persons, std::vector<std::string> orgs = {},
           std::vector<std::pair<std::string, std::string>> places = {},
           std::optional<std::int64_t> published = 1770370200) {
    article::Article a = make_article(id, title, body, published);
    a.language = "en";
    a.entities.persons = std::move(persons);
    a.entities.organizations = std::move(orgs);
    for (const auto& [name, country] : places) {
      a.entities.places.push_back({name, "city", country});
      if (!country.empty()) a.entities.countries.push_back(country);
    }
    add(a);
  }
  const Xapian::Database& db() const { return db_; }

 private:
  Xapian::WritableDatabase db_;
};

}  // namespace dateline::test_support
