// dossier-search: search an index and print ranked hits, snippets and facets.
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <fstream>

#include "cli.h"
#include "json_output.h"
#include "dossier/dossier.h"

namespace {

constexpr const char* kUsage = R"(Usage: dossier-search [options] INDEX [QUERY]

Searches INDEX and prints the best hits with snippets; the people, places and
organisations named by all matching articles, their outlets and keyword fields;
and a timeline of when they were published. QUERY syntax: README.md.
INDEX is an index directory or a shard server address, tcp://host:port
(xapian-tcpsrv); with --shard, every shard is searched as one index.

Options:
  --shard S          also search shard S (index path or tcp://host:port;
                       repeatable; README.md, "Shards")
  --limit N          hits to show (default 10)
  --offset N         hits to skip (default 0)
  --sort ORDER       relevance (default), newest or oldest
  --from DATE        published on or after DATE (YYYY-MM-DD)
  --to DATE          published on or before DATE
  --person NAME      only articles naming this person (repeatable; also
  --place NAME         --place and --org: one kind ORs, kinds AND)
  --org NAME
  --source NAME      only articles from this outlet, exactly (repeatable: ORs)
  --field NAME=VALUE only articles whose keyword field NAME is VALUE
                       (repeatable: one field ORs, fields AND)
  --timeline SIZE    timeline bucket: auto (default), day, week, month, year
  --facets N         values per facet (default 5; 0: no facets, no timeline)
  --json             print JSON
  --get ID           print one stored article (with --json: id, title, body,
                     source, url, published, entities)
  --suggest PREFIX   entities whose name starts with PREFIX
  --batch FILE       run the queries of FILE ("qid<TAB>query" lines) and
  --trec RUN           write a TREC run file RUN
  --depth N          hits per query in batch mode (default 1000)
  --tag NAME         run tag in the TREC file (default dossier)
)";

const char* kind_label(dossier::EntityKind kind) {
  switch (kind) {
    case dossier::EntityKind::kPerson: return "People";
    case dossier::EntityKind::kPlace: return "Places";
    case dossier::EntityKind::kOrganization: return "Organizations";
  }
  return "";
}

std::string marked_snippet(const dossier::Snippet& snippet, bool colour) {
  const char* open = colour ? "\033[1;33m" : "[";
  const char* close = colour ? "\033[0m" : "]";
  std::string out;
  std::size_t at = 0;
  for (auto [begin, end] : snippet.highlights) {
    out.append(snippet.text, at, begin - at);
    out += open;
    out.append(snippet.text, begin, end - begin);
    out += close;
    at = end;
  }
  out.append(snippet.text, at);
  return out;
}

// "2019-03-04" for a day or week, "2019-03" for a month, "2019" for a year.
std::string bucket_label(std::chrono::sys_days start, dossier::TimeBucket bucket) {
  const std::string date = cli::format_date(start);
  switch (bucket) {
    case dossier::TimeBucket::kMonth: return date.substr(0, 7);
    case dossier::TimeBucket::kYear: return date.substr(0, 4);
    default: return date;
  }
}

// One line a bucket: its label, a bar scaled to the largest, the count.
void print_timeline(const dossier::Timeline& timeline) {
  // Without a single dated match a timeline says nothing.
  if (timeline.buckets.empty()) return;
  constexpr std::size_t kBarWidth = 40;
  std::size_t largest = 1;
  for (const dossier::TimelineBucket& bucket : timeline.buckets) {
    largest = std::max(largest, bucket.count);
  }
  fmt::print("\nTimeline (by {}):\n", dossier::to_string(timeline.bucket));
  for (const dossier::TimelineBucket& bucket : timeline.buckets) {
    const std::size_t width = (bucket.count * kBarWidth + largest - 1) / largest;
    fmt::print("  {:<10} {:<{}} {}\n", bucket_label(bucket.start, timeline.bucket),
               std::string(width, '#'), kBarWidth, bucket.count);
  }
  if (timeline.undated > 0) {
    fmt::print("  {:<10} {:<{}} {}\n", "no date", "", kBarWidth, timeline.undated);
  }
}

