#include "search/timeline.h"

namespace dossier {

const char* to_string(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kAuto: return "auto";
    case TimeBucket::kDay: return "day";
    case TimeBucket::kWeek: return "week";
    case TimeBucket::kMonth: return "month";
    case TimeBucket::kYear: return "year";
  }
  return "?";
}

namespace search {
namespace {

using std::chrono::sys_days;

// Ranges up to these many days get the finer bucket (about 60 bars at most,
// what a terminal line or a chart shows legibly).
constexpr int kDaysForDay = 62;
constexpr int kDaysForWeek = 366;
constexpr int kDaysForMonth = 3660;

TimeBucket automatic(std::int32_t first, std::int32_t last) {
  const std::int32_t span = last - first;
  if (span <= kDaysForDay) return TimeBucket::kDay;
  if (span <= kDaysForWeek) return TimeBucket::kWeek;
  if (span <= kDaysForMonth) return TimeBucket::kMonth;
  return TimeBucket::kYear;
}

sys_days bucket_start(sys_days day, TimeBucket bucket) {
  const std::chrono::year_month_day date{day};
  switch (bucket) {
    case TimeBucket::kWeek:
      return day - std::chrono::days(std::chrono::weekday(day).iso_encoding() - 1);
    case TimeBucket::kMonth: return sys_days(date.year() / date.month() / 1);
    case TimeBucket::kYear: return sys_days(date.year() / std::chrono::January / 1);
    default: return day;
  }
}

sys_days next_bucket(sys_days start, TimeBucket bucket) {
  const std::chrono::year_month_day date{start};
  switch (bucket) {
    case TimeBucket::kWeek: return start + std::chrono::days(7);
    case TimeBucket::kMonth: return sys_days(date + std::chrono::months(1));
    case TimeBucket::kYear: return sys_days(date + std::chrono::years(1));
    default: return start + std::chrono::days(1);
  }
}

sys_days as_day(std::int32_t days) { return sys_days(std::chrono::days(days)); }

// A timeline longer than this many periods (a day bucket over centuries) is
// widened to the next bucket size: no caller can show it, and it would cost
// memory in proportion to the range, not to the matches.
constexpr std::int64_t kMaxBuckets = 5000;

TimeBucket widened(TimeBucket bucket, std::int32_t first, std::int32_t last) {
  constexpr std::int64_t kDaysIn[] = {1, 1, 7, 31, 366};
  while (bucket != TimeBucket::kYear &&
         (static_cast<std::int64_t>(last) - first) / kDaysIn[static_cast<int>(bucket)] >
             kMaxBuckets) {
    bucket = static_cast<TimeBucket>(static_cast<int>(bucket) + 1);
  }
  return bucket;
}

}  // namespace

Timeline make_timeline(const std::vector<std::pair<std::int32_t, std::size_t>>& days,
                       std::size_t undated, TimeBucket bucket) {
  Timeline timeline;
  timeline.undated = undated;
  timeline.bucket =
      bucket != TimeBucket::kAuto ? bucket
      : days.empty()              ? TimeBucket::kDay
                                  : automatic(days.front().first, days.back().first);
  if (days.empty()) return timeline;
  timeline.bucket = widened(timeline.bucket, days.front().first, days.back().first);
  const sys_days last = bucket_start(as_day(days.back().first), timeline.bucket);
  auto day = days.begin();
  for (sys_days start = bucket_start(as_day(days.front().first), timeline.bucket); start <= last;
       start = next_bucket(start, timeline.bucket)) {
    TimelineBucket counted{start, 0};
    const sys_days end = next_bucket(start, timeline.bucket);
    for (; day != days.end() && as_day(day->first) < end; ++day) counted.count += day->second;
    timeline.buckets.push_back(counted);
  }
  return timeline;
}

}  // namespace search
}  // namespace dossier
