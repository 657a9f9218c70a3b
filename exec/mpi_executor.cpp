#include "exec/mpi_executor.hpp"

#include <cstdlib>

#ifdef JIMSIM_WITH_MPI
#include <mpi.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "exec/runner.hpp"
#include "io/unit_record.hpp"
#endif

namespace jimsim {

bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

#ifndef JIMSIM_WITH_MPI

bool mpi_available() { return false; }
MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
int MpiSession::max_over_ranks(int value) const { return value; }
int MpiSession::from_rank0(int value) const { return value; }
MpiSession::StartAgreement MpiSession::agree_on_start(int code) const {
  agreed_ = true;
  return {code, code};
}
bool MpiSession::same_on_all_ranks(const std::string&) const { return true; }
void MpiSession::abort(int code) const { std::exit(code); }
void mpi_coordinate_units(const MpiSession&, const RunPlan& plan, std::span<const std::size_t> units,
                          const std::atomic<bool>* cancel, const ResultHandler& on_result,
                          const FailureHandler& on_failure, const ProgressHandler& on_progress) {
  run_units(plan, units, {.threads = 1, .cancel = cancel}, on_result, on_failure, on_progress);
}
void mpi_serve_units(const MpiSession&, const RunPlan&) {}

#else

namespace {

// Message tags. A worker asks for units with `request` and rank 0 answers each request with `unit`
// (the unit number) or `stop`; finished units come back as `result` records; a worker that has its
// last answer and sent its last result says `done`. A worker keeps a few requests out, so it computes
// its next units while rank 0 answers instead of waiting for every answer, and rank 0 can look for
// messages every millisecond rather than spin (polling MPI costs the cores the units need).
enum Tag : int { request = 1, unit_tag = 2, stop = 3, result = 4, done_tag = 5 };
constexpr int units_in_flight = 4;

constexpr std::uint32_t record_done = 0, record_failed = 1, record_none = 2;

// A finished unit on the wire: u64 unit, u32 status, then the encoded result or the error text.
std::vector<std::byte> pack(std::uint64_t unit, std::uint32_t status, std::span<const std::byte> payload) {
  std::vector<std::byte> bytes(12 + payload.size());
  std::memcpy(bytes.data(), &unit, 8);
  std::memcpy(bytes.data() + 8, &status, 4);
  if (!payload.empty()) std::memcpy(bytes.data() + 12, payload.data(), payload.size());
  return bytes;
}

// A unit computed, as a record: done with its result, or failed with the error.
std::vector<std::byte> run_one(const RunPlan& plan, std::size_t u, ReplicateWorkspace& workspace) {
  try {
    const auto result = simulate_unit(plan, work_unit(u, plan.points.size()), workspace);
    return pack(u, record_done, encode_result(result, plan));
  } catch (const std::exception& e) {
    const std::string message = e.what();
    return pack(u, record_failed, std::as_bytes(std::span(message.data(), message.size())));
  }
}

}  // namespace

bool mpi_available() { return true; }

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

int MpiSession::max_over_ranks(int value) const {
  int out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

int MpiSession::from_rank0(int value) const {
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

MpiSession::StartAgreement MpiSession::agree_on_start(int code) const {
  agreed_ = true;
  return {max_over_ranks(code), from_rank0(code)};
}

bool MpiSession::same_on_all_ranks(const std::string& text) const {
  int length = static_cast<int>(text.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string rank0 = rank_ == 0 ? text : std::string(static_cast<std::size_t>(length), '\0');
  MPI_Bcast(rank0.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  return max_over_ranks(rank0 == text ? 0 : 1) == 0;
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

void mpi_coordinate_units(const MpiSession& session, const RunPlan& plan, std::span<const std::size_t> units,
                          const std::atomic<bool>* cancel, const ResultHandler& on_result,
                          const FailureHandler& on_failure, const ProgressHandler& on_progress) {
  std::size_t next = 0, done = 0;
  std::mutex mutex;  // guards `next` and the local thread's output
  std::condition_variable wake;
  std::deque<std::vector<std::byte>> local_results;
  bool stop_local = false;
  const auto take = [&]() -> std::optional<std::size_t> {
    std::lock_guard lock(mutex);
    if (stop_local || next >= units.size()) return std::nullopt;
    return units[next++];
  };
  // Rank 0 computes too, on its own thread, so N ranks are N workers.
  std::thread local([&] {
    ReplicateWorkspace workspace;
    while (const auto u = take()) {
      auto record = run_one(plan, *u, workspace);
      std::lock_guard lock(mutex);
      local_results.push_back(std::move(record));
      wake.notify_all();
    }
  });
  const auto finish_local = [&] {
    {
      std::lock_guard lock(mutex);
      stop_local = true;
    }
    local.join();
  };

  const auto deliver = [&](std::span<const std::byte> bytes) {
    std::uint64_t u = 0;
    std::uint32_t status = record_none;
    std::memcpy(&u, bytes.data(), 8);
    std::memcpy(&status, bytes.data() + 8, 4);
    const auto payload = bytes.subspan(12);
    const WorkUnit unit = work_unit(u, plan.points.size());
    if (status == record_done) {
      on_result(unit, decode_result(payload, plan));
    } else {
      const std::string message(reinterpret_cast<const char*>(payload.data()), payload.size());
      if (!on_failure) throw std::runtime_error(message);
      on_failure(unit, message);
    }
    ++done;
    if (on_progress) on_progress(done, units.size());
  };

  int workers_left = session.size() - 1;
  try {
    while (done < units.size() || workers_left > 0) {
      if (cancel != nullptr && cancel->load()) throw RunCancelled();
      // Results of the local thread.
      std::deque<std::vector<std::byte>> ready;
      {
        std::lock_guard lock(mutex);
        ready.swap(local_results);
      }
      for (const auto& record : ready) deliver(record);
      // Messages from the other ranks.
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
      if (!flag) {
        if (ready.empty()) {
          std::unique_lock lock(mutex);
          wake.wait_for(lock, std::chrono::milliseconds(1));
        }
        continue;
      }
      int bytes = 0;
      MPI_Get_count(&status, MPI_BYTE, &bytes);
      std::vector<std::byte> message(static_cast<std::size_t>(bytes));
      MPI_Recv(message.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (status.MPI_TAG == result) {
        deliver(message);
      } else if (status.MPI_TAG == request) {
        if (const auto u = take()) {
          const std::uint64_t unit = *u;
          MPI_Send(&unit, 1, MPI_UINT64_T, status.MPI_SOURCE, unit_tag, MPI_COMM_WORLD);
        } else {
          MPI_Send(nullptr, 0, MPI_BYTE, status.MPI_SOURCE, stop, MPI_COMM_WORLD);
        }
      } else if (status.MPI_TAG == done_tag) {
        --workers_left;
      }
    }
  } catch (...) {
    finish_local();
    throw;
  }
  finish_local();
}

void mpi_serve_units(const MpiSession&, const RunPlan& plan) {
  std::deque<std::uint64_t> queue;
  ReplicateWorkspace workspace;  // this rank's, reused unit after unit
  int outstanding = 0;
  bool stopped = false;
  const auto ask = [&] {
    MPI_Send(nullptr, 0, MPI_BYTE, 0, request, MPI_COMM_WORLD);
    ++outstanding;
  };
  const auto receive_answer = [&] {
    MPI_Status status;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    std::uint64_t unit = 0;
    if (status.MPI_TAG == unit_tag) {
      MPI_Recv(&unit, 1, MPI_UINT64_T, 0, unit_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      queue.push_back(unit);
    } else {
      MPI_Recv(nullptr, 0, MPI_BYTE, 0, stop, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      stopped = true;
    }
    --outstanding;
  };
  for (int i = 0; i < units_in_flight; ++i) ask();
  for (;;) {
    // Answers that have arrived, and, with nothing to do, the next one.
    for (;;) {
      if (outstanding == 0) break;
      int flag = 0;
      if (!queue.empty()) MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (!queue.empty() && !flag) break;
      receive_answer();
    }
    if (queue.empty()) break;  // every request answered, the last with stop
    const std::uint64_t unit = queue.front();
    queue.pop_front();
    const auto record = run_one(plan, static_cast<std::size_t>(unit), workspace);
    MPI_Send(record.data(), static_cast<int>(record.size()), MPI_BYTE, 0, result, MPI_COMM_WORLD);
    if (!stopped) ask();
  }
  MPI_Send(nullptr, 0, MPI_BYTE, 0, done_tag, MPI_COMM_WORLD);
}

#endif

}  // namespace jimsim
