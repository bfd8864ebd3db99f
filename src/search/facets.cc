#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "analysis/analyzer.h"
#include "article/date.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {
namespace {

// Calls fn(value) for the values of one document's packed value that a
// filter tells apart: a value is left out if an earlier one folds to the
// same key ("Sao Paulo" after "São Paulo") or stands for the same value
// by aliases ("Texaco Inc" after "Texaco"). Each article then counts once
// per filter value, as filtering by it would find it.
template <typename Fn>
void for_each_counted(std::string_view packed, const KeyAliases* aliases, Fn&& fn) {
  thread_local std::vector<std::string_view> values;
  thread_local std::vector<std::string> keys;
  values.clear();
  schema::for_each_packed(packed, [&](std::string_view v) { values.push_back(v); });
  if (values.size() < 2 && aliases == nullptr) {
    for (std::string_view v : values) fn(v);
    return;
  }
  keys.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    keys[i] = analysis::fold(values[i]);
    if (aliases != nullptr) {
      if (auto a = aliases->find(keys[i]); a != aliases->end()) keys[i] = a->second;
    }
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (keys[i].empty()) continue;  // an alias of no value (a firm as a person)
    if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(i), keys[i]) !=
        keys.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    fn(values[i]);
  }
}

// Our MatchSpy: splits each document's packed value and counts each part.
// By story, it counts per value the distinct stories of the documents that
// have it: a (key, story) pair counts once, credited to the display form it
// was first seen in, so summing the forms of a key (merge_same_key) and its
// aliases gives the key's stories.
class PackedValueSpy : public Xapian::MatchSpy {
 public:
  PackedValueSpy(Xapian::valueno slot, const KeyAliases* aliases, std::size_t limit, bool by_story)
      : slot_(slot), aliases_(aliases), limit_(limit), by_story_(by_story) {}

  void operator()(const Xapian::Document& doc, double) override {
    if (limit_ != 0 && seen_ >= limit_) return;
    ++seen_;
    std::string packed = doc.get_value(slot_);
    if (packed.empty()) return;
    char tag[sizeof(std::uint32_t)];
    if (by_story_) {
      const auto [story, added] =
          stories_.try_emplace(story_key(doc), static_cast<std::uint32_t>(stories_.size()));
      std::memcpy(tag, &story->second, sizeof tag);
    }
    for_each_counted(packed, aliases_, [&](std::string_view v) {
      if (by_story_ && !first_of_story(v, tag)) return;
      auto it = counts_.find(v);
      if (it == counts_.end()) {
        counts_.emplace(std::string(v), 1);
      } else {
        ++it->second;
      }
    });
  }
  Xapian::MatchSpy* clone() const override { return new PackedValueSpy(slot_, aliases_, limit_, by_story_); }
  std::string name() const override { return "dateline.PackedValueSpy"; }

  std::map<std::string, std::uint64_t> counts() const { return {counts_.begin(), counts_.end()}; }
  std::uint64_t seen() const { return seen_; }

 private:
  // Whether value v's key is seen for the first time in the story tagged.
  bool first_of_story(std::string_view v, const char (&tag)[sizeof(std::uint32_t)]) {
    std::string pair = analysis::fold(v);
    if (aliases_ != nullptr) {
      if (auto a = aliases_->find(pair); a != aliases_->end()) pair = a->second;
    }
    pair.push_back('\0');
    pair.append(tag, sizeof tag);
    return pairs_.insert(std::move(pair)).second;
  }

  Xapian::valueno slot_;
  const KeyAliases* aliases_;
  std::size_t limit_;
  bool by_story_;
  std::uint64_t seen_ = 0;
  // Heterogeneous lookup: counting a value already seen never allocates.
  std::unordered_map<std::string, std::uint64_t, util::StringHash, std::equal_to<>> counts_;
  std::unordered_map<std::string, std::uint32_t> stories_;  // by story: story key -> small number
  std::unordered_set<std::string> pairs_;                   // by story: folded key, '\0', story number
};

