// Shards: several indexes, local or served by xapian-tcpsrv, searched as one.
// Each comparison runs the same requests on one index holding every article
// and on its shards, and expects the same hits, order, scores, snippets and
// facets.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <xapian.h>

#include "dossier/sharding.h"
#include "entities/extractor.h"
#include "entities/display_name.h"
#include "entities/resolver.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "search/facets.h"
#include "test_support.h"

extern char** environ;

namespace dossier {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDir;

// ---------------------------------------------------------------------------
// A xapian-tcpsrv child process serving one index on 127.0.0.1.

bool tcpsrv_installed() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

// A port nobody listens on right now (the kernel's pick for port 0).
unsigned free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  unsigned port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool accepts_connections(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

class ShardServer {
 public:
  // Serves `index`; on `port` when given, else on a free one.
  explicit ShardServer(const std::filesystem::path& index, unsigned port = 0) : index_(index) {
    for (int attempt = 0; attempt < 5 && pid_ == 0; ++attempt) {
      start(port ? port : free_port());
      if (port) break;  // a fixed port: no other to try
    }
  }
  ~ShardServer() { stop(); }
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;

  bool running() const { return pid_ != 0; }
  unsigned port() const { return port_; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  // The server and the children that serve its connections share a process
  // group: signals go to all of them.
  void stop() {
    if (pid_ == 0) return;
    kill(-pid_, SIGCONT);
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  void pause() { kill(-pid_, SIGSTOP); }
  void resume() { kill(-pid_, SIGCONT); }

 private:
  void start(unsigned port) {
    port_ = port;
    std::string port_text = std::to_string(port);
    std::string index = index_.string();
    const char* argv[] = {"xapian-tcpsrv", "--port",  port_text.c_str(), "--interface",
                          "127.0.0.1",     "--quiet", index.c_str(),     nullptr};
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawn_file_actions_t files;  // it reports dropped connections on stdout
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int spawned = posix_spawnp(&pid, "xapian-tcpsrv", &files, &attributes,
                               const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) return;
    // Bounded wait until it accepts connections; give up if it exits (port taken).
    for (auto deadline = std::chrono::steady_clock::now() + 10s;
         std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
      if (waitpid(pid, nullptr, WNOHANG) == pid) return;
      if (accepts_connections(port)) {
        pid_ = pid;
        return;
      }
    }
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }

  std::filesystem::path index_;
  unsigned port_ = 0;
  pid_t pid_ = 0;
};

// ---------------------------------------------------------------------------
// A synthetic corpus whose entities are known, independent of the entity
// recognizer's model: articles are built by the real DocumentBuilder with
// given entities, and display names are stored the way IndexWriter does.

struct SyntheticEntity {
  EntityKind kind;
  std::string key;
  std::vector<std::string> names;  // spellings used by different articles
  std::vector<std::string> alias_keys;
};

const std::vector<SyntheticEntity>& entity_pool() {
  static const std::vector<SyntheticEntity> pool = {
      {EntityKind::kPerson, "nicolas maduro", {"Nicolas Maduro", "Nicolás Maduro"}, {"maduro"}},
      {EntityKind::kPerson, "mike pompeo", {"MIKE POMPEO", "Mike Pompeo"}, {"pompeo"}},
      {EntityKind::kPerson, "juan guaido", {"Juan Guaidó"}, {"guaido"}},
      {EntityKind::kPerson, "ivan duque", {"Ivan Duque", "Iván Duque"}, {"duque"}},
      {EntityKind::kPlace, "venezuela", {"Venezuela"}, {}},
      {EntityKind::kPlace, "colombia", {"Colombia"}, {}},
      {EntityKind::kPlace, "caracas", {"Caracas"}, {}},
      {EntityKind::kOrganization, "opec", {"OPEC"}, {}},
      {EntityKind::kOrganization, "united nations", {"United Nations"}, {"un"}},
      {EntityKind::kOrganization, "lima group", {"Lima Group"}, {}},
  };
  return pool;
}

std::vector<Document> synthetic_articles(std::vector<std::vector<entities::ExtractedEntity>>& found) {
  static const char* const kWords[] = {
      "election", "oil",    "sanctions", "talks",  "border", "protest", "economy", "summit",
      "minister", "vote",   "court",     "strike", "market", "crisis",  "aid",     "exports",
      "refugees", "troops", "inflation", "bank",   "power",  "deal",    "accord",  "report"};
  constexpr std::size_t kWordCount = std::size(kWords);
  std::uint32_t state = 12345;
  auto next = [&](std::uint32_t bound) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % bound;
  };
  std::vector<Document> articles;
  const auto first_day = std::chrono::sys_days(std::chrono::year{2019} / 1 / 1);
  for (int i = 0; i < 60; ++i) {
    Document article;
    char id[16];
    std::snprintf(id, sizeof id, "syn-%03d", i);
    article.id = id;
    article.published = first_day + std::chrono::days(i);  // distinct: no order ties
    article.source = i % 2 ? "Wire One" : "Daily Two";
    static const char* const kCategories[] = {"politics", "business", "world"};
    article.fields.push_back({"category", kCategories[i % 3]});
    if (i % 4 == 0) article.fields.insert(article.fields.end(), {{"tag", "energy"}, {"tag", "latam"}});
    // A few combinations repeat, so that the remote spy sees counts above 1.
    std::vector<std::size_t> chosen;
    const std::size_t pattern = next(8);
    if (pattern < 3) {
      chosen = {0, 4, 7};
    } else if (pattern < 5) {
      chosen = {1, 0, 4, 8};
    } else if (pattern == 5) {
      chosen = {};
    } else {
      for (std::size_t e = 0; e < entity_pool().size(); ++e) {
        if (next(3) == 0) chosen.push_back(e);
      }
    }
    std::vector<entities::ExtractedEntity> extracted;
    std::string mentions;
    for (std::size_t e : chosen) {
      const SyntheticEntity& entity = entity_pool()[e];
      const std::string& name = entity.names[next(static_cast<std::uint32_t>(entity.names.size()))];
      std::vector<std::string> alias_keys{entity.key};
      alias_keys.insert(alias_keys.end(), entity.alias_keys.begin(), entity.alias_keys.end());
      extracted.push_back({Entity{entity.kind, entity.key, name, 1 + next(3)}, alias_keys});
      mentions += " " + name + " said.";
    }
    article.title = std::string(kWords[next(kWordCount)]) + " " + kWords[next(kWordCount)] +
                    " news " + std::to_string(i);
    for (int sentence = 0; sentence < 4 + static_cast<int>(next(6)); ++sentence) {
      for (int word = 0; word < 6 + static_cast<int>(next(10)); ++word) {
        article.body += kWords[next(kWordCount)];
        article.body += ' ';
      }
      article.body += "went on. ";
      if (sentence == 1) article.body += mentions;
    }
    articles.push_back(std::move(article));
    found.push_back(std::move(extracted));
  }
  return articles;
}

// Writes the articles for which keep(id) holds into a new index at `directory`.
template <typename Keep>
void write_synthetic(const std::filesystem::path& directory, Keep&& keep,
                     const AnalysisOptions& analysis = {}) {
  IndexOptions options;
  options.analysis = analysis;
  options.recognize_entities = false;
  {
    auto created = IndexWriter::Open(directory, options);  // settings, as IndexWriter stores them
    ASSERT_TRUE(created) << created.error().to_string();
    ASSERT_TRUE(created->commit());
  }
  std::vector<std::vector<entities::ExtractedEntity>> found;
  std::vector<Document> articles = synthetic_articles(found);
  Xapian::WritableDatabase database(directory.string(), Xapian::DB_OPEN);
  index::DocumentBuilder builder(analysis);
  std::map<std::string, std::string> names;  // metadata key -> best display name
  std::vector<std::string> field_names;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (!keep(articles[i].id)) continue;
    index::BuiltDocument built = builder.build(articles[i], found[i]);
    database.replace_document(built.id_term, built.document);
    field_names.insert(field_names.end(), built.field_names.begin(), built.field_names.end());
    for (const Entity& entity : built.entities) {
      auto [slot, added] = names.try_emplace(index::entity_name_key(entity.kind, entity.key),
                                             entity.name);
      if (!added && entities::better_display_name(entity.name, slot->second)) {
        slot->second = entity.name;
      }
    }
  }
  for (const auto& [key, name] : names) database.set_metadata(key, name);
  database.set_metadata(std::string(index::kFieldSchemaKey),
                        index::merged_field_schema(database, field_names));
  database.commit();
}

// ---------------------------------------------------------------------------
// Comparing results.

// Hits in rank order, with runs of exactly equal scores (which docids break,
// and docids differ between one index and shards) ordered by id.
std::vector<Hit> canonical(std::vector<Hit> hits) {
  for (std::size_t begin = 0; begin < hits.size();) {
    std::size_t end = begin + 1;
    while (end < hits.size() && hits[end].score == hits[begin].score) ++end;
    std::sort(hits.begin() + static_cast<std::ptrdiff_t>(begin),
              hits.begin() + static_cast<std::ptrdiff_t>(end),
              [](const Hit& a, const Hit& b) { return a.id < b.id; });
    begin = end;
  }
  return hits;
}

void expect_same_results(const SearchResults& expected, const SearchResults& actual,
                         const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(actual.total, expected.total);
  EXPECT_EQ(actual.exact, expected.exact);
  EXPECT_EQ(actual.relaxed, expected.relaxed);
  ASSERT_EQ(actual.hits.size(), expected.hits.size());
  std::vector<Hit> want = canonical(expected.hits), got = canonical(actual.hits);
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("hit " + std::to_string(i));
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].title, want[i].title);
    EXPECT_EQ(got[i].published, want[i].published);
    EXPECT_NEAR(got[i].score, want[i].score, 1e-9 * std::max(1.0, want[i].score));
    EXPECT_EQ(actual.hits[i].rank, expected.hits[i].rank);
    EXPECT_EQ(got[i].snippet.text, want[i].snippet.text);
    EXPECT_EQ(got[i].snippet.highlights, want[i].snippet.highlights);
  }
  ASSERT_EQ(actual.facets.size(), expected.facets.size());
  for (std::size_t f = 0; f < expected.facets.size(); ++f) {
    const Facet& want_facet = expected.facets[f];
    const Facet& got_facet = actual.facets[f];
    SCOPED_TRACE(std::string("facet ") + to_string(want_facet.kind));
    EXPECT_EQ(got_facet.kind, want_facet.kind);
    EXPECT_EQ(got_facet.distinct, want_facet.distinct);
    ASSERT_EQ(got_facet.top.size(), want_facet.top.size());
    for (std::size_t v = 0; v < want_facet.top.size(); ++v) {
      EXPECT_EQ(got_facet.top[v].key, want_facet.top[v].key);
      EXPECT_EQ(got_facet.top[v].name, want_facet.top[v].name);
      EXPECT_EQ(got_facet.top[v].count, want_facet.top[v].count);
    }
  }
  ASSERT_EQ(actual.field_facets.size(), expected.field_facets.size());
  for (std::size_t f = 0; f < expected.field_facets.size(); ++f) {
    const FieldFacet& want_facet = expected.field_facets[f];
    const FieldFacet& got_facet = actual.field_facets[f];
    SCOPED_TRACE("field facet " + want_facet.field);
    EXPECT_EQ(got_facet.field, want_facet.field);
    EXPECT_EQ(got_facet.distinct, want_facet.distinct);
    ASSERT_EQ(got_facet.top.size(), want_facet.top.size());
    for (std::size_t v = 0; v < want_facet.top.size(); ++v) {
      EXPECT_EQ(got_facet.top[v].key, want_facet.top[v].key);
      EXPECT_EQ(got_facet.top[v].count, want_facet.top[v].count);
    }
  }
  EXPECT_EQ(actual.timeline.bucket, expected.timeline.bucket);
  EXPECT_EQ(actual.timeline.undated, expected.timeline.undated);
  ASSERT_EQ(actual.timeline.buckets.size(), expected.timeline.buckets.size());
  for (std::size_t b = 0; b < expected.timeline.buckets.size(); ++b) {
    EXPECT_EQ(actual.timeline.buckets[b].start, expected.timeline.buckets[b].start);
    EXPECT_EQ(actual.timeline.buckets[b].count, expected.timeline.buckets[b].count);
  }
}

