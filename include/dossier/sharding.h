// Splitting a corpus into shards, and merging shards back into one index.
//
// A sharded corpus is N ordinary indexes, each holding the articles whose id
// hashes to it (shard_of), written by N independent IndexWriters (one process
// per shard, in parallel), and searched together by Searcher::Open({...}):
// local paths and "tcp://host:port" xapian-tcpsrv servers mix freely. The
// ranking is the one of a single index holding every article. See README.md,
// "Shards".
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

// The shard, in [0, shards), that the article with this id belongs to. Stable
// across runs and machines: 64-bit FNV-1a of the id's bytes, mixed by
// SplitMix64's finaliser, modulo `shards`. 0 when shards is 0 or 1. (Dossier
// 0.1 before it skipped the mixing; IndexOptions::shards makes a writer refuse
// shards split so.)
std::size_t shard_of(std::string_view id, std::size_t shards);

// Merges shards (local index directories) into a new index at `output`
// (which must not exist yet), with Xapian's compactor, the engine of
// xapian-compact. Unlike plain xapian-compact, it keeps the best display name
// of each entity across shards (the one a single index would have chosen),
// and it refuses shards that disagree on analysis settings or alias files
// (kIncompatible), or that hold the same id (kInvalidArgument). No writer may
// be writing the shards while they are merged.
[[nodiscard]] Status merge_shards(const std::vector<std::filesystem::path>& shards,
                                  const std::filesystem::path& output);

}  // namespace dossier
