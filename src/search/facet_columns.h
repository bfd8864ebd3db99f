#pragma once

// Facet columns: the facet values and publication day of every article,
// held in memory as integer ids, so that counting facets over thousands of
// matches is array work instead of reading and hashing value strings for
// each match. Lucene and Elasticsearch call this "doc values"; here it is
// read once from the index's value slots by a long-running searcher (see
// Searcher::set_facet_columns) and shared read-only.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/facets.h"

namespace dateline::search {

class FacetColumns {
 public:
  /// One value slot: each article's values as ids into forms.
  struct Column {
    Xapian::valueno slot = Xapian::BAD_VALUENO;
    /// id -> display form ("OPEC" and "Opec" are two ids). An article
    /// holds the values a match spy would count (facets.cc's
    /// for_each_counted: one form per key), so counting forms and merging
    /// them afterwards gives the spies' answer, labels included.
    std::vector<std::string> forms;
    /// The ids of docid d are ids[offsets[d] .. offsets[d + 1]).
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> ids;
  };

  static constexpr std::int32_t kNoDay = INT32_MIN;

  /// Reads slots (packed values, see schema::pack_values) and the
  /// publication day of every document of db. A key found in the
  /// aliases of its slot counts as the value it stands for.
  /// Throws Xapian::Error.
  static std::shared_ptr<const FacetColumns> load(const Xapian::Database& db,
                                                  const std::vector<Xapian::valueno>& slots,
                                                  const std::map<Xapian::valueno, KeyAliases>& aliases);

  /// The column of slot, or nullptr if not loaded.
  [[nodiscard]] const Column* column(Xapian::valueno slot) const;
  /// Days since 1970-01-01 of docid d, or kNoDay.
  [[nodiscard]] std::int32_t day(Xapian::docid d) const { return d < days_.size() ? days_[d] : kNoDay; }
  [[nodiscard]] std::int32_t first_day() const { return first_day_; }
  [[nodiscard]] std::int32_t last_day() const { return last_day_; }
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::int32_t> days_;  // by docid
  std::int32_t first_day_ = 0;
  std::int32_t last_day_ = -1;
};

/// One MatchSpy counting several facets and, if asked, the timeline from
/// FacetColumns, in one call per match. Local databases only.
class ColumnSpy : public Xapian::MatchSpy {
 public:
  /// columns must outlive the spy; slots must be loaded in it. Counting
  /// stops after limit documents (0: no limit).
  ColumnSpy(std::shared_ptr<const FacetColumns> columns, const std::vector<Xapian::valueno>& slots,
            bool timeline, std::size_t limit = 0);

  void operator()(const Xapian::Document& doc, double wt) override;
  Xapian::MatchSpy* clone() const override;
  std::string name() const override { return "dateline.ColumnSpy"; }

  /// Matching documents per display form of slot (forms counted 0 left
  /// out), as PackedCounter::counts() gives them.
  [[nodiscard]] std::map<std::string, std::uint64_t> counts(Xapian::valueno slot) const;
  /// Matching documents per day, as TimelineSpy::days() gives them.
  [[nodiscard]] std::map<std::int64_t, std::uint64_t> days() const;
  /// The documents counted.
  [[nodiscard]] std::uint64_t seen() const { return seen_; }

 private:
  struct Counts {
    const FacetColumns::Column* column;
    std::vector<std::uint32_t> n;  // by id
  };
  std::shared_ptr<const FacetColumns> columns_;
  std::vector<Xapian::valueno> slots_;
  std::vector<Counts> counts_;
  bool timeline_;
  std::size_t limit_;
  std::uint64_t seen_ = 0;
  std::vector<std::uint32_t> day_counts_;  // by day - first_day
};

}  // namespace dateline::search
