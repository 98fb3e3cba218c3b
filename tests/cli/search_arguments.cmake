# dossier-search's command line (CLI11): a single "-word" is a query term
# (NOT word), wherever it stands; a repeatable option takes one value, so the
# words after it stay in the query; a mistyped option is refused.
# Run by ctest: cmake -DINDEXER=... -DSEARCH=... -DCORPUS=... -DWORK=... -P this file.
include(${CMAKE_CURRENT_LIST_DIR}/expect.cmake)
index_afresh(${CORPUS})

# Runs dossier-search over the index; sets `matches` and `query` from its first
# line ("[about] N matches for "QUERY"").
function(search)
  run_search(out --facets 0 ${ARGN})
  if(NOT out MATCHES "^(about )?([0-9]+) match(es)? for \"([^\"]*)\"")
    message(FATAL_ERROR "dossier-search ${ARGN}: no match count in:\n${out}")
  endif()
  set(matches ${CMAKE_MATCH_2} PARENT_SCOPE)
  set(query "${CMAKE_MATCH_4}" PARENT_SCOPE)
endfunction()

search(pompeo)
set(all ${matches})
search(pompeo guaido)
set(with ${matches})
search(pompeo -guaido)
set(without ${matches})
expect("query of pompeo -guaido" "${query}" "pompeo -guaido")
math(EXPR sum "${with} + ${without}")
expect("pompeo guaido + pompeo -guaido" ${sum} ${all})
if(without EQUAL 0 OR without EQUAL all)
  message(FATAL_ERROR "corpus/ no longer splits pompeo by guaido (${without} of ${all}): pick another word")
endif()
# First, and between options: still a query term.
search(-guaido --limit 1 pompeo)
expect("query of -guaido --limit 1 pompeo" "${query}" "-guaido pompeo")
expect("matches of -guaido pompeo" ${matches} ${without})
# A repeatable option takes one value; the words after it are the query.
search(--source "no such outlet" pompeo -guaido)
expect("query after --source" "${query}" "pompeo -guaido")
expect("matches from an outlet that does not exist" ${matches} 0)

execute_process(COMMAND ${SEARCH} ${WORK}/index --lmit 3 pompeo
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
expect("exit status of a mistyped option" ${rc} 2)
if(NOT err MATCHES "unknown option --lmit")
  message(FATAL_ERROR "a mistyped option is not named in: ${err}")
endif()
execute_process(COMMAND ${SEARCH} --help OUTPUT_VARIABLE out RESULT_VARIABLE rc)
expect("exit status of --help" ${rc} 0)
if(NOT out MATCHES "--limit")
  message(FATAL_ERROR "--help lists no --limit:\n${out}")
endif()

# --batch: a query that fails (or a line without a tab) is reported, the others
# are run, and the exit status says the run is incomplete.
file(WRITE ${WORK}/queries.tsv "q1\tpompeo\nq2\t(maduro\nno tab here\nq3\tguaido\n")
execute_process(COMMAND ${SEARCH} ${WORK}/index --batch ${WORK}/queries.tsv --trec ${WORK}/run.txt
                RESULT_VARIABLE code ERROR_VARIABLE err)
file(READ ${WORK}/run.txt run)
if(code EQUAL 0 OR NOT err MATCHES "queries.tsv:2: query q2" OR NOT err MATCHES "queries.tsv:3:"
   OR NOT run MATCHES "q1 Q0" OR NOT run MATCHES "q3 Q0")
  message(FATAL_ERROR "--batch with a bad query: exit ${code}, stderr:\n${err}\nrun:\n${run}")
endif()

# dossier-index refuses an input that does not exist before it creates an index.
execute_process(COMMAND ${INDEXER} ${WORK}/never-made ${WORK}/no-such-input
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "no such file or directory" OR EXISTS ${WORK}/never-made)
  message(FATAL_ERROR "dossier-index with a missing input: exit ${code}, stderr:\n${err}")
endif()
