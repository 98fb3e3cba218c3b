# Installs Dossier to a scratch prefix and builds tests/consumer against it, the
# ways a user would, then runs each program. Called by ctest:
#   package_consumer         the static library: find_package(Dossier), and
#                            pkg-config --static
#   package_consumer_shared  Dossier built again with BUILD_SHARED_LIBS=ON from
#                            ROOT: find_package(Dossier) and pkg-config, and the
#                            program must load libdossier.so by its soname
# Arguments: -DBUILD=<Dossier build> -DROOT=<Dossier source> -DSOURCE=<consumer>
#            -DWORK=<scratch> -DSHARED=ON|OFF -DCXX=<compiler> [-DLAUNCHER=ccache]
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE failed)
  if(failed)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed: ${command}")
  endif()
endfunction()

set(prefix ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})
set(build ${BUILD})
if(SHARED)
  set(build ${WORK}/dossier-shared)
  run(${CMAKE_COMMAND} -S ${ROOT} -B ${build} -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON
      -DDOSSIER_BUILD_TESTS=OFF -DDOSSIER_BUILD_EXAMPLES=OFF -DDOSSIER_BUILD_BENCHMARKS=OFF
      -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
  run(${CMAKE_COMMAND} --build ${build} -j 2)
endif()
run(${CMAKE_COMMAND} --install ${build} --prefix ${prefix})

# find_package(Dossier)
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK}/build)
run(${WORK}/build/consumer ${WORK}/index)

# pkg-config
file(GLOB pc_file ${prefix}/lib*/pkgconfig/dossier.pc ${prefix}/lib/*/pkgconfig/dossier.pc)
if(NOT pc_file)
  message(FATAL_ERROR "no dossier.pc installed under ${prefix}")
endif()
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
if(SHARED)
  set(static_flag "")
else()
  set(static_flag --static)
endif()
execute_process(COMMAND pkg-config ${static_flag} --cflags --libs dossier
                OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "pkg-config does not know dossier")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} -std=c++23 ${SOURCE}/consumer.cc -o ${WORK}/consumer-pc ${flags})
if(SHARED)
  set(ENV{LD_LIBRARY_PATH} ${pc_dir}/..)
endif()
run(${WORK}/consumer-pc ${WORK}/index-pc)

# README.md's first example ("Using it"), as a user would paste it: it must
# build with no result ignored and print its hit and the entities it names.
if(NOT SHARED)
  file(READ ${ROOT}/README.md readme)
  string(FIND "${readme}" "## Using it" at)
  string(SUBSTRING "${readme}" ${at} -1 readme)
  string(FIND "${readme}" "```cpp\n" begin)
  math(EXPR begin "${begin} + 7")
  string(SUBSTRING "${readme}" ${begin} -1 readme)
  string(FIND "${readme}" "```" end)
  string(SUBSTRING "${readme}" 0 ${end} example)
  file(WRITE ${WORK}/readme_example.cc "${example}")
  run(${CXX} -std=c++23 -Wall -Werror=unused-result ${WORK}/readme_example.cc
      -o ${WORK}/readme_example ${flags})
  file(MAKE_DIRECTORY ${WORK}/readme-run)
  execute_process(COMMAND ${WORK}/readme_example WORKING_DIRECTORY ${WORK}/readme-run
                  OUTPUT_VARIABLE printed RESULT_VARIABLE failed)
  if(failed OR NOT printed MATCHES "1\\. Piñera meets Pompeo"
     OR NOT printed MATCHES "person: Mike Pompeo \\(1\\)")
    message(FATAL_ERROR "README.md's example failed (${failed}) or printed:\n${printed}")
  endif()
endif()

if(SHARED)
  # The program names the library by its soname, not a plain libdossier.so.
  execute_process(COMMAND readelf -d ${WORK}/build/consumer OUTPUT_VARIABLE dynamic)
  if(NOT dynamic MATCHES "libdossier\\.so\\.[0-9]+\\.[0-9]+")
    message(FATAL_ERROR "the consumer does not load libdossier.so by its soname:\n${dynamic}")
  endif()
endif()
