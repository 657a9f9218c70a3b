// Task streams over the ranks of an MPI job, for work whose next tasks depend on the last results
// (a calibration's generations). Rank 0 owns the stream: it turns task numbers into messages,
// computes tasks itself on a second thread, hands messages to the other ranks as they ask, and
// gets every result back. The other ranks serve messages for the whole job, stream after stream,
// until rank 0 finishes. Results carry their stream's number, so a result that arrives after its
// stream had enough is dropped, never counted in the next.
#pragma once

#include <atomic>
#include <vector>

#include "exec/mpi_executor.hpp"
#include "exec/task_stream.hpp"

namespace jimsim {

// Rank 0's side. `finish` (or the destructor) releases the other ranks.
class MpiTaskExecutor : public TaskExecutor {
 public:
  MpiTaskExecutor(const MpiSession& session, const std::atomic<bool>* cancel);
  ~MpiTaskExecutor() override;
  std::uint64_t stream(std::uint64_t limit, const TaskRequestOf& request_of, const MessageCompute& compute,
                       const TaskResultHandler& on_result) override;
  void finish();

 private:
  const MpiSession& session_;
  const std::atomic<bool>* cancel_;
  double stream_number_ = 0;
  std::vector<int> waiting_;  // ranks whose request came when no task was left to give
  bool finished_ = false;
  std::vector<int> failed_ranks_;  // reported a failure: they stop, without saying `gone`
};

// Every other rank: computes the messages rank 0 sends until it finishes. Throws when a message
// cannot be computed (after telling rank 0, which stops the job with the error).
void mpi_serve_tasks(const MpiSession& session, const MessageCompute& compute);

}  // namespace jimsim
