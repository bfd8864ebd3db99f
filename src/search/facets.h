#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"
#include "search/types.h"

namespace dateline::search {

/// Counts the values of one facet over the documents a search examines.
/// This is the one interface facet counting goes through, so the way of
/// counting can change per database kind: PackedValueSpy (our MatchSpy)
/// for local indexes, or a stock Xapian::ValueCountMatchSpy whose counts of
/// packed value combinations are split afterwards, which Xapian's remote
/// server (xapian-tcpsrv) can run because it only knows built-in spies.
class FacetCounter {
 public:
  virtual ~FacetCounter() = default;
  /// Registers the counting spy on enquire; call before get_mset(). The
  /// counter must outlive enquire.
  virtual void attach(Xapian::Enquire& enquire) = 0;
  /// All values seen with their counts, display form -> count.
  [[nodiscard]] virtual std::map<std::string, std::uint64_t> counts() const = 0;
  /// The documents counted (at most the limit given at creation).
  [[nodiscard]] virtual std::uint64_t seen() const = 0;
};

/// How to count.
enum class CounterKind {
  kPackedSpy,          ///< our MatchSpy over packed values (fastest; local only)
  kStockCombinations,  ///< Xapian::ValueCountMatchSpy + split (remote safe)
};

/// Folded key -> the folded key of the value it stands for across the
/// archive, in one field: a surname for a full name ("reagan" -> "ronald
/// reagan"), a company with its legal form for its plain name ("texaco
/// inc" -> "texaco"), a bare place for its qualified name ("washington" ->
/// "washington, d.c."). Filters and both ways of counting facets treat the
/// two as one value. A key mapped to "" is no value of the field (a firm
/// tagged as a person): facets leave it out.
using KeyAliases = std::unordered_map<std::string, std::string>;

/// A counter for values in slot (packed with schema::pack_values, or a
/// single value per document, which is the same thing). An article counts
/// once per folded key, after aliases (two forms of a name, or a name and
/// its alias, in one article count once), so merging the forms of a key
/// (as filters match them: every facet's filter terms are folded) and the
/// aliases later counts each article once. Counting stops after limit
/// documents (0: no limit); seen() tells how many were counted.
[[nodiscard]] std::unique_ptr<FacetCounter> make_facet_counter(Xapian::valueno slot,
                                                               CounterKind kind = CounterKind::kPackedSpy,
                                                               const KeyAliases* aliases = nullptr,
                                                               std::size_t limit = 0);

/// A counter like make_facet_counter()'s that counts stories instead of
/// articles (SearchRequest::facet_by_story): a value's count is the number
/// of distinct stories (kSlotStory; an article without one is a story of
/// its own) with a counted document that has the value, after folding and
/// aliases, so merging the forms and aliases of a value afterwards still
/// counts each story once. Memory grows with the distinct (value, story)
/// pairs of the matches. Only kPackedSpy can do this: a stock spy sees
/// value combinations, not stories, so kStockCombinations (remote shards)
/// throws InputError (field "facet_by") rather than give wrong counts.
[[nodiscard]] std::unique_ptr<FacetCounter> make_story_facet_counter(
    Xapian::valueno slot, CounterKind kind = CounterKind::kPackedSpy, const KeyAliases* aliases = nullptr,
    std::size_t limit = 0);

/// The top n of counts, by count descending then value ascending.
[[nodiscard]] std::vector<FacetValue> top_values(const std::map<std::string, std::uint64_t>& counts,
                                                 std::size_t n);

/// A date histogram: counts matching documents per day of kSlotPublished.
/// Counting stops after limit documents (0: no limit). With by_story it
/// counts stories instead (kSlotStory; an article without one is a story of
/// its own): each once, on the earliest day among its counted dated
/// documents, so the days sum to the stories with a dated match; memory
/// then grows with the stories matched.
class TimelineSpy : public Xapian::MatchSpy {
 public:
  explicit TimelineSpy(std::size_t limit = 0, bool by_story = false) : limit_(limit), by_story_(by_story) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  Xapian::MatchSpy* clone() const override { return new TimelineSpy(limit_, by_story_); }
  std::string name() const override { return "dateline.TimelineSpy"; }
  /// Day number (days since 1970-01-01) -> documents (or stories).
  const std::map<std::int64_t, std::uint64_t>& days() const;
  /// The documents counted.
  [[nodiscard]] std::uint64_t seen() const { return seen_; }

 private:
  std::size_t limit_;
  bool by_story_;
  std::uint64_t seen_ = 0;
  // By story: story key -> its earliest day so far; days_ is built from it
  // when asked for.
  std::unordered_map<std::string, std::int64_t> story_day_;
  mutable std::map<std::int64_t, std::uint64_t> days_;
};

/// The story an article counts as when counting by story: its kSlotStory
/// value, or for an article without one a key no story id can equal (a
/// zero byte and its docid), so it is a story of its own.
[[nodiscard]] std::string story_key(const Xapian::Document& doc);

/// The same histogram counted with Xapian's built-in ValueCountMatchSpy
/// over kSlotPublished, which a remote shard (xapian-tcpsrv) can run
/// because it only knows built-in spies; the counts per stored time are
/// merged into days afterwards. It counts every match (no limit).
class StockTimeline {
 public:
  StockTimeline() : spy_(std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotPublished)) {}
  /// Registers the spy on enquire; call before get_mset(). The timeline
  /// must outlive enquire.
  void attach(Xapian::Enquire& enquire) { enquire.add_matchspy(spy_.get()); }
  /// Day number (days since 1970-01-01) -> documents.
  [[nodiscard]] std::map<std::int64_t, std::uint64_t> days() const;
  /// The documents counted.
  [[nodiscard]] std::uint64_t seen() const { return spy_->get_total(); }

 private:
  std::unique_ptr<Xapian::ValueCountMatchSpy> spy_;
};

/// The publication time an article's kSlotPublished value holds (its
/// sortable_serialise()d seconds since 1970), or nullopt when the value is
/// empty or decodes to no date an input could have given: not a finite
/// number, or outside years 1 to 9999 (article::kMinSeconds to kMaxSeconds).
/// Only a damaged or hand-made index has such a value; every reader of the
/// slot goes through here, so it can never reach an integer conversion out
/// of range.
[[nodiscard]] std::optional<std::int64_t> published_seconds(const std::string& value);

/// The most buckets a timeline has (27 years by day; years 1 to 9999 fit).
inline constexpr std::size_t kMaxTimelineBuckets = 10000;

/// Buckets day counts by "day", "month" or "year"; "auto" picks the
/// finest of the three that gives at most 60 buckets. Empty buckets between
/// the first and last are included, so the chart has no holes. A unit that
/// would give more than max_buckets buckets gives way to the next coarser
/// one (day, then month, then year); should years be too many too, only
/// the years with matches are listed. *chosen (if given) is the unit used,
/// and *note (if given) says why it is not the unit asked for, or is
/// cleared. Time and memory grow with max_buckets and days.size(), never
/// with the span of the dates.
[[nodiscard]] std::vector<TimelineBucket> make_timeline(const std::map<std::int64_t, std::uint64_t>& days,
                                                        const std::string& unit,
                                                        std::string* chosen = nullptr,
                                                        std::string* note = nullptr,
                                                        std::size_t max_buckets = kMaxTimelineBuckets);

}  // namespace dateline::search
