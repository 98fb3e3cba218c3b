# Every public call that returns a Result or Status is [[nodiscard]]: a caller
# that ignores one gets a warning. Compiles tests/api/ignored_status.cc (syntax
# only, no link) with -Werror=unused-result: it must build, and must fail with
# -DIGNORE_ERRORS. Run by ctest:
#   cmake -DCXX=... -DSTD=-std=c++23 -DINCLUDE=... -DSOURCE=... -P this file.
set(compile ${CXX} ${STD} -fsyntax-only -Werror=unused-result -I${INCLUDE} ${SOURCE})
execute_process(COMMAND ${compile} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the snippet that checks its Status does not compile:\n${err}")
endif()
execute_process(COMMAND ${compile} -DIGNORE_ERRORS RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "writer->commit(); with its Status ignored compiles without a warning")
endif()
if(NOT err MATCHES "nodiscard|unused-result")
  message(FATAL_ERROR "the snippet failed, but not for an ignored Status:\n${err}")
endif()
