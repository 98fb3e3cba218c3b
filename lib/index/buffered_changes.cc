#include "index/buffered_changes.h"

#include "index/schema.h"

namespace dossier::index {

void BufferedChanges::after_batch(Xapian::WritableDatabase& database, std::size_t articles,
                                  const SpellingCounts& spelling_words) {
  for (const auto& [word, articles_with_word] : spelling_words) {
    std::string owned(word);
    database.add_spelling(owned, articles_with_word);
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
