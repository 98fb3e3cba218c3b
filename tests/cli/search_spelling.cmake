# dossier-search says "Did you mean" for a misspelled name, in its text and in
# --json, and says nothing for words the index knows.
# Run by ctest: cmake -DINDEXER=... -DSEARCH=... -DCORPUS=... -DWORK=... -P this file.
include(${CMAKE_CURRENT_LIST_DIR}/expect.cmake)
index_afresh(${CORPUS})

function(search)
  run_search(result --facets 0 ${ARGN})
  set(out "${result}" PARENT_SCOPE)
endfunction()

search("\"Mike Pompeio\" Venezeula")
if(NOT out MATCHES "\nDid you mean: \"Mike Pompeo\" Venezuela\n")
  message(FATAL_ERROR "no \"Did you mean\" line with the corrected query in:\n${out}")
endif()
search(Pompeo Venezuela)
if(out MATCHES "Did you mean")
  message(FATAL_ERROR "a suggestion for words the index knows:\n${out}")
endif()

search(--json Madurro)
string(JSON corrected GET "${out}" corrected_query)
string(JSON suggestion GET "${out}" corrections 0 suggestion)
if(NOT corrected STREQUAL "Maduro" OR NOT suggestion STREQUAL "Maduro")
  message(FATAL_ERROR "--json: corrected_query '${corrected}', suggestion '${suggestion}'")
endif()
search(--json Maduro)
string(JSON corrected ERROR_VARIABLE absent GET "${out}" corrected_query)
if(NOT absent)
  message(FATAL_ERROR "--json has a corrected_query for a known word: ${corrected}")
endif()
