#include "search/facet_columns.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "analysis/analyzer.h"
#include "schema/schema.h"
#include "util/strings.h"

namespace dateline::search {
namespace sc = schema;

namespace {

// Builds one column in docid order from the slot's value stream.
FacetColumns::Column read_column(const Xapian::Database& db, Xapian::valueno slot,
                                 const KeyAliases* aliases) {
  FacetColumns::Column c;
  c.slot = slot;
  const Xapian::docid last = db.get_lastdocid();
  c.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
  // Display form -> (form id, key id); key -> key id.
  std::unordered_map<std::string, std::pair<std::uint32_t, std::uint32_t>, util::StringHash, std::equal_to<>>
      forms;
  std::unordered_map<std::string, std::uint32_t> id_of_key;
  std::vector<bool> no_value;  // by key id: an alias of no value
  std::vector<std::uint32_t> doc_keys;
  Xapian::docid next = 1;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid d = it.get_docid();
    while (next <= d) c.offsets[next++] = static_cast<std::uint32_t>(c.ids.size());
    const std::string packed = *it;
    doc_keys.clear();
    sc::for_each_packed(packed, [&](std::string_view v) {
      auto f = forms.find(v);
      if (f == forms.end()) {
        std::string key = analysis::fold(v);
        // An alias counts as the value it stands for ("Reagan" as Ronald
        // Reagan), as its filter finds it.
        if (aliases != nullptr) {
          if (auto a = aliases->find(key); a != aliases->end()) key = a->second;
        }
        auto [k, added] = id_of_key.emplace(key, static_cast<std::uint32_t>(no_value.size()));
        if (added) no_value.push_back(key.empty());
        f = forms
                .emplace(std::string(v),
                         std::make_pair(static_cast<std::uint32_t>(c.forms.size()), k->second))
                .first;
        c.forms.emplace_back(v);
      }
      const auto [form, key] = f->second;
      // The first form of a key counts, as for_each_counted keeps it.
      if (no_value[key] || std::find(doc_keys.begin(), doc_keys.end(), key) != doc_keys.end()) return;
      doc_keys.push_back(key);
      c.ids.push_back(form);
    });
  }
  while (next <= last + 1) c.offsets[next++] = static_cast<std::uint32_t>(c.ids.size());
  return c;
}

}  // namespace

std::shared_ptr<const FacetColumns> FacetColumns::load(const Xapian::Database& db,
                                                       const std::vector<Xapian::valueno>& slots,
                                                       const std::map<Xapian::valueno, KeyAliases>& aliases) {
  auto out = std::make_shared<FacetColumns>();
  for (Xapian::valueno slot : slots) {
    auto a = aliases.find(slot);
    out->columns_.push_back(read_column(db, slot, a == aliases.end() ? nullptr : &a->second));
  }
  out->days_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, kNoDay);
  bool any = false;
  for (auto it = db.valuestream_begin(sc::kSlotPublished); it != db.valuestream_end(sc::kSlotPublished);
       ++it) {
    // A value that is no date (a damaged index) counts as undated.
    const std::optional<std::int64_t> secs = published_seconds(*it);
    if (!secs) continue;
    const auto day = static_cast<std::int32_t>(std::floor(static_cast<double>(*secs) / 86400.0));
    out->days_[it.get_docid()] = day;
    if (!any || day < out->first_day_) out->first_day_ = day;
    if (!any || day > out->last_day_) out->last_day_ = day;
    any = true;
  }
  return out;
}

const FacetColumns::Column* FacetColumns::column(Xapian::valueno slot) const {
  for (const Column& c : columns_) {
    if (c.slot == slot) return &c;
  }
  return nullptr;
}

std::size_t FacetColumns::memory_bytes() const {
  std::size_t n = days_.capacity() * sizeof(std::int32_t);
  for (const Column& c : columns_) {
    n += c.offsets.capacity() * 4 + c.ids.capacity() * 4;
    for (const std::string& f : c.forms) n += sizeof f + f.capacity();
  }
  return n;
}

ColumnSpy::ColumnSpy(std::shared_ptr<const FacetColumns> columns, const std::vector<Xapian::valueno>& slots,
                     bool timeline, std::size_t limit)
    : columns_(std::move(columns)), slots_(slots), timeline_(timeline), limit_(limit) {
  for (Xapian::valueno slot : slots_) {
    const FacetColumns::Column* c = columns_->column(slot);
    if (c == nullptr) throw std::logic_error("ColumnSpy: slot not loaded");
    counts_.push_back({c, std::vector<std::uint32_t>(c->forms.size(), 0)});
  }
  if (timeline_ && columns_->last_day() >= columns_->first_day()) {
    day_counts_.assign(static_cast<std::size_t>(columns_->last_day() - columns_->first_day()) + 1, 0);
  }
}

void ColumnSpy::operator()(const Xapian::Document& doc, double) {
  if (limit_ != 0 && seen_ >= limit_) return;
  ++seen_;
  const Xapian::docid d = doc.get_docid();
  for (Counts& c : counts_) {
    const FacetColumns::Column& col = *c.column;
    if (static_cast<std::size_t>(d) + 1 >= col.offsets.size()) continue;
    for (std::uint32_t k = col.offsets[d]; k < col.offsets[d + 1]; ++k) ++c.n[col.ids[k]];
  }
  if (timeline_) {
    const std::int32_t day = columns_->day(d);
    if (day != FacetColumns::kNoDay) ++day_counts_[day - columns_->first_day()];
  }
}

Xapian::MatchSpy* ColumnSpy::clone() const { return new ColumnSpy(columns_, slots_, timeline_, limit_); }

std::map<std::string, std::uint64_t> ColumnSpy::counts(Xapian::valueno slot) const {
  std::map<std::string, std::uint64_t> out;
  for (const Counts& c : counts_) {
    if (c.column->slot != slot) continue;
    for (std::uint32_t id = 0; id < c.n.size(); ++id) {
      if (c.n[id] > 0) out.emplace(c.column->forms[id], c.n[id]);
    }
  }
  return out;
}

std::map<std::int64_t, std::uint64_t> ColumnSpy::days() const {
  std::map<std::int64_t, std::uint64_t> out;
  for (std::size_t i = 0; i < day_counts_.size(); ++i) {
    if (day_counts_[i] > 0) out.emplace(columns_->first_day() + static_cast<std::int64_t>(i), day_counts_[i]);
  }
  return out;
}

}  // namespace dateline::search
