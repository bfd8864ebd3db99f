#pragma once

#include <time.h>

#include <cstdint>

namespace dateline::util {

/// CPU time of the calling thread in nanoseconds: on a busy machine wall
/// time would also count the time other processes held the core.
inline std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/// thread_cpu_ns() in seconds.
inline double thread_cpu_seconds() { return static_cast<double>(thread_cpu_ns()) * 1e-9; }

}  // namespace dateline::util
