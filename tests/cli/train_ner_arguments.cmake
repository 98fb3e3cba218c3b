# dossier-train-ner reports a bad command line (a malformed --train spec, a
# number that is not one, a missing --out) with exit code 2 and a message that
# names the problem, instead of an uncaught exception.
# Run by ctest: cmake -DTRAINER=... -P this file.
function(expect_usage_error expected)
  execute_process(COMMAND ${TRAINER} ${ARGN} RESULT_VARIABLE rc ERROR_VARIABLE err
                  OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "dossier-train-ner ${ARGN}: exit ${rc}, expected 2\n${err}")
  endif()
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "dossier-train-ner ${ARGN}: no '${expected}' in:\n${err}")
  endif()
endfunction()

expect_usage_error("weight takes a whole number" --train train.conll:weight=two --out m.bin)
expect_usage_error("unknown option 'docs=paragraph'" --train train.conll:docs=paragraph --out m.bin)
expect_usage_error("--epochs1" --train train.conll --epochs1 12x --out m.bin)
expect_usage_error("--prune" --train train.conll --prune lots --out m.bin)
expect_usage_error("give --out" --train train.conll)