std::size_t facet_values(const SearchResults& results) {
  std::size_t values = 0;
  for (const Facet& facet : results.facets) values += facet.top.size();
  return values;
}

std::vector<std::pair<std::string, SearchRequest>> synthetic_requests() {
  std::vector<std::pair<std::string, SearchRequest>> requests;
  auto add = [&](std::string name, SearchRequest request) {
    requests.emplace_back(std::move(name), std::move(request));
  };
  SearchRequest all;
  all.limit = 100;
  all.facet_values = 20;
  add("everything", all);
  SearchRequest oil;
  oil.query = "oil";
  add("oil", oil);
  SearchRequest two;
  two.query = "sanctions talks";
  two.limit = 30;
  add("sanctions talks", two);
  SearchRequest either;
  either.query = "summit OR election";
  either.offset = 3;
  either.limit = 7;
  add("summit OR election, page 2", either);
  SearchRequest maduro;
  maduro.query = "maduro";
  maduro.limit = 50;
  add("maduro", maduro);
  SearchRequest filtered;
  filtered.filters = {{EntityKind::kPerson, "Nicolás Maduro"}};
  filtered.limit = 50;
  add("filter person", filtered);
  SearchRequest kinds;
  kinds.query = "economy";
  kinds.filters = {{EntityKind::kPlace, "Venezuela"}, {EntityKind::kOrganization, "OPEC"},
                   {EntityKind::kOrganization, "United Nations"}};
  add("filters of two kinds", kinds);
  SearchRequest newest;
  newest.query = "market";
  newest.sort = SortOrder::kNewest;
  newest.limit = 5;
  newest.facet_values = 2;
  add("newest", newest);
  SearchRequest dated;
  dated.published_from = std::chrono::sys_days(std::chrono::year{2019} / 1 / 20);
  dated.published_to = std::chrono::sys_days(std::chrono::year{2019} / 2 / 10);
  dated.sort = SortOrder::kOldest;
  add("date range", dated);
  SearchRequest relaxed;
  relaxed.query = "oil zzzunknownword";
  add("relaxed", relaxed);
  SearchRequest none;
  none.query = "nosuchwordanywhere";
  add("no match", none);
  SearchRequest fields;
  fields.query = "oil category:business";
  fields.field_filters = {{"tag", "energy"}, {"source", "Daily Two"}, {"source", "Wire One"}};
  fields.timeline_bucket = TimeBucket::kWeek;
  add("field filters", fields);
  SearchRequest weekly;
  weekly.query = "market OR oil";
  weekly.timeline_bucket = TimeBucket::kWeek;
  add("weekly timeline", weekly);
  return requests;
}

