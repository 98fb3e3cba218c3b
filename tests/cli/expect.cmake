# Shared by the command-line tests (cmake -P scripts).

# Fails the test with what was expected and what came.
function(expect what actual expected)
  if(NOT "${actual}" STREQUAL "${expected}")
    message(FATAL_ERROR "${what}: got '${actual}', expected '${expected}'")
  endif()
endfunction()

# Indexes `source` (a folder or a JSON Lines file) into ${WORK}/index, afresh.
function(index_afresh source)
  file(REMOVE_RECURSE ${WORK})
  execute_process(COMMAND ${INDEXER} --quiet ${WORK}/index ${source}
                  OUTPUT_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dossier-index failed (${rc})")
  endif()
endfunction()

# Runs dossier-search over ${WORK}/index with the arguments after `out_var`,
# which receives its output; a failing run fails the test.
function(run_search out_var)
  execute_process(COMMAND ${SEARCH} ${WORK}/index ${ARGN}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dossier-search ${ARGN} failed (${rc}): ${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
