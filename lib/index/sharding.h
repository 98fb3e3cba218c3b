// What shard sets need inside the library: the settings every shard of one
// corpus must share (checked by merge_shards and by a Searcher over shards),
// and the record that says which shard an index is, under which shard
// function (checked by an IndexWriter opened as a shard).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>

#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier::index {

// Metadata key of the shard record, "fnv1a64-mix64 K/N": shard K of N under
// the shard function shard_of() is today. Written by IndexWriter::Open with
// IndexOptions::shards, which the writers of shard sets (dossier-index
// --shards) set; merge_shards leaves it out of the merged index.
inline constexpr std::string_view kShardKey = "dossier.shard";
// The name of shard_of()'s function in shard records. Dossier 0.1 before it
// took FNV-1a modulo N and wrote no record.
inline constexpr std::string_view kShardFunction = "fnv1a64-mix64";

// Checks that `database` (at `directory`) is shard `shard` of `shards` under
// kShardFunction, and records it in an index without articles or record.
Status check_shard_record(Xapian::WritableDatabase& database, const std::string& directory,
                          std::size_t shard, std::size_t shards);

// What every shard of one corpus must agree on: searches resolve words and
// entity filters the same way only if they do.
struct ShardSettings {
  AnalysisOptions analysis;
  std::string aliases;  // the alias file's text (kAliasesKey)
};

// A shard's settings; kIncompatible when `database` is no Dossier index (or
// a future one), kCorruption for damaged settings. `name` names the shard.
Result<ShardSettings> read_shard_settings(const Xapian::Database& database,
                                          const std::string& name);

// kIncompatible, naming both shards, when `shard` differs from `first`.
Status check_same_settings(const ShardSettings& first, const std::string& first_name,
                           const ShardSettings& shard, const std::string& shard_name);

}  // namespace dossier::index