class PackedCounter : public FacetCounter {
 public:
  PackedCounter(Xapian::valueno slot, const KeyAliases* aliases, std::size_t limit, bool by_story)
      : spy_(new PackedValueSpy(slot, aliases, limit, by_story)) {}
  void attach(Xapian::Enquire& enquire) override {
    // Enquire does not own the spy: the counter must outlive the Enquire.
    enquire.add_matchspy(spy_.get());
  }
  std::map<std::string, std::uint64_t> counts() const override { return spy_->counts(); }
  std::uint64_t seen() const override { return spy_->seen(); }

 private:
  std::unique_ptr<PackedValueSpy> spy_;
};

class CombinationCounter : public FacetCounter {
 public:
  CombinationCounter(Xapian::valueno slot, const KeyAliases* aliases)
      : spy_(new Xapian::ValueCountMatchSpy(slot)), aliases_(aliases) {}
  void attach(Xapian::Enquire& enquire) override { enquire.add_matchspy(spy_.get()); }
  std::map<std::string, std::uint64_t> counts() const override {
    std::map<std::string, std::uint64_t> out;
    for (auto it = spy_->values_begin(); it != spy_->values_end(); ++it) {
      std::uint64_t n = it.get_termfreq();
      // A combination is one document's packed value.
      for_each_counted(*it, aliases_, [&](std::string_view v) { out[std::string(v)] += n; });
    }
    return out;
  }
  // The stock spy cannot stop early: it always counts every match.
  std::uint64_t seen() const override { return spy_->get_total(); }

 private:
  std::unique_ptr<Xapian::ValueCountMatchSpy> spy_;
  const KeyAliases* aliases_;
};

}  // namespace

std::string story_key(const Xapian::Document& doc) {
  std::string story = doc.get_value(schema::kSlotStory);
  if (!story.empty()) return story;
  return std::string(1, '\0') + std::to_string(doc.get_docid());
}

std::unique_ptr<FacetCounter> make_story_facet_counter(Xapian::valueno slot, CounterKind kind,
                                                       const KeyAliases* aliases, std::size_t limit) {
  if (kind == CounterKind::kStockCombinations) {
    throw InputError("", 0,
                     "facet_by=story cannot be counted over remote shards: xapian-tcpsrv runs only "
                     "Xapian's stock value counter, which counts articles, not stories (count by "
                     "article, or search local shards)",
                     "facet_by");
  }
  return std::make_unique<PackedCounter>(slot, aliases, limit, true);
}

std::unique_ptr<FacetCounter> make_facet_counter(Xapian::valueno slot, CounterKind kind,
                                                 const KeyAliases* aliases, std::size_t limit) {
  if (kind == CounterKind::kStockCombinations) {
    return std::make_unique<CombinationCounter>(slot, aliases);
  }
  return std::make_unique<PackedCounter>(slot, aliases, limit, false);
}

std::vector<FacetValue> top_values(const std::map<std::string, std::uint64_t>& counts, std::size_t n) {
  std::vector<FacetValue> all;
  all.reserve(counts.size());
  for (const auto& [v, c] : counts) all.push_back({v, v, c});
  auto by_count = [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (all.size() > n) {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), by_count);
    all.resize(n);
  } else {
    std::sort(all.begin(), all.end(), by_count);
  }
  return all;
}

std::optional<std::int64_t> published_seconds(const std::string& value) {
  if (value.empty()) return std::nullopt;
  const double secs = std::floor(Xapian::sortable_unserialise(value));
  // The comparisons are false for NaN, so it is refused too; inside the
  // range the conversion is exact.
  if (!(secs >= static_cast<double>(article::kMinSeconds) &&
        secs <= static_cast<double>(article::kMaxSeconds))) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(secs);
}

void TimelineSpy::operator()(const Xapian::Document& doc, double) {
  if (limit_ != 0 && seen_ >= limit_) return;
  ++seen_;
  const std::optional<std::int64_t> secs = published_seconds(doc.get_value(schema::kSlotPublished));
  if (!secs) return;
  const auto day = static_cast<std::int64_t>(std::floor(static_cast<double>(*secs) / 86400.0));
  if (!by_story_) {
    ++days_[day];
    return;
  }
  auto [it, added] = story_day_.try_emplace(story_key(doc), day);
  if (!added && day < it->second) it->second = day;
}

