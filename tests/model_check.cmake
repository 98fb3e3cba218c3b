# Run by the entity_model_is_checked_at_configure_time test: configuring
# Dossier with a missing or an empty entity model must stop with an error
# naming the file, not build a recognizer that finds nothing.
#   cmake -DSOURCE=<repo> -DWORK=<scratch dir> -P model_check.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/empty.bin "")
foreach(model ${WORK}/empty.bin ${WORK}/missing.bin)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -DDOSSIER_NER_MODEL=${model}
            -DDOSSIER_BUILD_TESTS=OFF -DDOSSIER_BUILD_EXAMPLES=OFF
            -DDOSSIER_BUILD_BENCHMARKS=OFF -DDOSSIER_INSTALL=OFF
    RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE errors)
  if(result EQUAL 0)
    message(FATAL_ERROR "configuring with the entity model ${model} succeeded")
  endif()
  string(REPLACE "\n" " " errors "${errors}")
  if(NOT errors MATCHES "entity model.*${model}")
    message(FATAL_ERROR "the configure error does not name the model ${model}: ${errors}")
  endif()
  file(REMOVE_RECURSE ${WORK}/build)
endforeach()
