#include "index/buffered_changes.h"

#include "index/schema.h"

namespace dossier::index {

void BufferedChanges::after_batch(Xapian::WritableDatabase& database, std::size_t articles,
                                  const SpellingCounts& spelling_words) {
  for (const auto& [word, change] : spelling_words) {
    if (change == 0) continue;  // an article replaced by one with the word too
    std::string owned(word);
    if (change > 0) {
      database.add_spelling(owned, static_cast<Xapian::termcount>(change));
    } else {
      database.remove_spelling(owned, static_cast<Xapian::termcount>(-change));
    }
    unflushed_words_.insert(std::move(owned));
  }
  unflushed_articles_ += articles;
  if (unflushed_articles_ >= articles_per_value_flush_) {
    // Opening a value stream merges every slot's pending changes (see above).
    database.valuestream_begin(kSummarySlot);
    unflushed_articles_ = 0;
  }
  if (unflushed_words_.size() >= spelling_words_per_flush_) {
    database.spellings_begin();  // merges the spelling table's pending changes
    unflushed_words_.clear();
  }
}

}  // namespace dossier::index
