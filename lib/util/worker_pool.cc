#include "util/worker_pool.h"

#include <utility>

namespace dossier::util {

unsigned threads_beside_caller(unsigned hardware_threads) {
  return hardware_threads > 2 ? hardware_threads - 1 : 1;
}

WorkerPool::WorkerPool(unsigned threads) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  try {
    for (unsigned worker = 0; worker < threads; ++worker) {
      threads_.emplace_back([this, worker] { run(worker); });
    }
  } catch (...) {
    // A std::thread still joinable at destruction would call std::terminate.
    stop();
    throw;
  }
}

WorkerPool::~WorkerPool() {
  wait_discarding_errors();
  stop();
}

void WorkerPool::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  job_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
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
  if (job_error_) std::rethrow_exception(std::exchange(job_error_, nullptr));
}

void WorkerPool::wait_discarding_errors() noexcept {
  std::unique_lock lock(mutex_);
  job_done_.wait(lock, [this] { return running_ == 0; });
  job_error_ = nullptr;
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
    std::exception_ptr error;
    try {
      (*job)(worker);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      if (error && !job_error_) job_error_ = std::move(error);
      if (--running_ == 0) job_done_.notify_all();
    }
  }
}

}  // namespace dossier::util
