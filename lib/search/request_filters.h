// The filter query of a SearchRequest: its entity filters, keyword-field (and
// exact outlet) filters and publication dates, which restrict the matches
// without adding to their weight (the searcher applies it with OP_FILTER).
//
// Within one entity kind, or one field, the filters are alternatives (OR);
// the kinds, the fields and the dates must all match (AND).
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/searcher.h"
#include "dossier/status.h"

namespace dossier::search {

// The terms that stand for the entity a user's spelling names (none for no
// name): the searcher's resolver and representatives decide them.
using EntityTermsFn = std::function<std::vector<std::string>(EntityKind, std::string_view)>;

// The filter of `request`, or nullopt when it has none. kInvalidArgument for
// a field filter on a field that is neither "source" nor one of the index's
// `keyword_fields`, as the query syntax refuses an unknown field. An entity
// filter naming no entity matches nothing (the result may be
// Xapian::Query::MatchNothing).
Result<std::optional<Xapian::Query>> request_filter(const SearchRequest& request,
                                                    const EntityTermsFn& entity_terms,
                                                    const std::vector<std::string>& keyword_fields);

}  // namespace dossier::search