std::string facet_line(const std::vector<dossier::FacetValue>& top) {
  std::string values;
  for (const dossier::FacetValue& value : top) {
    if (!values.empty()) values += ", ";
    values += fmt::format("{} ({})", value.name, value.count);
  }
  return values;
}

void print_results(const dossier::SearchResults& results, const std::string& query) {
  const bool colour = cli::use_colour();
  fmt::print("{}{} {} for \"{}\"\n", results.exact ? "" : "about ", results.total,
             results.total == 1 ? "match" : "matches", query);
  if (results.relaxed) {
    fmt::print("(no article contains every word; showing articles with any of them)\n");
  }
  for (const dossier::Hit& hit : results.hits) {
    std::string date = cli::format_date(hit.published);
    fmt::print("\n{:2}. {}{}{}\n    {}{}  score {:.3f}\n", hit.rank + 1, colour ? "\033[1m" : "",
               hit.title, colour ? "\033[0m" : "", hit.id, date.empty() ? "" : "  " + date,
               hit.score);
    if (!hit.snippet.text.empty()) fmt::print("    {}\n", marked_snippet(hit.snippet, colour));
  }
  for (const dossier::Facet& facet : results.facets) {
    if (facet.top.empty()) continue;
    fmt::print("\n{} ({} distinct): {}", kind_label(facet.kind), facet.distinct,
               facet_line(facet.top));
  }
  for (const dossier::FieldFacet& facet : results.field_facets) {
    if (facet.top.empty()) continue;
    fmt::print("\n{} ({} distinct): {}", facet.field == "source" ? "Sources" : facet.field,
               facet.distinct, facet_line(facet.top));
  }
  if (!results.facets.empty()) fmt::print("\n");
  print_timeline(results.timeline);
}

void run_batch(dossier::Searcher& searcher, const std::string& batch, const std::string& trec,
               std::size_t depth, const std::string& tag) {
  std::ifstream in(batch);
  if (!in) cli::fail("cannot open " + batch);
  std::FILE* out = std::fopen(trec.c_str(), "w");
  if (!out) cli::fail("cannot write " + trec);
  std::size_t queries = 0, failed = 0;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string qid = line.substr(0, tab);
    dossier::SearchRequest request;
    request.query = line.substr(tab + 1);
    request.limit = depth;
    request.snippet_bytes = 0;
    request.facet_values = 0;
    auto results = searcher.search(request);
    ++queries;
    if (!results) {
      ++failed;
      fmt::print(stderr, "{}:{}: query {}: {}\n", batch, number, qid, results.error().to_string());
      continue;
    }
    for (const dossier::Hit& hit : results->hits) {
      fmt::print(out, "{} Q0 {} {} {:.6f} {}\n", qid, hit.id, hit.rank + 1, hit.score, tag);
    }
  }
  std::fclose(out);
  fmt::print(stderr, "ran {} queries ({} failed); run written to {}\n", queries, failed, trec);
}

std::chrono::sys_days date_argument(cli::Arguments& args, std::string_view option) {
  std::string text = args.value(option);
  auto date = dossier::parse_iso_date(text);
  if (!date) args.usage_error(fmt::format("{} needs a date (YYYY-MM-DD), not \"{}\"", option, text));
  return *date;
}

}  // namespace

