#include "search/request_options.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/error.h"

namespace dateline::search {
namespace {

using Names = std::vector<std::string>;

TEST(RequestOptionsTest, FacetLists) {
  struct Case {
    const char* list;
    Names names;
  };
  const Case cases[] = {
      {"person,org,country", {"person", "org", "country"}},
      {" person , place ", {"person", "place"}},
      {"person,,lang,", {"person", "lang"}},
      {"person,person,org", {"person", "org"}},
      {"none", {}},
      {" none ", {}},
      {"", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_facet_list(c.list), c.names) << c.list;
}

TEST(RequestOptionsTest, DefaultFacetsParse) {
  EXPECT_EQ(parse_facet_list(kDefaultFacets), (Names{"person", "org", "country"}));
}

TEST(RequestOptionsTest, UnknownFacetNamesItself) {
  for (const char* bad : {"bogus", "person,bogus", "none,person", "date"}) {
    try {
      (void)parse_facet_list(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "facets") << bad;
      EXPECT_NE(std::string(e.what()).find("unknown facet '"), std::string::npos) << e.what();
    }
  }
}

TEST(RequestOptionsTest, TimelineUnits) {
  for (const char* unit : {"day", "month", "year", "auto"}) EXPECT_TRUE(is_timeline_unit(unit)) << unit;
  for (const char* unit : {"", "none", "week", "Day", " day"}) EXPECT_FALSE(is_timeline_unit(unit)) << unit;
}

}  // namespace
}  // namespace dateline::search
