// A fixed set of threads that run one job together, so the caller can do other
// work (apply the previous batch to the index) while they analyse the next.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dossier::util {

// Thread-safety: start() and wait() must be called from one thread (the owner).
class WorkerPool {
 public:
  // At least one thread. If a thread cannot be started, the ones already
  // running are stopped and joined before the exception leaves.
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

  // Runs job(worker_index) once on every worker; returns at once. Waits for
  // the previous job first (and rethrows what it threw, see wait()).
  void start(std::function<void(unsigned worker)> job);

  // Blocks until the job last started has finished on every worker. If the
  // job threw on any worker, rethrows the first exception here, on the
  // owner's thread, once.
  void wait();

  // As wait(), but drops an exception instead of rethrowing it.
  void wait_discarding_errors() noexcept;

 private:
  void run(unsigned worker);
  void stop() noexcept;

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable job_done_;
  std::function<void(unsigned)> job_;
  std::exception_ptr job_error_;  // the first exception the job threw
  unsigned long generation_ = 0;
  unsigned running_ = 0;
  bool stopping_ = false;
};

// Worker threads for a pool whose owner keeps a core for itself: one fewer
// than `hardware_threads` (std::thread::hardware_concurrency(), which may be
// 0 when unknown), and at least one.
unsigned threads_beside_caller(unsigned hardware_threads);

}  // namespace dossier::util
