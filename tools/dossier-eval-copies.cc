// Measures copy groups and related articles on a JSON Lines corpus with a
// "category" field (BBC News: ../shared/bench/bbc.jsonl):
//  - copies: every pair of articles with the same body, and whether the index
//    put them in one copy group; the pairs grouped with different bodies (near
//    copies), a sample of them printed for checking by eye, and how many of
//    those pairs cross categories (a sign of a false merge);
//  - related: the share of Searcher::related's top 5 that are in the article's
//    category, and its latency (wall clock, mean and median). The articles
//    asked about are split in two halves by position: "dev" (even), on which
//    related.h's constants were chosen, and "test" (odd), reported apart.
//
//   dossier-eval-copies [CORPUS.jsonl] [--sample N]
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dossier/dossier.h"
#include "index/near_duplicate.h"
#include "index/schema.h"

namespace {

using namespace dossier;
namespace fs = std::filesystem;

struct Article {
  Document document;
  std::string category;
  std::string group;  // copy group key read back from the index ("" for none)
  std::optional<index::CopySignature> signature;
};

std::string category_of(const Document& document) {
  for (const Field& field : document.fields) {
    if (field.name == "category") return field.value;
  }
  return "";
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dossier-eval-copies: %s\n", message.c_str());
  return 1;
}

// The group key and signature of every article, by id.
void read_groups(const fs::path& path, std::map<std::string, Article*>& by_id) {
  Xapian::Database database(path.string());
  for (auto posting = database.postlist_begin(""); posting != database.postlist_end("");
       ++posting) {
    const Xapian::Document document = database.get_document(*posting);
    auto summary = index::decode_summary(document.get_value(index::kSummarySlot));
    if (!summary) continue;
    auto found = by_id.find(summary->id);
    if (found == by_id.end()) continue;
    found->second->group = document.get_value(index::kCopyGroupSlot);
    found->second->signature =
        index::decode_signature(document.get_value(index::kCopySignatureSlot));
  }
}

std::string head(const std::string& text, std::size_t bytes) {
  std::string cut = text.substr(0, std::min(bytes, text.size()));
  std::replace(cut.begin(), cut.end(), '\n', ' ');
  return cut;
}

void report_copies(const std::vector<Article>& articles, std::size_t sample) {
  std::map<std::string, std::vector<const Article*>> by_body, by_group;
  for (const Article& article : articles) {
    by_body[article.document.body].push_back(&article);
    if (!article.group.empty()) by_group[article.group].push_back(&article);
  }
  std::size_t repeated_bodies = 0, exact_pairs = 0, exact_grouped = 0;
  for (const auto& [body, same] : by_body) {
    if (same.size() < 2) continue;
    ++repeated_bodies;
    for (std::size_t i = 0; i < same.size(); ++i) {
      for (std::size_t j = i + 1; j < same.size(); ++j) {
        ++exact_pairs;
        exact_grouped += !same[i]->group.empty() && same[i]->group == same[j]->group;
      }
    }
  }
  std::printf("exact copies: %zu repeated bodies, %zu pairs, %zu pairs in one group\n",
              repeated_bodies, exact_pairs, exact_grouped);
  std::vector<std::pair<const Article*, const Article*>> near;
  std::size_t groups = 0, cross_category = 0;
  for (const auto& [key, members] : by_group) {
    if (members.size() < 2) continue;
    ++groups;
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        if (members[i]->document.body == members[j]->document.body) continue;
        near.emplace_back(members[i], members[j]);
        cross_category += members[i]->category != members[j]->category;
      }
    }
  }
  std::printf("copy groups of 2+ articles: %zu; pairs grouped with different bodies: %zu "
              "(%zu of them across categories)\n",
              groups, near.size(), cross_category);
  for (std::size_t i = 0; i < near.size() && i < sample; ++i) {
    const Article& a = *near[i].first;
    const Article& b = *near[i].second;
    const double similar = a.signature && b.signature ? index::similarity(*a.signature, *b.signature) : 0;
    std::printf("\n--- near pair %zu: %s | %s (estimated similarity %.2f, %zu vs %zu bytes)\n",
                i + 1, a.document.id.c_str(), b.document.id.c_str(), similar,
                a.document.body.size(), b.document.body.size());
    std::printf("  A: %s\n     %s\n", a.document.title.c_str(), head(a.document.body, 200).c_str());
    std::printf("  B: %s\n     %s\n", b.document.title.c_str(), head(b.document.body, 200).c_str());
  }
}

