#include "util/worker_pool.h"

namespace dossier::util {

WorkerPool::WorkerPool(unsigned threads) {
  if (threads == 0) threads = 1;
  for (unsigned worker = 0; worker < threads; ++worker) {
    threads_.emplace_back([this, worker] { run(worker); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  job_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::start(std::function<void(unsigned)> job) {
  wait();
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
    running_ = size();
    ++generation_;
  }
  job_ready_.notify_all();
}

void WorkerPool::wait() {
  std::unique_lock lock(mutex_);
  job_done_.wait(lock, [this] { return running_ == 0; });
}

void WorkerPool::run(unsigned worker) {
  unsigned long seen = 0;
  while (true) {
    std::function<void(unsigned)>* job;
    {
      std::unique_lock lock(mutex_);
      job_ready_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      job = &job_;
    }
    (*job)(worker);
    {
      std::lock_guard lock(mutex_);
      if (--running_ == 0) job_done_.notify_all();
    }
  }
}

}  // namespace dossier::util
