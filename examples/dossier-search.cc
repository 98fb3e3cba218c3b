// dossier-search: search an index and print ranked hits, snippets and facets.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <fstream>

#include "cli.h"
#include "json_output.h"
#include "dossier/dossier.h"

namespace {

constexpr const char* kDescription =
    R"(Searches INDEX and prints the best hits with snippets; the people, places and
organisations named by all matching articles, their outlets and keyword fields;
and a timeline of when they were published. QUERY syntax: README.md; a word
after a single "-" (-maduro) is a query term, not an option.
INDEX is an index directory or a shard server address, tcp://host:port
(xapian-tcpsrv); with --shard, every shard is searched as one index.)";

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

void print_hit(const dossier::Hit& hit, bool colour) {
  std::string date = cli::format_date(hit.published);
  fmt::print("\n{:2}. {}{}{}\n    {}{}  score {:.3f}\n", hit.rank + 1, colour ? "\033[1m" : "",
             hit.title, colour ? "\033[0m" : "", hit.id, date.empty() ? "" : "  " + date,
             hit.score);
  if (hit.other_copies > 0) {
    std::string sources;
    for (const std::string& source : hit.copy_sources) {
      sources += sources.empty() ? " (" : ", ";
      sources += source;
    }
    if (!sources.empty()) sources += ")";
    fmt::print("    and {} other {}{}\n", hit.other_copies,
               hit.other_copies == 1 ? "copy" : "copies", sources);
  }
  if (!hit.snippet.text.empty()) fmt::print("    {}\n", marked_snippet(hit.snippet, colour));
}

void print_results(const dossier::SearchResults& results, const std::string& query) {
  const bool colour = cli::use_colour();
  fmt::print("{}{} {} for \"{}\"", results.exact ? "" : "about ", results.total,
             results.total == 1 ? "match" : "matches", query);
  if (results.stories != results.total) {
    fmt::print(", {}{} {} (--all-copies lists every copy)", results.stories_exact ? "" : "about ",
               results.stories, results.stories == 1 ? "story" : "stories");
  }
  fmt::print("\n");
  if (results.relaxed) {
    fmt::print("(no article contains every word; showing articles with any of them)\n");
  }
  if (results.corrected_query) fmt::print("Did you mean: {}\n", *results.corrected_query);
  for (const dossier::Hit& hit : results.hits) print_hit(hit, colour);
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

// Writes the run of every query of `batch`; the number of lines that failed
// (each reported on stderr), whose queries the run leaves out.
std::size_t run_batch(dossier::Searcher& searcher, const std::string& batch, const std::string& trec,
                      std::size_t depth, const std::string& tag) {
  std::ifstream in(batch);
  if (!in) cli::fail("cannot open " + batch);
  std::FILE* out = std::fopen(trec.c_str(), "w");
  if (!out) cli::fail("cannot write " + trec);
  std::size_t queries = 0, failed = 0;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      ++failed;
      fmt::print(stderr, "{}:{}: expected QUERY_ID<TAB>query\n", batch, number);
      continue;
    }
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
  return failed;
}

std::chrono::sys_days date_argument(std::string_view option, const std::string& text) {
  auto date = dossier::parse_iso_date(text);
  if (!date) {
    cli::usage_error(fmt::format("{} needs a date (YYYY-MM-DD), not \"{}\"", option, text));
  }
  return *date;
}

struct Command {
  dossier::SearchRequest request;
  std::vector<std::string> shards;  // INDEX first
  bool json = false;
  std::string get_id, suggest, batch, trec, tag = "dossier", related_id;
  std::size_t depth = 1000;
  bool all_copies = false;
};

// The options that only shape command.request, checked and converted.
struct RequestOptions {
  std::vector<std::string> people, places, organizations, sources, fields;
  std::string sort, from, to, timeline;
};

void add_request_options(CLI::App& app, dossier::SearchRequest& request, RequestOptions& given) {
  app.add_option("--limit", request.limit, "hits to show (default 10)");
  app.add_option("--offset", request.offset, "hits to skip (default 0)");
  app.add_option("--sort", given.sort, "relevance (default), newest or oldest");
  app.add_option("--from", given.from, "published on or after DATE (YYYY-MM-DD)");
  app.add_option("--to", given.to, "published on or before DATE");
  app.add_option("--person", given.people,
                 "only articles naming this person (repeatable; also --place and --org: one "
                 "kind ORs, kinds AND)");
  app.add_option("--place", given.places, "only articles naming this place");
  app.add_option("--org", given.organizations, "only articles naming this organisation");
  app.add_option("--source", given.sources,
                 "only articles from this outlet, exactly (repeatable: ORs)");
  app.add_option("--field", given.fields,
                 "NAME=VALUE: only articles whose keyword field NAME is VALUE (repeatable: one "
                 "field ORs, fields AND)");
  app.add_option("--timeline", given.timeline,
                 "timeline bucket: auto (default), day, week, month, year");
  app.add_option("--facets", request.facet_values,
                 "values per facet (default 5; 0: no facets, no timeline)");
}

