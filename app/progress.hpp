// Progress of a run on stderr: a live line on a terminal; otherwise (a cluster job's log, a pipe) a
// line every few seconds with units done, units per second and the time left.
#pragma once

#include <chrono>
#include <cstddef>

namespace jimsim {

class ProgressReport {
 public:
  // `already_done` units were finished before this process started (a resumed run).
  ProgressReport(std::size_t total, std::size_t already_done, bool quiet);
  void update(std::size_t done_now);  // units finished by this process so far
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::size_t total_, already_done_;
  bool enabled_, terminal_;
  Clock::time_point start_, last_;
  std::size_t done_now_ = 0;
  void print(bool final_line);
};

}  // namespace jimsim
