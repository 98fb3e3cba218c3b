#include "search/match_walk.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dossier::search {

// A stream of docids in ascending order, positioned on its first one when
// made. docid() is valid while !at_end().
class MatchCursor {
 public:
  virtual ~MatchCursor() = default;
  virtual bool at_end() const = 0;
  virtual Xapian::docid docid() const = 0;
  virtual void next() = 0;
  // Moves to the first docid >= target (stays put when already there).
  virtual void skip_to(Xapian::docid target) = 0;
  // How many docids the stream holds in all, when known without walking it.
  virtual std::optional<Xapian::doccount> known_size() const { return std::nullopt; }
  // The docids from here on into `docids` (up to its size), moving past
  // them; returns how many.
  virtual std::size_t fill(std::span<Xapian::docid> docids) {
    std::size_t filled = 0;
    for (; filled < docids.size() && !at_end(); next()) docids[filled++] = docid();
    return filled;
  }
};

namespace {

using Cursors = std::vector<std::unique_ptr<MatchCursor>>;

class PostingCursor final : public MatchCursor {
 public:
  PostingCursor(const Xapian::Database& database, const std::string& term)
      : at_(database.postlist_begin(term)),
        end_(database.postlist_end(term)),
        size_(term.empty() ? database.get_doccount() : database.get_termfreq(term)) {}
  bool at_end() const override { return at_ == end_; }
  Xapian::docid docid() const override { return *at_; }
  void next() override { ++at_; }
  void skip_to(Xapian::docid target) override { at_.skip_to(target); }
  std::optional<Xapian::doccount> known_size() const override { return size_; }
  // A single term's matches (the commonest query) with no call per match
  // beyond Xapian's own.
  std::size_t fill(std::span<Xapian::docid> docids) override {
    std::size_t filled = 0;
    for (; filled < docids.size() && at_ != end_; ++at_) docids[filled++] = *at_;
    return filled;
  }

 private:
  Xapian::PostingIterator at_, end_;
  Xapian::doccount size_;  // a term's frequency is exact on a local database
};

class EmptyCursor final : public MatchCursor {
 public:
  bool at_end() const override { return true; }
  Xapian::docid docid() const override { return 0; }
  void next() override {}
  void skip_to(Xapian::docid) override {}
  std::optional<Xapian::doccount> known_size() const override { return 0; }
};

// Documents every child has: each child leaps to the furthest one's docid.
class AndCursor final : public MatchCursor {
 public:
  explicit AndCursor(Cursors children) : children_(std::move(children)) { settle(); }
  bool at_end() const override { return ended_; }
  Xapian::docid docid() const override { return children_.front()->docid(); }
  void next() override {
    children_.front()->next();
    settle();
  }
  void skip_to(Xapian::docid target) override {
    children_.front()->skip_to(target);
    settle();
  }

 private:
  void settle() {
    for (;;) {
      Xapian::docid target = 0;
      for (auto& child : children_) {
        if (child->at_end()) {
          ended_ = true;
          return;
        }
        target = std::max(target, child->docid());
      }
      bool agreed = true;
      for (auto& child : children_) {
        child->skip_to(target);
        if (child->at_end()) {
          ended_ = true;
          return;
        }
        agreed = agreed && child->docid() == target;
      }
      if (agreed) return;
    }
  }

  Cursors children_;
  bool ended_ = false;
};

// Documents any child has.
class OrCursor final : public MatchCursor {
 public:
  explicit OrCursor(Cursors children) : children_(std::move(children)) { settle(); }
  bool at_end() const override { return current_ == 0; }
  Xapian::docid docid() const override { return current_; }
  void next() override {
    for (auto& child : children_) {
      if (!child->at_end() && child->docid() == current_) child->next();
    }
    settle();
  }
  void skip_to(Xapian::docid target) override {
    for (auto& child : children_) {
      if (!child->at_end()) child->skip_to(target);
    }
    settle();
  }

