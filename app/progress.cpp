#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <fmt/format.h>
#include <string>

namespace jimsim {
namespace {

constexpr auto terminal_interval = std::chrono::milliseconds(200);
constexpr auto log_interval = std::chrono::seconds(10);

std::string duration_text(double seconds) {
  if (!(seconds >= 0) || seconds > 1e9) return "?";
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
}

}  // namespace

ProgressReport::ProgressReport(std::size_t total, std::size_t already_done, bool quiet)
    : total_(total), already_done_(already_done), enabled_(!quiet), terminal_(isatty(STDERR_FILENO) != 0),
      start_(Clock::now()), last_(start_) {}

void ProgressReport::update(std::size_t done_now) {
  done_now_ = done_now;
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - last_ < (terminal_ ? std::chrono::duration_cast<Clock::duration>(terminal_interval)
                               : std::chrono::duration_cast<Clock::duration>(log_interval))) {
    return;
  }
  last_ = now;
  print(false);
}

void ProgressReport::finish() {
  if (enabled_) print(true);
}

void ProgressReport::print(bool final_line) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::size_t done = already_done_ + done_now_;
  const double rate = seconds > 0 ? static_cast<double>(done_now_) / seconds : 0.0;
  const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : -1.0;
  const std::string line =
      fmt::format("{}/{} units ({:.1f}%), {:.1f} units/s, {} elapsed, {} to go", done, total_,
                  total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate,
                  duration_text(seconds), final_line ? duration_text(0) : duration_text(left));
  if (terminal_) {
    std::fprintf(stderr, "\r%s   %s", line.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "jimsim: %s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace jimsim
