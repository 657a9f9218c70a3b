#include "exec/mpi_task_stream.hpp"

#ifdef JIMSIM_WITH_MPI
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <mutex>
#include <stdexcept>
#include <thread>
#endif

namespace jimsim {

#ifndef JIMSIM_WITH_MPI

MpiTaskExecutor::MpiTaskExecutor(const MpiSession& session, const std::atomic<bool>* cancel)
    : session_(session), cancel_(cancel) {}
MpiTaskExecutor::~MpiTaskExecutor() = default;
std::uint64_t MpiTaskExecutor::stream(std::uint64_t limit, const TaskRequestOf& request_of,
                                      const MessageCompute& compute, const TaskResultHandler& on_result) {
  return ThreadTaskExecutor({1, cancel_}).stream(limit, request_of, compute, on_result);
}
void MpiTaskExecutor::finish() {}
void mpi_serve_tasks(const MpiSession&, const MessageCompute&) {}

#else

namespace {

// Tags: a worker asks with `want`; rank 0 answers with a `task` (stream number, task number,
// message) or, once the job is over, `over`. Results come back as `answer` (stream number, task
// number, result) or `failure` (the error text). A worker keeps two requests out so it never idles
// while rank 0 answers; rank 0 looks for messages every millisecond.
enum Tag : int { want = 11, task_tag = 12, over = 13, answer = 14, failure = 15, gone = 16 };
constexpr int requests_in_flight = 2;

void send_doubles(const std::vector<double>& values, int rank, int tag) {
  MPI_Send(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, rank, tag, MPI_COMM_WORLD);
}

std::vector<double> receive_doubles(const MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_DOUBLE, &count);
  std::vector<double> values(static_cast<std::size_t>(count));
  MPI_Recv(values.data(), count, MPI_DOUBLE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return values;
}

// Task numbers travel as two 32-bit halves, exact in doubles.
void put_task(std::vector<double>& v, double stream, std::uint64_t k) {
  v.insert(v.begin(), {stream, static_cast<double>(k & 0xFFFFFFFFu), static_cast<double>(k >> 32)});
}
std::uint64_t task_of(const std::vector<double>& v) {
  return static_cast<std::uint64_t>(v[1]) | (static_cast<std::uint64_t>(v[2]) << 32);
}

}  // namespace

MpiTaskExecutor::MpiTaskExecutor(const MpiSession& session, const std::atomic<bool>* cancel)
    : session_(session), cancel_(cancel) {}

MpiTaskExecutor::~MpiTaskExecutor() {
  try {
    finish();
  } catch (...) {
  }
}

std::uint64_t MpiTaskExecutor::stream(std::uint64_t limit, const TaskRequestOf& request_of,
                                      const MessageCompute& compute, const TaskResultHandler& on_result) {
  stream_number_ += 1;
  const double current = stream_number_;
  std::uint64_t next = 0, computed = 0;
  bool satisfied = false;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<std::uint64_t, std::vector<double>>> local_results;
  std::exception_ptr local_failure;
  bool stop_local = false;
  // Tasks already known (from a journal) are delivered here without computing.
  std::deque<std::pair<std::uint64_t, std::vector<double>>> known;
  bool local_busy = false;
  // The next task with a message to compute, or nothing when the stream has no more. For the local
  // thread it is marked busy under the same lock: marked after it, the main thread could see every
  // task taken, none out and the local thread idle, and end the stream without the last result.
  const auto take = [&](bool local_thread) -> std::optional<std::pair<std::uint64_t, std::vector<double>>> {
    std::lock_guard lock(mutex);
    while (!stop_local && next < limit) {
      const std::uint64_t k = next++;
      TaskRequest r = request_of(k);
      if (r.known) {
        known.emplace_back(k, std::move(*r.known));
        continue;
      }
      if (local_thread) local_busy = true;
      return std::make_pair(k, std::move(r.message));
    }
    return std::nullopt;
  };
  std::thread local([&] {
    try {
      for (;;) {
        auto t = take(true);
        if (!t) break;
        std::vector<double> result = compute(t->second);
        std::lock_guard lock(mutex);
        local_results.emplace_back(t->first, std::move(result));
        local_busy = false;
        wake.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      local_failure = std::current_exception();
      stop_local = true;
      local_busy = false;
    }
    std::lock_guard lock(mutex);
    wake.notify_all();
  });
  const auto stop_local_thread = [&] {
    {
      std::lock_guard lock(mutex);
      stop_local = true;
    }
    local.join();
  };
  std::size_t remote = 0;  // tasks of this stream out at other ranks
  const auto give = [&](int rank) {
    std::optional<std::pair<std::uint64_t, std::vector<double>>> t;
    if (!satisfied) t = take(false);
    if (!t) {
      waiting_.push_back(rank);
      return;
    }
    put_task(t->second, current, t->first);
    send_doubles(t->second, rank, task_tag);
    ++remote;
  };
  try {
    // Ranks left waiting by the last stream get work first.
    std::vector<int> waiting;
    waiting.swap(waiting_);
    for (const int rank : waiting) give(rank);
    for (;;) {
      if (cancel_ != nullptr && cancel_->load()) throw RunCancelled();
      std::deque<std::pair<std::uint64_t, std::vector<double>>> ready;
      bool all_taken_and_back;
      {
        std::lock_guard lock(mutex);
        if (local_failure) std::rethrow_exception(local_failure);
        ready.swap(local_results);
        for (auto& k : known) ready.push_back(std::move(k));
        known.clear();
        all_taken_and_back = next >= limit && !local_busy && remote == 0;
      }
      for (auto& [k, result] : ready) {
        ++computed;
        if (!satisfied && on_result(k, std::move(result))) satisfied = true;
      }
      if (satisfied || (all_taken_and_back && ready.empty())) break;
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
      std::vector<double> message = receive_doubles(status);
      if (status.MPI_TAG == want) {
        give(status.MPI_SOURCE);
      } else if (status.MPI_TAG == answer) {
        // A result of an earlier stream arrived late: that stream had enough without it.
        if (message.front() != current) continue;
        --remote;
        ++computed;
        if (on_result(task_of(message), std::vector<double>(message.begin() + 3, message.end()))) satisfied = true;
      } else if (status.MPI_TAG == failure) {
        // The rank stops after this message, without `gone` (finish() counts it).
        failed_ranks_.push_back(status.MPI_SOURCE);
        std::string text(message.size(), '\0');
        for (std::size_t i = 0; i < message.size(); ++i) text[i] = static_cast<char>(message[i]);
        throw std::runtime_error(fmt::format("MPI rank {}: {}", status.MPI_SOURCE, text));
      }
    }
  } catch (...) {
    stop_local_thread();
    throw;
  }
  stop_local_thread();
  {
    std::lock_guard lock(mutex);
    if (local_failure) std::rethrow_exception(local_failure);
  }
  return computed;
}

void MpiTaskExecutor::finish() {
  if (finished_) return;
  finished_ = true;
  // Every worker keeps requests_in_flight requests out until told `over`; answer each, waiting
  // ones first, then drop late results until every worker has said it is gone.
  // A rank that failed is told nothing more (it may be finalising): its last request can still be
  // among the waiting ones, sent before its failure.
  const auto failed = [&](int rank) { return std::find(failed_ranks_.begin(), failed_ranks_.end(), rank) != failed_ranks_.end(); };
  for (const int rank : waiting_) {
    if (!failed(rank)) MPI_Send(nullptr, 0, MPI_DOUBLE, rank, over, MPI_COMM_WORLD);
  }
  waiting_.clear();
  // A rank that failed says so instead of `gone`: waiting for its `gone` would hang the job.
  int workers = session_.size() - 1 - static_cast<int>(failed_ranks_.size());
  while (workers > 0) {
    MPI_Status status;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    const std::vector<double> message = receive_doubles(status);
    if (status.MPI_TAG == want && !failed(status.MPI_SOURCE)) MPI_Send(nullptr, 0, MPI_DOUBLE, status.MPI_SOURCE, over, MPI_COMM_WORLD);
    if (status.MPI_TAG == failure) failed_ranks_.push_back(status.MPI_SOURCE);
    if (status.MPI_TAG == gone || status.MPI_TAG == failure) --workers;
  }
}

void mpi_serve_tasks(const MpiSession&, const MessageCompute& compute) {
  int outstanding = 0;
  const auto ask = [&] {
    MPI_Send(nullptr, 0, MPI_DOUBLE, 0, want, MPI_COMM_WORLD);
    ++outstanding;
  };
  for (int i = 0; i < requests_in_flight; ++i) ask();
  bool over_seen = false;
  while (outstanding > 0) {
    MPI_Status status;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    std::vector<double> message = receive_doubles(status);
    --outstanding;
    if (status.MPI_TAG == over) {
      over_seen = true;
      continue;
    }
    std::vector<double> result;
    try {
      result = compute(std::vector<double>(message.begin() + 3, message.end()));
    } catch (...) {
      std::string text = "an unknown error";
      try {
        throw;
      } catch (const std::exception& e) {
        text = e.what();
      } catch (...) {
      }
      send_doubles(std::vector<double>(text.begin(), text.end()), 0, failure);
      throw;
    }
    result.insert(result.begin(), message.begin(), message.begin() + 3);
    send_doubles(result, 0, answer);
    if (!over_seen) ask();
  }
  MPI_Send(nullptr, 0, MPI_DOUBLE, 0, gone, MPI_COMM_WORLD);
}

#endif

}  // namespace jimsim
