# dossier-entities prints byte offsets by default and code point offsets with
# --offsets=chars. Run by ctest: cmake -DPROGRAM=... -DWORK=... -P this file.
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/offsets.txt "Chilean President Sebastián Piñera met Mike Pompeo in Santiago.\n")
foreach(unit bytes chars)
  execute_process(COMMAND ${PROGRAM} --offsets=${unit} ${WORK}/offsets.txt
                  OUTPUT_VARIABLE out_${unit} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dossier-entities --offsets=${unit} failed (${rc})")
  endif()
endforeach()
# "Sebastián Piñera" starts at character 18; "Mike Pompeo" after it is 2 bytes later in bytes.
foreach(expected "PERSON\tSebastián Piñera\t18\t34" "PERSON\tMike Pompeo\t39\t50")
  string(FIND "${out_chars}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "--offsets=chars: no '${expected}' in:\n${out_chars}")
  endif()
endforeach()
string(FIND "${out_bytes}" "PERSON\tMike Pompeo\t41\t52" at)
if(at EQUAL -1)
  message(FATAL_ERROR "default (bytes): no Mike Pompeo at 41-52 in:\n${out_bytes}")
endif()
