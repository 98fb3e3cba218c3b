// Everything a program needs to index and search articles with Dossier.
#pragma once

#include "dossier/document.h"
#include "dossier/entities.h"
#include "dossier/index_writer.h"
#include "dossier/ingest.h"
#include "dossier/options.h"
#include "dossier/searcher.h"
#include "dossier/sharding.h"
#include "dossier/status.h"
#include "dossier/version.h"
