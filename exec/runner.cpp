#include "exec/runner.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "sim/replicate.hpp"

namespace jimsim {

int resolve_thread_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool core_free_beside(int requested) {
  // The cores this process may run on (a Slurm allocation or taskset narrows them), not the machine's.
  cpu_set_t cores;
  CPU_ZERO(&cores);
  const int available = sched_getaffinity(0, sizeof cores, &cores) == 0 ? CPU_COUNT(&cores)
                                                                      : static_cast<int>(std::thread::hardware_concurrency());
  return requested > 0 && requested < available;
}

ReplicateResult simulate_unit(const RunPlan& plan, const WorkUnit& unit, ReplicateWorkspace& workspace) {
  const Parameters p = unit_parameters(plan, unit);
  const auto replicate = static_cast<std::uint32_t>(unit.replicate);
  if (plan.cohort) return simulate_replicate(p, *plan.cohort, plan.seed, replicate, plan.family_records, workspace);
  return simulate_replicate(p, plan.seed, replicate, plan.family_records, workspace);
}

void run_replicates(const RunPlan& plan, const ExecutorSettings& settings, const ResultHandler& on_result,
                    const ProgressHandler& on_progress) {
  std::vector<std::size_t> all(plan.unit_count());
  for (std::size_t u = 0; u < all.size(); ++u) all[u] = u;
  run_units(plan, all, settings, on_result, {}, on_progress);
}

void run_units(const RunPlan& plan, std::span<const std::size_t> units, const ExecutorSettings& settings,
               const ResultHandler& on_result, const FailureHandler& on_failure, const ProgressHandler& on_progress) {
  const std::size_t total = units.size();
  if (total == 0) return;
  const auto threads = static_cast<std::size_t>(std::min<std::size_t>(resolve_thread_count(settings.threads), total));
  // Units finished ahead of the one being handed back wait in a ring of slots; workers do not start
  // a unit that would overrun it, so memory is bounded by the window, not by the run.
  const std::size_t window = 4 * threads;

  std::mutex mutex;
  std::condition_variable work_room;  // workers wait here for room in the window
  std::condition_variable units_ready;  // the calling thread waits here for the units it hands back next
  // A slot holds a unit's result or, when the unit failed and failures are handed on, its error.
  struct Slot {
    std::optional<ReplicateResult> result;
    std::optional<std::string> error;
    bool filled() const { return result.has_value() || error.has_value(); }
  };
  std::vector<Slot> slots(window);
  std::size_t next_unit = 0;  // next unit a worker will take
  std::size_t delivered = 0;  // units handed to on_result
  std::exception_ptr failure;
  bool stop = false;
  // The calling thread sleeps until the next units of the window are done, all but one per thread
  // (which the workers go on with meanwhile), not the next unit, and a worker wakes it only then: a
  // wake per unit (a futex call on the worker's own time and, on a virtual machine, an interrupt
  // from core to core) was 1.6% of a one-thread run of 500 families.
  const std::size_t batch = window - threads;
  std::size_t wanted_from = 0, wanted_to = 0;  // units [from, to) it waits for; none when not waiting
  const auto wanted_done = [&] {
    for (std::size_t u = wanted_from; u < wanted_to; ++u) {
      if (!slots[u % window].filled()) return false;
    }
    return true;
  };
  // Under the lock, after a slot is filled or the run stopped: whether the calling thread can go on.
  const auto caller_can_go_on = [&] { return stop || (wanted_from < wanted_to && wanted_done()); };

  const auto compute = [&](std::size_t i, ReplicateWorkspace& workspace) {
    return simulate_unit(plan, work_unit(units[i], plan.points.size()), workspace);
  };

  const auto cancelled = [&] { return settings.cancel != nullptr && settings.cancel->load(); };

  const auto worker = [&] {
    ReplicateWorkspace workspace;
    for (;;) {
      std::size_t u;
      {
        std::unique_lock lock(mutex);
        work_room.wait(lock, [&] { return stop || next_unit >= total || next_unit < delivered + window; });
        if (cancelled()) stop = true;  // and wake the calling thread, which may wait for this unit
        if (stop || next_unit >= total) {
          lock.unlock();
          work_room.notify_all();
          units_ready.notify_all();
          return;
        }
        u = next_unit++;
      }
      // Read under the lock, acted on after it.
      bool wake_caller = false, stopped = false;
      try {
        ReplicateResult result = compute(u, workspace);
        std::lock_guard lock(mutex);
        slots[u % window].result = std::move(result);
        wake_caller = caller_can_go_on();
        stopped = stop;
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        if (on_failure) {
          slots[u % window].error = e.what();
        } else {
          if (!failure) failure = std::current_exception();
          stop = true;
        }
        wake_caller = caller_can_go_on();
        stopped = stop;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        wake_caller = stopped = true;
      }
      if (wake_caller) units_ready.notify_all();
      if (stopped) work_room.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);

  const auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    work_room.notify_all();
    for (auto& t : pool) t.join();
  };

  try {
    for (std::size_t u = 0; u < total; ++u) {
      Slot slot;
      {
        std::unique_lock lock(mutex);
        if (!slots[u % window].filled()) {
          wanted_from = u;
          wanted_to = std::min(u + batch, total);
          units_ready.wait(lock, [&] { return stop || wanted_done(); });
          wanted_to = wanted_from;
        }
        if (!slots[u % window].filled()) break;  // stopped by a failing unit
        slot = std::move(slots[u % window]);
        slots[u % window] = Slot{};
      }
      if (cancelled()) throw RunCancelled();
      const WorkUnit unit = work_unit(units[u], plan.points.size());
      if (slot.result) {
        on_result(unit, std::move(*slot.result));
      } else {
        on_failure(unit, *slot.error);
      }
      {
        std::lock_guard lock(mutex);
        delivered = u + 1;
      }
      work_room.notify_all();  // no system call when no worker waits
      if (on_progress) on_progress(u + 1, total);
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  if (failure) std::rethrow_exception(failure);
  if (cancelled()) throw RunCancelled();
}

}  // namespace jimsim