void expect_same_searcher(Searcher& single, Searcher& sharded) {
  EXPECT_EQ(*sharded.document_count(), *single.document_count());
  for (const auto& [name, request] : synthetic_requests()) {
    auto want = single.search(request);
    auto got = sharded.search(request);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << name << ": " << got.error().to_string();
    expect_same_results(*want, *got, name);
  }
  for (auto [prefix, kind] : std::vector<std::pair<std::string, std::optional<EntityKind>>>{
           {"ma", std::nullopt}, {"c", EntityKind::kPlace}, {"u", std::nullopt}, {"zz", {}}}) {
    SCOPED_TRACE("suggest " + prefix);
    auto want = single.suggest_entities(prefix, kind);
    auto got = sharded.suggest_entities(prefix, kind);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    ASSERT_EQ(got->size(), want->size());
    for (std::size_t i = 0; i < want->size(); ++i) {
      EXPECT_EQ((*got)[i].key, (*want)[i].key);
      EXPECT_EQ((*got)[i].name, (*want)[i].name);
      EXPECT_EQ((*got)[i].count, (*want)[i].count);
    }
  }
  for (const char* id : {"syn-000", "syn-007", "syn-042"}) {
    auto want = single.get(id);
    auto got = sharded.get(id);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    EXPECT_EQ(got->title, want->title);
    EXPECT_EQ(got->body, want->body);
    EXPECT_EQ(got->fields, want->fields);
    EXPECT_FALSE(want->fields.empty());
    ASSERT_EQ(got->entities.size(), want->entities.size());
    for (std::size_t i = 0; i < want->entities.size(); ++i) {
      EXPECT_EQ(got->entities[i].key, want->entities[i].key);
      EXPECT_EQ(got->entities[i].name, want->entities[i].name);
    }
  }
  auto missing = sharded.get("syn-999");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// One index of the synthetic corpus, and the same articles split into shards.
class SyntheticShards : public ::testing::Test {
 protected:
  static constexpr std::size_t kShards = 3;

  void SetUp() override {
    write_synthetic(single_path(), [](const std::string&) { return true; });
    for (std::size_t k = 0; k < kShards; ++k) {
      write_synthetic(shard_path(k), [k](const std::string& id) { return shard_of(id, kShards) == k; });
    }
  }

  std::filesystem::path single_path() const { return dir_ / "single"; }
  std::filesystem::path shard_path(std::size_t k) const {
    return dir_ / ("shard-" + std::to_string(k));
  }
  std::vector<std::string> local_shards() const {
    std::vector<std::string> shards;
    for (std::size_t k = 0; k < kShards; ++k) shards.push_back(shard_path(k).string());
    return shards;
  }

  ScratchDir dir_{"shards"};
};

// ---------------------------------------------------------------------------

TEST(ShardOf, IsStableAndSpreadsIds) {
  // FNV-1a 64 of the id, modulo the shard count: these values never change.
  EXPECT_EQ(shard_of("", 7), 0xcbf29ce484222325ULL % 7);
  EXPECT_EQ(shard_of("a", 1000), 0xaf63dc4c8601ec8cULL % 1000);
  EXPECT_EQ(shard_of("anything", 1), 0u);
  EXPECT_EQ(shard_of("anything", 0), 0u);
  std::vector<std::size_t> per_shard(4);
  for (int i = 0; i < 4000; ++i) {
    std::size_t shard = shard_of("article-" + std::to_string(i), 4);
    ASSERT_LT(shard, 4u);
    ++per_shard[shard];
  }
  for (std::size_t count : per_shard) {
    EXPECT_GT(count, 850u);
    EXPECT_LT(count, 1150u);
  }
}

TEST_F(SyntheticShards, EveryShardHoldsSomeArticles) {
  std::size_t total = 0;
  for (std::size_t k = 0; k < kShards; ++k) {
    auto shard = Searcher::Open(shard_path(k));
    ASSERT_TRUE(shard) << shard.error().to_string();
    EXPECT_GT(*shard->document_count(), 5u);
    total += *shard->document_count();
  }
  EXPECT_EQ(total, 60u);
}

TEST_F(SyntheticShards, LocalShardsSearchLikeOneIndex) {
  auto single = Searcher::Open(single_path());
  auto sharded = Searcher::Open(local_shards());
  ASSERT_TRUE(single) << single.error().to_string();
  ASSERT_TRUE(sharded) << sharded.error().to_string();
  // The corpus has entities whatever the recognizer: facets are not trivially equal.
  SearchRequest all;
  all.facet_values = 20;
  auto results = single->search(all);
  ASSERT_TRUE(results);
  EXPECT_GE(facet_values(*results), 10u);
  expect_same_searcher(*single, *sharded);
}

TEST_F(SyntheticShards, RemoteShardsSearchLikeOneIndex) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ShardServer first(shard_path(0)), second(shard_path(1));
  ASSERT_TRUE(first.running());
  ASSERT_TRUE(second.running());
  auto single = Searcher::Open(single_path());
  ASSERT_TRUE(single) << single.error().to_string();
  {
    SCOPED_TRACE("two remote shards and a local one");
    auto sharded = Searcher::Open({first.address(), second.address(), shard_path(2).string()});
    ASSERT_TRUE(sharded) << sharded.error().to_string();
    expect_same_searcher(*single, *sharded);
  }
  {
    SCOPED_TRACE("local first, then remote");
    auto sharded = Searcher::Open({shard_path(2).string(), second.address(), first.address()});
    ASSERT_TRUE(sharded) << sharded.error().to_string();
    expect_same_searcher(*single, *sharded);
  }
  {
    SCOPED_TRACE("one index served whole");
    ShardServer whole(single_path());
    ASSERT_TRUE(whole.running());
    auto remote = Searcher::Open(std::vector<std::string>{whole.address()});
    ASSERT_TRUE(remote) << remote.error().to_string();
    expect_same_searcher(*single, *remote);
  }
}

