// A fixed set of threads that run one job together, so the caller can do other
// work (apply the previous batch to the index) while they analyse the next.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dossier::util {

// Thread-safety: start() and wait() must be called from one thread (the owner).
class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

  // Runs job(worker_index) once on every worker; returns at once. A job must
  // not throw. Waits for the previous job first.
  void start(std::function<void(unsigned worker)> job);

  // Blocks until the job last started has finished on every worker.
  void wait();

 private:
  void run(unsigned worker);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable job_done_;
  std::function<void(unsigned)> job_;
  unsigned long generation_ = 0;
  unsigned running_ = 0;
  bool stopping_ = false;
};

}  // namespace dossier::util
