# dossier-search and copies (issue 16): one hit per story by default, every
# copy with --all-copies, and --related ID never lists the article's copies.
# Run by ctest: cmake -DINDEXER=... -DSEARCH=... -DDATA=tests/data/copies -DWORK=... -P this file.
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
include(${CMAKE_CURRENT_LIST_DIR}/expect.cmake)
index_afresh(${DATA}/wire.jsonl)

function(search_json out_var)
  run_search(result --json ${ARGN})
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Every hit's id, as "a;b;c".
function(hit_ids json out_var)
  string(JSON count LENGTH "${json}" hits)
  set(ids "")
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON id GET "${json}" hits ${i} id)
      list(APPEND ids ${id})
    endforeach()
  endif()
  set(${out_var} "${ids}" PARENT_SCOPE)
endfunction()

# The wire story ran word for word in two outlets: one hit stands for both.
search_json(collapsed oil exports)
string(JSON total GET "${collapsed}" total)
string(JSON stories GET "${collapsed}" stories)
expect("total (articles)" "${total}" "3")
expect("stories" "${stories}" "2")
hit_ids("${collapsed}" ids)
expect("collapsed hits" "${ids}" "wire-reuters;pdvsa")
string(JSON copies GET "${collapsed}" hits 0 other_copies)
string(JSON source GET "${collapsed}" hits 0 copy_sources 0)
expect("other copies of the first hit" "${copies}" "1")
expect("source of its copy" "${source}" "BBC News")

search_json(every oil exports --all-copies)
hit_ids("${every}" ids)
expect("hits with --all-copies" "${ids}" "wire-reuters;wire-bbc;pdvsa")

# Related to the Reuters copy: the other oil story first, never the BBC copy.
search_json(related --related wire-reuters)
string(JSON about GET "${related}" related_to)
expect("related_to" "${about}" "wire-reuters")
hit_ids("${related}" ids)
list(GET ids 0 first)
expect("first related article" "${first}" "pdvsa")
if("wire-bbc" IN_LIST ids OR "wire-reuters" IN_LIST ids)
  message(FATAL_ERROR "--related lists the article or its copy: ${ids}")
endif()

# An unknown id is an error naming it.
execute_process(COMMAND ${SEARCH} ${WORK}/index --related no-such-id
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(rc EQUAL 0 OR NOT err MATCHES "no-such-id")
  message(FATAL_ERROR "--related no-such-id: exit ${rc}, message: ${err}")
endif()
