// An open-ended stream of numbered tasks on threads: task 0, 1, 2, ... are handed out in order and
// their results handed back on the calling thread as they finish, until the caller has what it
// needs. A calibration's generation is such a stream: it needs proposals until N of them pass the
// tolerance, which nobody knows in advance. Which results the caller keeps must not depend on the
// order they arrive in (the caller decides by task number), so the thread count changes only the
// speed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "exec/runner.hpp"

namespace jimsim {

using TaskCompute = std::function<std::vector<double>(std::uint64_t task)>;
// Called on the calling thread with each finished task; returns true when no further task is needed.
using TaskResultHandler = std::function<bool(std::uint64_t task, std::vector<double>&& result)>;

// Runs tasks first, first + 1, ... below `limit` until `on_result` returns true or every task has
// run. At most one task per thread is in flight; tasks still running when the caller is satisfied
// are awaited and their results dropped. Returns the number of tasks computed (kept or dropped). An
// exception from a task or the handler stops the stream and is rethrown; cancellation (settings.cancel)
// throws RunCancelled.
std::uint64_t stream_tasks(std::uint64_t first, std::uint64_t limit, const TaskCompute& compute,
                           const TaskResultHandler& on_result, const ExecutorSettings& settings);

// A task as any worker, in any process, can compute it: a self-contained message, or its result
// when it is already known (taken from a journal).
struct TaskRequest {
  std::optional<std::vector<double>> known;
  std::vector<double> message;
};
using TaskRequestOf = std::function<TaskRequest(std::uint64_t task)>;
using MessageCompute = std::function<std::vector<double>(const std::vector<double>& message)>;

// Where the tasks of a stream run: threads of this process, or the ranks of an MPI job
// (exec/mpi_task_stream.hpp). `request_of` may be called on any thread; `on_result` is called on
// the calling thread, in the order results arrive.
class TaskExecutor {
 public:
  virtual ~TaskExecutor() = default;
  // Tasks 0 .. limit - 1 until `on_result` returns true; returns the tasks computed.
  virtual std::uint64_t stream(std::uint64_t limit, const TaskRequestOf& request_of, const MessageCompute& compute,
                               const TaskResultHandler& on_result) = 0;
};

class ThreadTaskExecutor : public TaskExecutor {
 public:
  explicit ThreadTaskExecutor(ExecutorSettings settings) : settings_(settings) {}
  std::uint64_t stream(std::uint64_t limit, const TaskRequestOf& request_of, const MessageCompute& compute,
                       const TaskResultHandler& on_result) override;

 private:
  ExecutorSettings settings_;
};

}  // namespace jimsim