void apply_request_options(const RequestOptions& given, dossier::SearchRequest& request) {
  using dossier::SortOrder;
  if (given.sort == "newest") request.sort = SortOrder::kNewest;
  else if (given.sort == "oldest") request.sort = SortOrder::kOldest;
  else if (given.sort.empty() || given.sort == "relevance") request.sort = SortOrder::kRelevance;
  else cli::usage_error("--sort takes relevance, newest or oldest");
  if (!given.from.empty()) request.published_from = date_argument("--from", given.from);
  if (!given.to.empty()) request.published_to = date_argument("--to", given.to);
  using dossier::EntityKind;
  for (const auto& [kind, names] : {std::pair{EntityKind::kPerson, &given.people},
                                     std::pair{EntityKind::kPlace, &given.places},
                                     std::pair{EntityKind::kOrganization, &given.organizations}}) {
    for (const std::string& name : *names) request.filters.push_back({kind, name});
  }
  for (const std::string& source : given.sources) {
    request.field_filters.push_back({"source", source});
  }
  for (const std::string& assignment : given.fields) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      cli::usage_error("--field takes NAME=VALUE, not \"" + assignment + "\"");
    }
    request.field_filters.push_back({assignment.substr(0, equals), assignment.substr(equals + 1)});
  }
  if (!given.timeline.empty()) {
    using dossier::TimeBucket;
    std::optional<TimeBucket> bucket;
    for (TimeBucket each : {TimeBucket::kAuto, TimeBucket::kDay, TimeBucket::kWeek,
                            TimeBucket::kMonth, TimeBucket::kYear}) {
      if (given.timeline == dossier::to_string(each)) bucket = each;
    }
    if (!bucket) cli::usage_error("--timeline takes auto, day, week, month or year");
    request.timeline_bucket = *bucket;
  }
}

Command parse_command_line(int argc, char** argv) {
  Command command;
  command.request.facet_values = 5;
  RequestOptions given;
  std::string index;
  CLI::App app(kDescription, "dossier-search");
  // QUERY is what CLI11 leaves over, in order: words, and "-word" terms,
  // which CLI11 would otherwise read as a cluster of short options.
  app.allow_extras();
  app.add_option("INDEX", index, "index directory or tcp://host:port");
  app.add_option("--shard", command.shards,
                 "also search shard S (index path or tcp://host:port; repeatable; README.md, "
                 "\"Shards\")");
  add_request_options(app, command.request, given);
  app.add_flag("--json", command.json, "print JSON");
  app.add_option("--get", command.get_id,
                 "print one stored article (with --json: id, title, body, source, url, "
                 "published, entities)");
  app.add_option("--suggest", command.suggest, "entities whose name starts with PREFIX");
  app.add_option("--related", command.related_id,
                 "the articles most like article ID (--limit of them, default 10), never its "
                 "copies");
  app.add_flag("--all-copies", command.all_copies,
               "list every copy of a story (by default one hit stands for its copies; --batch "
               "always lists every article)");
  app.add_option("--batch", command.batch,
                 "run the queries of FILE (\"qid<TAB>query\" lines) and write a TREC run file "
                 "(--trec)");
  app.add_option("--trec", command.trec, "the TREC run file --batch writes");
  app.add_option("--depth", command.depth, "hits per query in batch mode (default 1000)");
  app.add_option("--tag", command.tag, "run tag in the TREC file (default dossier)");
  app.footer("QUERY: the words after INDEX (README.md, \"Query syntax\").");
  cli::parse(app, argc, argv);

  for (const std::string& word : app.remaining()) {
    if (word.starts_with("--") && word.size() > 2) cli::usage_error("unknown option " + word);
    if (!command.request.query.empty()) command.request.query += ' ';
    command.request.query += word;
  }
  if (index.empty()) cli::usage_error("missing INDEX");
  command.shards.insert(command.shards.begin(), index);
  apply_request_options(given, command.request);
  command.request.collapse_copies = !command.all_copies;
  if (command.batch.empty() != command.trec.empty()) {
    cli::usage_error("--batch and --trec go together");
  }
  return command;
}

}  // namespace

int main(int argc, char** argv) {
  Command command = parse_command_line(argc, argv);
  const dossier::SearchRequest& request = command.request;
  const bool json = command.json;
  const std::string &get_id = command.get_id, &suggest = command.suggest;
  dossier::Searcher searcher = cli::check(dossier::Searcher::Open(command.shards));
  if (!command.batch.empty()) {
    // A run missing some queries must not pass for a whole one in a script.
    return run_batch(searcher, command.batch, command.trec, command.depth, command.tag) == 0 ? 0 : 1;
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
  if (!command.related_id.empty()) {
    std::vector<dossier::Hit> related =
        cli::check(searcher.related(command.related_id, request.limit));
    if (json) {
      nlohmann::json hits = nlohmann::json::array();
      for (const dossier::Hit& hit : related) hits.push_back(cli::hit_json(hit));
      fmt::print("{}\n", cli::dump({{"related_to", command.related_id}, {"hits", hits}}, 2));
      return 0;
    }
    fmt::print("{} related to {}\n", related.size(), command.related_id);
    for (const dossier::Hit& hit : related) print_hit(hit, cli::use_colour());
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