const std::map<std::int64_t, std::uint64_t>& TimelineSpy::days() const {
  if (by_story_) {
    days_.clear();
    for (const auto& [story, day] : story_day_) ++days_[day];
  }
  return days_;
}

std::map<std::int64_t, std::uint64_t> StockTimeline::days() const {
  std::map<std::int64_t, std::uint64_t> out;
  for (auto it = spy_->values_begin(); it != spy_->values_end(); ++it) {
    const std::optional<std::int64_t> secs = published_seconds(*it);
    if (!secs) continue;
    out[static_cast<std::int64_t>(std::floor(static_cast<double>(*secs) / 86400.0))] += it.get_termfreq();
  }
  return out;
}

std::vector<TimelineBucket> make_timeline(const std::map<std::int64_t, std::uint64_t>& days,
                                          const std::string& unit_in, std::string* chosen, std::string* note,
                                          std::size_t max_buckets) {
  std::vector<TimelineBucket> out;
  if (note) note->clear();
  if (days.empty()) {
    if (chosen) *chosen = unit_in == "auto" ? "month" : unit_in;
    return out;
  }
  const std::int64_t first_day = days.begin()->first;
  const std::int64_t last_day = days.rbegin()->first;
  article::CivilDate first = article::civil_from_days(first_day);
  article::CivilDate last = article::civil_from_days(last_day);
  // Buckets from the first to the last date, in each unit. Two articles
  // dated 0001-01-01 and 9999-12-31 span 3,652,059 days.
  const std::uint64_t span_days = static_cast<std::uint64_t>(last_day - first_day) + 1;
  const std::uint64_t span_months = static_cast<std::uint64_t>(
      (last.year - first.year) * 12L + static_cast<long>(last.month) - static_cast<long>(first.month) + 1);
  const std::uint64_t span_years = static_cast<std::uint64_t>(last.year - first.year) + 1;
  std::string unit = unit_in;
  if (unit == "auto") unit = span_days <= 60 ? "day" : span_months <= 60 ? "month" : "year";
  const std::string asked = unit;
  if (unit == "day" && span_days > max_buckets) unit = "month";
  if (unit == "month" && span_months > max_buckets) unit = "year";
  const bool sparse = span_years > max_buckets;
  if (chosen) *chosen = unit;
  if (note && (unit != asked || sparse)) {
    std::uint64_t span = asked == "day" ? span_days : asked == "month" ? span_months : span_years;
    *note = "a timeline by " + asked + " from " + article::format_day(first_day * 86400) + " to " +
            article::format_day(last_day * 86400) + " would have " + std::to_string(span) +
            " buckets, more than " + std::to_string(max_buckets);
    *note += unit != asked ? "; counted by " + unit + " instead" : "";
    *note += sparse ? "; only the years with matches are listed" : "";
  }
  char buf[48];
  if (unit == "day") {
    auto it = days.begin();
    for (std::int64_t d = first_day; d <= last_day; ++d) {
      std::uint64_t n = 0;
      if (it != days.end() && it->first == d) n = (it++)->second;
      out.push_back({article::format_day(d * 86400), n});
    }
    return out;
  }
  // Month or year: a key per bucket, then fill the gaps (unless years are
  // too many for that).
  std::map<long, std::uint64_t> buckets;
  for (const auto& [d, n] : days) {
    article::CivilDate c = article::civil_from_days(d);
    long key = unit == "year" ? c.year : c.year * 12L + static_cast<long>(c.month) - 1;
    buckets[key] += n;
  }
  auto add = [&](long k, std::uint64_t n) {
    if (unit == "year") {
      std::snprintf(buf, sizeof buf, "%04ld", k);
    } else {
      std::snprintf(buf, sizeof buf, "%04ld-%02ld", k / 12, k % 12 + 1);
    }
    out.push_back({buf, n});
  };
  if (sparse) {
    for (const auto& [k, n] : buckets) add(k, n);
    return out;
  }
  for (long k = buckets.begin()->first; k <= buckets.rbegin()->first; ++k) {
    auto it = buckets.find(k);
    add(k, it == buckets.end() ? 0 : it->second);
  }
  return out;
}

}  // namespace dateline::search
