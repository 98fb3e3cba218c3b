// "Did you mean": corrections of misspelled query words from the index's own
// spelling dictionary (index/spelling_words.h), most frequent neighbour first.
//
// The rules, per word of free text or title: (filters, source: and wildcards
// are never touched); an edit inserts, deletes, replaces or swaps a letter:
//  - Words of fewer than kMinCorrectedBytes, function words and words with
//    digits are left alone.
//  - A word that kMinKnownDocuments articles or more contain is left alone:
//    the index knows it. Folding and stemming come first, so "Guaido" is the
//    known word of articles that write "Guaidó".
//  - A word no article contains becomes the dictionary's most frequent word
//    within one edit (two for words of kTwoEditBytes or more) that some
//    article contains.
//  - A word fewer articles contain (a typo in the articles themselves:
//    "goverment"), of kMinCorrectedKnownBytes or more, becomes the most
//    frequent word one edit away if kRarerFactor times as many articles
//    contain that. Rare real words beside common ones ("franca", "france")
//    are why the bar is high: scripts/eval-spelling.sh measures both sides.
//  - A suggestion that stems like the word finds the same articles: none.
//  - The corrected query is the query text with those words swapped, its
//    syntax (quotes, fields, operators) and other words as typed.
//
// Without a dictionary (remote shards: Xapian's remote protocol does not carry
// the spelling table; indexes written before it existed, or with
// IndexOptions::spelling_dictionary off), the candidates are the words one
// edit away (letters a-z) and the suggestion is the one whose term most
// articles have: the same rules, a narrower reach.
#pragma once

#include <xapian.h>

#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/searcher.h"
#include "search/query_parser.h"

namespace dossier::search {

// Chosen with scripts/eval-spelling.sh at seed 1 (README.md "Did you mean").
inline constexpr std::size_t kMinCorrectedBytes = 4;
inline constexpr std::size_t kTwoEditBytes = 6;
inline constexpr Xapian::doccount kMinKnownDocuments = 3;
inline constexpr std::size_t kMinCorrectedKnownBytes = 6;
inline constexpr Xapian::doccount kRarerFactor = 100;

// Fills results.corrected_query and results.corrections when some word of
// `query` (parsed into `words`) looks misspelled; leaves them empty otherwise.
// `matched`: the search's matches (an MSet of `database` for a query with
// every word's term), whose statistics give each word's frequency.
// `any_remote`: some shard of `database` is a remote server.
void suggest_spelling(const Xapian::Database& database, const Xapian::MSet& matched,
                      analysis::Analyzer& analyzer, std::string_view query,
                      const std::vector<ParsedQuery::Word>& words, bool any_remote,
                      SearchResults& results);

}  // namespace dossier::search
