// What every Searcher of an index in the process shares: the latest value
// derived from the index (its entity column, its representatives), one per
// index, made or extended by one caller while the others of that index wait.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dossier::util {

// T has `revision()`: the index revision the value was derived from.
// Thread-safe. Meant to live for the whole process (a Searcher may still
// search while static destructors run), so make it with `new` and keep it.
template <typename T>
class LatestPerIndex {
 public:
  // The value for one caller of index `index_uuid`: the latest one when
  // `serves(latest)` says it answers the caller as it is; else
  // `make(latest)` (latest may be null), which becomes the latest when it is
  // of a newer revision. A caller still on an older revision gets its own
  // value, uncached.
  template <typename Serves, typename Make>
  std::shared_ptr<const T> get(const std::string& index_uuid, Serves&& serves, Make&& make) {
    std::shared_ptr<Slot> slot;
    {
      std::lock_guard lock(mutex_);
      std::shared_ptr<Slot>& found = slots_[index_uuid];
      if (!found) found = std::make_shared<Slot>();
      slot = found;
    }
    std::lock_guard lock(slot->mutex);
    const std::shared_ptr<const T>& latest = slot->latest;
    if (latest && serves(*latest)) return latest;
    std::shared_ptr<const T> made = make(latest);
    if (!latest || made->revision() > latest->revision()) slot->latest = made;
    return made;
  }

 private:
  struct Slot {
    std::mutex mutex;  // held while one caller makes the index's next value
    std::shared_ptr<const T> latest;
  };
  std::mutex mutex_;  // guards slots_ only
  std::unordered_map<std::string, std::shared_ptr<Slot>> slots_;
};

}  // namespace dossier::util