struct RelatedScore {
  std::size_t asked = 0, returned = 0, same = 0;
  std::vector<double> micros;
};

void print_related(const char* half, RelatedScore& score) {
  std::sort(score.micros.begin(), score.micros.end());
  double sum = 0;
  for (double m : score.micros) sum += m;
  std::printf("related (%s half): %zu articles asked, %zu related returned, %.3f in the same "
              "category; latency (wall clock) mean %.0f us, median %.0f us\n",
              half, score.asked, score.returned,
              score.returned ? static_cast<double>(score.same) / score.returned : 0.0,
              score.micros.empty() ? 0.0 : sum / score.micros.size(),
              score.micros.empty() ? 0.0 : score.micros[score.micros.size() / 2]);
}

int report_related(const fs::path& path, const std::vector<Article>& articles) {
  auto searcher = Searcher::Open(path);
  if (!searcher) return fail(searcher.error().to_string());
  std::map<std::string, std::string> category;
  for (const Article& article : articles) category[article.document.id] = article.category;
  RelatedScore halves[2];  // dev (even positions), test (odd)
  for (std::size_t i = 0; i < articles.size(); ++i) {
    RelatedScore& score = halves[i % 2];
    const auto start = std::chrono::steady_clock::now();
    auto related = searcher->related(articles[i].document.id, 5);
    score.micros.push_back(std::chrono::duration<double, std::micro>(
                               std::chrono::steady_clock::now() - start).count());
    if (!related) return fail(related.error().to_string());
    ++score.asked;
    for (const Hit& hit : *related) {
      ++score.returned;
      score.same += category[hit.id] == articles[i].category;
    }
  }
  std::printf("\n");
  print_related("dev", halves[0]);
  print_related("test", halves[1]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus = "../shared/bench/bbc.jsonl";
  std::size_t sample = 20;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--sample" && i + 1 < argc) {
      sample = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg.starts_with("--")) {
      return fail("unknown option " + arg + " (usage: dossier-eval-copies [CORPUS.jsonl] [--sample N])");
    } else {
      corpus = arg;
    }
  }
  std::vector<Article> articles;
  auto read = read_json_lines(corpus, [&](Document&& document) -> Status {
    Article article;
    article.category = category_of(document);
    article.document = std::move(document);
    articles.push_back(std::move(article));
    return {};
  });
  if (!read) return fail(read.error().to_string());
  const fs::path index = fs::temp_directory_path() /
                         ("dossier-eval-copies-" + std::to_string(::getpid()));
  struct Cleanup {
    fs::path path;
    ~Cleanup() { std::error_code ignored; fs::remove_all(path, ignored); }
  } cleanup{index};
  {
    auto writer = IndexWriter::Open(index);
    if (!writer) return fail(writer.error().to_string());
    for (const Article& article : articles) {
      if (auto added = writer->add_or_replace(article.document); !added) {
        return fail(added.error().to_string());
      }
    }
    if (auto committed = writer->commit(); !committed) return fail(committed.error().to_string());
  }
  std::map<std::string, Article*> by_id;
  for (Article& article : articles) by_id[article.document.id] = &article;
  read_groups(index, by_id);
  std::printf("%s: %zu articles\n", corpus.c_str(), articles.size());
  report_copies(articles, sample);
  return report_related(index, articles);
}