TEST_F(SyntheticShards, ShardThatGoesDownGivesAnErrorThenRecovers) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  auto server = std::make_unique<ShardServer>(shard_path(1));
  ASSERT_TRUE(server->running());
  const unsigned port = server->port();
  const std::string address = server->address();
  auto searcher = Searcher::Open({shard_path(0).string(), address, shard_path(2).string()});
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest request;
  request.query = "oil";
  auto before = searcher->search(request);
  ASSERT_TRUE(before) << before.error().to_string();

  server->stop();
  auto started = std::chrono::steady_clock::now();
  auto down = searcher->search(request);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable) << down.error().to_string();
  EXPECT_NE(down.error().message.find(address), std::string::npos) << down.error().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  std::cout << "[ note ] " << down.error().to_string() << "\n";
  // Still down: the reconnection fails the same way, quickly.
  auto still = searcher->suggest_entities("ma");
  ASSERT_FALSE(still);
  EXPECT_EQ(still.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(still.error().message.find(address), std::string::npos) << still.error().to_string();

  // Back on the same port: the next search reconnects.
  server = std::make_unique<ShardServer>(shard_path(1), port);
  if (!server->running()) GTEST_SKIP() << "could not restart the server on port " << port;
  auto after = searcher->search(request);
  ASSERT_TRUE(after) << after.error().to_string();
  expect_same_results(*before, *after, "after reconnecting");
}