int main(int argc, char** argv) {
  cli::set_program_name("dossier-search");
  cli::Arguments args(argc, argv, kUsage);
  dossier::SearchRequest request;
  request.facet_values = 5;
  std::vector<std::string> shards;
  bool json = false;
  std::string get_id, suggest, batch, trec, tag = "dossier";
  std::size_t depth = 1000;
  std::vector<std::string> positionals;
  while (!args.empty()) {
    if (!args.next_is_option()) {
      positionals.push_back(args.positional());
    } else if (args.option("--shard")) {
      shards.push_back(args.value("--shard"));
    } else if (args.option("--limit")) {
      request.limit = args.number("--limit");
    } else if (args.option("--offset")) {
      request.offset = args.number("--offset");
    } else if (args.option("--sort")) {
      std::string order = args.value("--sort");
      if (order == "relevance") request.sort = dossier::SortOrder::kRelevance;
      else if (order == "newest") request.sort = dossier::SortOrder::kNewest;
      else if (order == "oldest") request.sort = dossier::SortOrder::kOldest;
      else args.usage_error("--sort takes relevance, newest or oldest");
    } else if (args.option("--from")) {
      request.published_from = date_argument(args, "--from");
    } else if (args.option("--to")) {
      request.published_to = date_argument(args, "--to");
    } else if (args.option("--person")) {
      request.filters.push_back({dossier::EntityKind::kPerson, args.value("--person")});
    } else if (args.option("--place")) {
      request.filters.push_back({dossier::EntityKind::kPlace, args.value("--place")});
    } else if (args.option("--org")) {
      request.filters.push_back({dossier::EntityKind::kOrganization, args.value("--org")});
    } else if (args.option("--source")) {
      request.field_filters.push_back({"source", args.value("--source")});
    } else if (args.option("--field")) {
      std::string assignment = args.value("--field");
      const std::size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        args.usage_error("--field takes NAME=VALUE, not \"" + assignment + "\"");
      }
      request.field_filters.push_back({assignment.substr(0, equals), assignment.substr(equals + 1)});
    } else if (args.option("--timeline")) {
      const std::string size = args.value("--timeline");
      using dossier::TimeBucket;
      std::optional<TimeBucket> bucket;
      for (TimeBucket each : {TimeBucket::kAuto, TimeBucket::kDay, TimeBucket::kWeek,
                              TimeBucket::kMonth, TimeBucket::kYear}) {
        if (size == dossier::to_string(each)) bucket = each;
      }
      if (!bucket) args.usage_error("--timeline takes auto, day, week, month or year");
      request.timeline_bucket = *bucket;
    } else if (args.option("--facets")) {
      request.facet_values = args.number("--facets");
    } else if (args.option("--json")) {
      json = true;
    } else if (args.option("--get")) {
      get_id = args.value("--get");
    } else if (args.option("--suggest")) {
      suggest = args.value("--suggest");
    } else if (args.option("--batch")) {
      batch = args.value("--batch");
    } else if (args.option("--trec")) {
      trec = args.value("--trec");
    } else if (args.option("--depth")) {
      depth = args.number("--depth");
    } else if (args.option("--tag")) {
      tag = args.value("--tag");
    } else {
      args.usage_error("unknown option " + args.positional());
    }
  }
  if (positionals.empty()) args.usage_error("missing INDEX");
  shards.insert(shards.begin(), positionals.front());
  for (std::size_t i = 1; i < positionals.size(); ++i) {
    if (!request.query.empty()) request.query += ' ';
    request.query += positionals[i];
  }
  if (batch.empty() != trec.empty()) args.usage_error("--batch and --trec go together");

  dossier::Searcher searcher = cli::check(dossier::Searcher::Open(shards));
  if (!batch.empty()) {
    run_batch(searcher, batch, trec, depth, tag);
    return 0;
  }
  if (!get_id.empty()) {
    dossier::Document document = cli::check(searcher.get(get_id));
    if (json) {
      fmt::print("{}\n", cli::dump(cli::document_json(document), 2));
      return 0;
    }
    fmt::print("{}\n{}\n\n{}\n", document.title, cli::format_date(document.published),
               document.body);
    for (const dossier::Field& field : document.fields) {
      fmt::print("{}\t{}\n", field.name, field.value);
    }
    for (const dossier::Entity& entity : document.entities) {
      fmt::print("{}\t{}\t{} mentions\n", dossier::to_string(entity.kind), entity.name,
                 entity.mentions);
    }
    return 0;
  }
  if (!suggest.empty()) {
    for (const dossier::FacetValue& value : cli::check(searcher.suggest_entities(suggest))) {
      fmt::print("{}\t{} articles\n", value.name, value.count);
    }
    return 0;
  }
  dossier::SearchResults results = cli::check(searcher.search(request));
  if (json) {
    fmt::print("{}\n", cli::dump(cli::results_json(results, request.query), 2));
  } else {
    print_results(results, request.query);
  }
  return 0;
}
