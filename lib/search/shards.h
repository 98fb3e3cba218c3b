// Opening the databases a Searcher reads: one local index, or several shards
// (local paths or "tcp://host:port" xapian-tcpsrv addresses) searched as one.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "dossier/options.h"
#include "dossier/status.h"

namespace dossier::search {

struct OpenedShards {
  Xapian::Database database;  // all shards combined; Xapian merges their statistics
  AnalysisOptions analysis;   // the settings every shard was created with
};

// Fails with kNotFound for a missing path, kUnavailable for an unreachable
// server, kIncompatible for a directory that is not a Dossier index or shards
// created with different analysis settings.
Result<OpenedShards> open_shards(const std::vector<std::string>& shards);

}  // namespace dossier::search