TEST_F(SyntheticShards, ShardThatStopsAnsweringTimesOut) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ShardServer server(shard_path(1));
  ASSERT_TRUE(server.running());
  ::setenv("DOSSIER_REMOTE_TIMEOUT_MS", "1000", 1);
  auto searcher = Searcher::Open({shard_path(0).string(), server.address()});
  ::unsetenv("DOSSIER_REMOTE_TIMEOUT_MS");
  ASSERT_TRUE(searcher) << searcher.error().to_string();
  SearchRequest request;
  request.query = "election";
  ASSERT_TRUE(searcher->search(request));

  server.pause();  // alive but silent: a hung machine, not a closed connection
  auto started = std::chrono::steady_clock::now();
  auto hung = searcher->search(request);
  auto waited = std::chrono::steady_clock::now() - started;
  server.resume();
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().code, ErrorCode::kUnavailable) << hung.error().to_string();
  EXPECT_NE(hung.error().message.find(server.address()), std::string::npos)
      << hung.error().to_string();
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 8s);
  std::cout << "[ note ] " << hung.error().to_string() << "\n";
}

TEST_F(SyntheticShards, OpeningChecksShards) {
  auto bad = Searcher::Open(std::vector<std::string>{"tcp://127.0.0.1"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  bad = Searcher::Open(std::vector<std::string>{"tcp://127.0.0.1:70000"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  const std::string nobody = "tcp://127.0.0.1:" + std::to_string(free_port());
  auto started = std::chrono::steady_clock::now();
  auto refused = Searcher::Open({shard_path(0).string(), nobody});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << refused.error().to_string();
  EXPECT_NE(refused.error().message.find(nobody), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 8s);

  ScratchDir other("shards-other");
  AnalysisOptions french;
  french.language = "french";
  write_synthetic(other / "fr", [](const std::string&) { return true; }, french);
  auto mixed = Searcher::Open({shard_path(0).string(), (other / "fr").string()});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kIncompatible);

  // Shards must resolve filters alike: same alias file.
  {
    std::ofstream aliases(other / "aliases.txt");
    aliases << "person\tNicolás Maduro\tNM\n";
  }
  IndexOptions options;
  options.entity_aliases = other / "aliases.txt";
  ASSERT_TRUE(IndexWriter::Open(other / "aliased", options));
  auto aliased = Searcher::Open({shard_path(0).string(), (other / "aliased").string()});
  ASSERT_FALSE(aliased);
  EXPECT_EQ(aliased.error().code, ErrorCode::kIncompatible);
}

TEST_F(SyntheticShards, MergedShardsSearchLikeOneIndex) {
  std::vector<std::filesystem::path> shards;
  for (std::size_t k = 0; k < kShards; ++k) shards.push_back(shard_path(k));
  ASSERT_TRUE(merge_shards(shards, dir_ / "merged"));
  auto single = Searcher::Open(single_path());
  auto merged = Searcher::Open(dir_ / "merged");
  ASSERT_TRUE(single);
  ASSERT_TRUE(merged) << merged.error().to_string();
  expect_same_searcher(*single, *merged);
  // A merged index is an ordinary index: it takes more articles.
  {
    auto writer = IndexWriter::Open(dir_ / "merged");
    ASSERT_TRUE(writer) << writer.error().to_string();
    ASSERT_TRUE(writer->add_or_replace(Document{.id = "extra", .title = "Extra", .body = "oil"}));
    ASSERT_TRUE(writer->commit());
    EXPECT_EQ(*writer->document_count(), 61u);
  }

  auto again = merge_shards(shards, dir_ / "merged");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);  // output exists
  auto twice = merge_shards({shard_path(0), shard_path(0)}, dir_ / "twice");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument) << twice.error().to_string();
}

// Shards that chose different display names for one entity: searching them
// together, and merging them in either order, shows the best one.
TEST(ShardNames, BestDisplayNameAcrossShards) {
  ScratchDir dir("shard-names");
  const std::string key = index::entity_name_key(EntityKind::kPerson, "nicolas maduro");
  auto make = [&](const std::string& name, const std::string& shown) {
    ASSERT_TRUE(IndexWriter::Open(dir / name));
    Xapian::WritableDatabase database((dir / name).string(), Xapian::DB_OPEN);
    database.set_metadata(key, shown);
    database.commit();
  };
  make("plain", "Nicolas Maduro");
  make("accented", "Nicolás Maduro");
  make("short", "Maduro");
  for (const auto& order : std::vector<std::vector<std::string>>{
           {"plain", "accented", "short"}, {"short", "accented", "plain"}}) {
    std::vector<std::filesystem::path> shards;
    Xapian::Database combined;
    std::vector<Xapian::Database> parts;
    for (const std::string& name : order) {
      shards.push_back(dir / name);
      parts.emplace_back((dir / name).string());
      combined.add_database(parts.back());
    }
    search::EntityCatalog catalog(combined, parts, false);
    EXPECT_EQ(catalog.name(EntityKind::kPerson, "nicolas maduro"), "Nicolás Maduro");
    EXPECT_EQ(catalog.name(EntityKind::kPerson, "nobody"), "nobody");
    const std::filesystem::path merged = dir / ("merged-" + order.front());
    ASSERT_TRUE(merge_shards(shards, merged));
    EXPECT_EQ(Xapian::Database(merged.string()).get_metadata(key), "Nicolás Maduro");
  }
}

TEST_F(SyntheticShards, XapianCompactOutputIsSearchable) {
  if (std::system("command -v xapian-compact >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xapian-compact is not installed (Debian: xapian-tools)";
  }
  std::string command = "xapian-compact";
  for (std::size_t k = 0; k < kShards; ++k) command += " '" + shard_path(k).string() + "'";
  command += " '" + (dir_ / "compacted").string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto single = Searcher::Open(single_path());
  auto compacted = Searcher::Open(dir_ / "compacted");
  ASSERT_TRUE(single);
  ASSERT_TRUE(compacted) << compacted.error().to_string();
  // Hits and facet counts are the same. Display names may not be: where shards
  // chose different names for one entity, xapian-compact keeps the first
  // shard's (merge_shards keeps the best).
  for (const auto& [name, request] : synthetic_requests()) {
    auto want = single->search(request);
    auto got = compacted->search(request);
    ASSERT_TRUE(want && got) << name;
    for (SearchResults* results : {&*want, &*got}) {
      for (Facet& facet : results->facets) {
        for (FacetValue& value : facet.top) value.name.clear();
      }
    }
    expect_same_results(*want, *got, name);
  }
}

// The real pipeline: corpus/ indexed by IndexWriter (entities from the
// recognizer), once whole and once split with shard_of, the shards served by
// xapian-tcpsrv.
TEST(CorpusShards, RemoteShardsSearchLikeOneIndex) {
  if (!tcpsrv_installed()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian: xapian-tools)";
  ScratchDir dir("corpus-shards");
  testing::index_corpus(dir / "single");
  {
    auto first = IndexWriter::Open(dir / "shard-0");
    auto second = IndexWriter::Open(dir / "shard-1");
    ASSERT_TRUE(first && second);
    auto report = read_text_folder(testing::kCorpusDir, [&](Document&& document) {
      return shard_of(document.id, 2) == 0 ? first->add_or_replace(std::move(document))
                                           : second->add_or_replace(std::move(document));
    });
    ASSERT_TRUE(report);
    ASSERT_TRUE(first->commit());
    ASSERT_TRUE(second->commit());
    ASSERT_GT(*first->document_count(), 0u);
    ASSERT_GT(*second->document_count(), 0u);
  }
  ShardServer first(dir / "shard-0"), second(dir / "shard-1");
  ASSERT_TRUE(first.running() && second.running());
  auto single = Searcher::Open(dir / "single");
  auto sharded = Searcher::Open({first.address(), second.address()});
  ASSERT_TRUE(single) << single.error().to_string();
  ASSERT_TRUE(sharded) << sharded.error().to_string();
  EXPECT_EQ(sharded->document_count(), 5u);

  // The model is built in (CMake refuses to configure without it), so the
  // corpus names people and places: facets must be non-empty, or their
  // equality below would prove nothing.
  for (const char* query : {"", "venezuela", "maduro", "president election", "\"national assembly\""}) {
    SearchRequest request;
    request.query = query;
    request.limit = 20;
    auto want = single->search(request);
    auto got = sharded->search(request);
    ASSERT_TRUE(want) << want.error().to_string();
    ASSERT_TRUE(got) << got.error().to_string();
    expect_same_results(*want, *got, std::string("query: ") + query);
    if (std::string_view(query).empty()) {
      EXPECT_GT(facet_values(*got), 0u) << "the recognizer finds entities, the shards none";
    }
  }
}

}  // namespace
}  // namespace dossier
