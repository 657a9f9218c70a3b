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

#include "io/unit_record.hpp"
#include "sim/replicate.hpp"
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
void MpiSession::abort(int code) const { std::exit(code); }
void mpi_coordinate_units(const MpiSession&, const RunPlan& plan, std::span<const std::size_t> units,
                          const std::atomic<bool>* cancel, const ResultHandler& on_result,
                          const FailureHandler& on_failure, const ProgressHandler& on_progress) {
  run_units(plan, units, {.threads = 1, .cancel = cancel}, on_result, on_failure, on_progress);
}
void mpi_serve_units(const MpiSession&, const RunPlan&) {}

#else

namespace {

// Message tags. A worker sends `request` with the record of the unit it finished (empty the first
// time); rank 0 answers with `unit` (the unit number) or `stop`.
enum Tag : int { request = 1, unit_tag = 2, stop = 3 };

constexpr std::uint32_t record_done = 0, record_failed = 1, record_none = 2;

// A finished unit on the wire: u64 unit, u32 status, then the encoded result or the error text.
std::vector<std::byte> pack(std::uint64_t unit, std::uint32_t status, std::span<const std::byte> payload) {
  std::vector<std::byte> bytes(12 + payload.size());
  std::memcpy(bytes.data(), &unit, 8);
  std::memcpy(bytes.data() + 8, &status, 4);
  if (!payload.empty()) std::memcpy(bytes.data() + 12, payload.data(), payload.size());
  return bytes;
}

ReplicateResult compute(const RunPlan& plan, std::size_t u) {
  const WorkUnit unit = work_unit(u, plan.points.size());
  const Parameters& p = plan.points[static_cast<std::size_t>(unit.point)].parameters;
  const auto replicate = static_cast<std::uint32_t>(unit.replicate);
  if (plan.cohort) return simulate_replicate(p, *plan.cohort, plan.seed, replicate, plan.family_records);
  return simulate_replicate(p, plan.seed, replicate, plan.family_records);
}

// A unit computed, as a record: done with its result, or failed with the error.
std::vector<std::byte> run_one(const RunPlan& plan, std::size_t u) {
  try {
    const auto result = compute(plan, u);
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
    while (const auto u = take()) {
      auto record = run_one(plan, *u);
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

  int active_workers = session.size() - 1;
  try {
    while (done < units.size() || active_workers > 0) {
      if (cancel != nullptr && cancel->load()) throw RunCancelled();
      // Results of the local thread.
      std::deque<std::vector<std::byte>> ready;
      {
        std::lock_guard lock(mutex);
        ready.swap(local_results);
      }
      for (const auto& record : ready) deliver(record);
      // Requests from the other ranks.
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, request, MPI_COMM_WORLD, &flag, &status);
      if (!flag) {
        if (ready.empty()) {
          std::unique_lock lock(mutex);
          wake.wait_for(lock, std::chrono::microseconds(200));
        }
        continue;
      }
      int bytes = 0;
      MPI_Get_count(&status, MPI_BYTE, &bytes);
      std::vector<std::byte> record(static_cast<std::size_t>(bytes));
      MPI_Recv(record.data(), bytes, MPI_BYTE, status.MPI_SOURCE, request, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (record.size() >= 12) deliver(record);
      if (const auto u = take()) {
        const std::uint64_t unit = *u;
        MPI_Send(&unit, 1, MPI_UINT64_T, status.MPI_SOURCE, unit_tag, MPI_COMM_WORLD);
      } else {
        MPI_Send(nullptr, 0, MPI_BYTE, status.MPI_SOURCE, stop, MPI_COMM_WORLD);
        --active_workers;
      }
    }
  } catch (...) {
    finish_local();
    throw;
  }
  finish_local();
}

void mpi_serve_units(const MpiSession&, const RunPlan& plan) {
  std::vector<std::byte> record;  // the first request carries no result
  for (;;) {
    MPI_Send(record.data(), static_cast<int>(record.size()), MPI_BYTE, 0, request, MPI_COMM_WORLD);
    MPI_Status status;
    std::uint64_t unit = 0;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == stop) {
      MPI_Recv(nullptr, 0, MPI_BYTE, 0, stop, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      return;
    }
    MPI_Recv(&unit, 1, MPI_UINT64_T, 0, unit_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    record = run_one(plan, static_cast<std::size_t>(unit));
  }
}

#endif

}  // namespace jimsim
