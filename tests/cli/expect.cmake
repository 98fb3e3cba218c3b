# Shared by the command-line tests (cmake -P scripts): fails the test with
# what was expected and what came.
function(expect what actual expected)
  if(NOT "${actual}" STREQUAL "${expected}")
    message(FATAL_ERROR "${what}: got '${actual}', expected '${expected}'")
  endif()
endfunction()