 private:
  void settle() {  // current_ = the smallest docid of any child; 0 at the end
    current_ = 0;
    for (auto& child : children_) {
      if (!child->at_end() && (current_ == 0 || child->docid() < current_)) {
        current_ = child->docid();
      }
    }
  }

  Cursors children_;
  Xapian::docid current_ = 0;
};

// Documents `kept` has and `dropped` has not.
class AndNotCursor final : public MatchCursor {
 public:
  AndNotCursor(std::unique_ptr<MatchCursor> kept, std::unique_ptr<MatchCursor> dropped)
      : kept_(std::move(kept)), dropped_(std::move(dropped)) {
    settle();
  }
  bool at_end() const override { return kept_->at_end(); }
  Xapian::docid docid() const override { return kept_->docid(); }
  void next() override {
    kept_->next();
    settle();
  }
  void skip_to(Xapian::docid target) override {
    kept_->skip_to(target);
    settle();
  }

 private:
  void settle() {
    while (!kept_->at_end()) {
      dropped_->skip_to(kept_->docid());
      if (dropped_->at_end() || dropped_->docid() != kept_->docid()) return;
      kept_->next();
    }
  }

  std::unique_ptr<MatchCursor> kept_, dropped_;
};

std::unique_ptr<MatchCursor> compile(const Xapian::Database& database, const Xapian::Query& query);

// The subqueries from `first` on, compiled; empty when one cannot be.
Cursors compile_children(const Xapian::Database& database, const Xapian::Query& query,
                         std::size_t first = 0) {
  Cursors children;
  for (std::size_t i = first; i < query.get_num_subqueries(); ++i) {
    auto child = compile(database, query.get_subquery(i));
    if (!child) return {};
    children.push_back(std::move(child));
  }
  return children;
}

std::unique_ptr<MatchCursor> compile(const Xapian::Database& database, const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return std::make_unique<PostingCursor>(database, *query.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_ALL:
      return std::make_unique<PostingCursor>(database, std::string());
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return std::make_unique<EmptyCursor>();
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER: {
      Cursors children = compile_children(database, query);
      if (children.empty()) return nullptr;
      return std::make_unique<AndCursor>(std::move(children));
    }
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM: {
      Cursors children = compile_children(database, query);
      if (children.empty()) return nullptr;
      return std::make_unique<OrCursor>(std::move(children));
    }
    case Xapian::Query::OP_AND_NOT: {
      if (query.get_num_subqueries() < 2) return nullptr;
      auto kept = compile(database, query.get_subquery(0));
      Cursors dropped = compile_children(database, query, 1);
      if (!kept || dropped.empty()) return nullptr;
      return std::make_unique<AndNotCursor>(std::move(kept),
                                            std::make_unique<OrCursor>(std::move(dropped)));
    }
    case Xapian::Query::OP_AND_MAYBE:  // the optional part only weighs
    case Xapian::Query::OP_SCALE_WEIGHT:
      if (query.get_num_subqueries() < 1) return nullptr;
      return compile(database, query.get_subquery(0));
    default:
      return nullptr;
  }
}

}  // namespace

MatchWalk::MatchWalk(std::unique_ptr<MatchCursor> root) : root_(std::move(root)) {}
MatchWalk::~MatchWalk() = default;

std::unique_ptr<MatchWalk> MatchWalk::Compile(const Xapian::Database& database,
                                              const Xapian::Query& query) {
  auto root = compile(database, query);
  if (!root) return nullptr;
  return std::unique_ptr<MatchWalk>(new MatchWalk(std::move(root)));
}

Xapian::doccount MatchWalk::for_each(const std::function<void(Xapian::docid)>& on_match) {
  Xapian::doccount matches = 0;
  for (; !root_->at_end(); root_->next()) {
    on_match(root_->docid());
    ++matches;
  }
  return matches;
}

std::size_t MatchWalk::next_batch(std::span<Xapian::docid> docids) { return root_->fill(docids); }

std::optional<Xapian::doccount> MatchWalk::known_matches() const { return root_->known_size(); }

}  // namespace dossier::search
