// A worker rank that fails in the middle of a task stream (a calibration's generation): rank 0 must
// report that rank's error, naming the rank, and end the job; it must not wait for the failed rank
// for ever. Run under `mpirun -n 3` by ctest (mpi_failing_worker_is_reported) with a time limit, so
// a hang fails the test. Rank 2 fails on its first task; rank 1 and rank 0's own thread compute
// tasks that take a millisecond each and are never enough, so only the failure can end the stream.
//
// Every rank exits 0 when it behaved as it should: rank 0 caught "MPI rank 2: ..." and released the
// others, rank 2's serve loop rethrew its own failure, rank 1 was told the job is over.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "exec/mpi_executor.hpp"
#include "exec/mpi_task_stream.hpp"

using namespace jimsim;

namespace {

constexpr int failing_rank = 2;
constexpr const char* planted_error = "planted failure in a worker's task";

int coordinate(const MpiSession& session, const MessageCompute& compute) {
  MpiTaskExecutor executor(session, nullptr);
  std::uint64_t results = 0;
  try {
    executor.stream(
        1'000'000, [](std::uint64_t task) { return TaskRequest{std::nullopt, {static_cast<double>(task)}}; }, compute,
        [&](std::uint64_t, std::vector<double>&&) {
          ++results;
          return false;  // never enough: only the failure ends the stream
        });
  } catch (const std::exception& e) {
    const std::string expected = "MPI rank " + std::to_string(failing_rank) + ": " + planted_error;
    if (e.what() != expected) {
      std::fprintf(stderr, "rank 0: expected \"%s\", caught \"%s\"\n", expected.c_str(), e.what());
      return 1;
    }
    executor.finish();  // releases rank 1, and must not wait for rank 2
    std::printf("rank 0 caught \"%s\" after %llu results and released the other ranks\n", e.what(),
                static_cast<unsigned long long>(results));
    return 0;
  }
  std::fprintf(stderr, "rank 0: the stream ended without the worker's failure\n");
  return 1;
}

int serve(const MpiSession& session, const MessageCompute& compute) {
  try {
    mpi_serve_tasks(session, compute);
  } catch (const std::exception& e) {
    if (session.rank() == failing_rank && e.what() == std::string(planted_error)) return 0;
    std::fprintf(stderr, "rank %d: unexpected failure \"%s\"\n", session.rank(), e.what());
    return 1;
  }
  if (session.rank() == failing_rank) {
    std::fprintf(stderr, "rank %d: served without failing\n", session.rank());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession session(argc, argv);
  if (session.size() <= failing_rank) {
    std::fprintf(stderr, "run with at least %d ranks\n", failing_rank + 1);
    return 1;
  }
  const MessageCompute compute = [&](const std::vector<double>& message) {
    if (session.rank() == failing_rank) throw std::runtime_error(planted_error);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::vector<double>{2.0 * message.at(0)};
  };
  return session.rank() == 0 ? coordinate(session, compute) : serve(session, compute);
}
