#include "exec/task_stream.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace jimsim {

std::uint64_t stream_tasks(std::uint64_t first, std::uint64_t limit, const TaskCompute& compute,
                           const TaskResultHandler& on_result, const ExecutorSettings& settings) {
  if (first >= limit) return 0;
  const auto threads = static_cast<std::size_t>(resolve_thread_count(settings.threads));
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::pair<std::uint64_t, std::vector<double>>> finished;
  std::uint64_t next = first, computed = 0;
  std::size_t running = 0;
  bool stop = false;
  std::exception_ptr failure;
  const auto cancelled = [&] { return settings.cancel != nullptr && settings.cancel->load(); };

  const auto worker = [&] {
    for (;;) {
      std::uint64_t task;
      {
        std::lock_guard lock(mutex);
        if (stop || next >= limit) return;
        task = next++;
        ++running;
      }
      try {
        std::vector<double> result = compute(task);
        std::lock_guard lock(mutex);
        finished.emplace_back(task, std::move(result));
        ++computed;
        --running;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        --running;
      }
      cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  const auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    cv.notify_all();
    for (auto& t : pool) t.join();
  };

  try {
    for (;;) {
      std::pair<std::uint64_t, std::vector<double>> item;
      {
        std::unique_lock lock(mutex);
        // Wake at least twice a second so a cancellation is seen while a long task runs.
        cv.wait_for(lock, std::chrono::milliseconds(500),
                    [&] { return !finished.empty() || stop || (next >= limit && running == 0); });
        if (cancelled()) throw RunCancelled();
        if (finished.empty()) {
          if (stop || (next >= limit && running == 0)) break;
          continue;
        }
        item = std::move(finished.front());
        finished.pop_front();
      }
      if (on_result(item.first, std::move(item.second))) break;
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  if (failure) std::rethrow_exception(failure);
  return computed;
}

std::uint64_t ThreadTaskExecutor::stream(std::uint64_t limit, const TaskRequestOf& request_of,
                                         const MessageCompute& compute, const TaskResultHandler& on_result) {
  return stream_tasks(
      0, limit,
      [&](std::uint64_t k) {
        TaskRequest r = request_of(k);
        return r.known ? std::move(*r.known) : compute(r.message);
      },
      on_result, settings_);
}

}  // namespace jimsim
