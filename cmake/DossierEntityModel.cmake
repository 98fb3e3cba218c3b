# Builds the trained entity model (data/ner-model.bin, made by
# dossier-train-ner) into the library, so programs need no data file at run time.
# Without it the recognizer would find nothing at all, silently: a missing or
# empty model stops the configuration instead.
set(DOSSIER_NER_MODEL ${PROJECT_SOURCE_DIR}/data/ner-model.bin CACHE FILEPATH
    "The entity model built into the library")
if(NOT EXISTS ${DOSSIER_NER_MODEL} OR IS_DIRECTORY ${DOSSIER_NER_MODEL})
  message(FATAL_ERROR "The entity model ${DOSSIER_NER_MODEL} is missing. It is part of the "
                      "repository (git checkout data/ner-model.bin), or rebuild it with "
                      "scripts/train-ner.sh.")
endif()
file(SIZE ${DOSSIER_NER_MODEL} model_size)
if(model_size EQUAL 0)
  message(FATAL_ERROR "The entity model ${DOSSIER_NER_MODEL} is empty; restore it "
                      "(git checkout data/ner-model.bin) or rebuild it with scripts/train-ner.sh.")
endif()
set(model_asm ${CMAKE_CURRENT_BINARY_DIR}/ner_model_data.S)
file(WRITE ${model_asm}
  "    .section .rodata\n"
  "    .balign 16\n"
  "    .global dossier_ner_model_begin\n"
  "dossier_ner_model_begin:\n"
  "    .incbin \"${DOSSIER_NER_MODEL}\"\n"
  "    .global dossier_ner_model_end\n"
  "dossier_ner_model_end:\n"
  "    .section .note.GNU-stack,\"\",@progbits\n")
set_source_files_properties(${model_asm} PROPERTIES OBJECT_DEPENDS ${DOSSIER_NER_MODEL})
target_sources(dossier PRIVATE ${model_asm})
target_compile_definitions(dossier PRIVATE DOSSIER_HAVE_NER_MODEL=1)
