# Installs jimsim's build into a scratch prefix and builds a consumer project against the package:
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DCONSUMER_DIR=... -DCONFIG=... -DGENERATOR=...
#         -DMAKE_PROGRAM=... -DCXX_COMPILER=... -DLIBDIR=lib -DVERSION=x.y.z -P check_package.cmake
# Checks: the headers (with the generated sim/version.hpp), the jimsim program (it runs) and the package files
# are installed; the exported targets carry neither jimsim's warning options nor a path into its
# source or build tree; the consumer finds this prefix's package, builds, runs one replicate and
# prints the families and placements it counted.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE failed OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(failed)
    message(FATAL_ERROR "${what} failed (${failed}):\n${ARGN}\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(config_args "")
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()

run("installing jimsim" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_args})

set(package_dir ${prefix}/${LIBDIR}/cmake/jimsim)
foreach(file IN ITEMS include/jimsim/sim/parameters.hpp include/jimsim/sim/replicate.hpp
                      include/jimsim/sim/processes/intake.hpp include/jimsim/sim/version.hpp
                      include/jimsim/plan/run_plan.hpp include/jimsim/io/scenario.hpp
                      include/jimsim/exec/runner.hpp include/jimsim/analysis/comparison.hpp bin/jimsim
                      ${LIBDIR}/cmake/jimsim/jimsimConfig.cmake ${LIBDIR}/cmake/jimsim/jimsimConfigVersion.cmake)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${prefix}/${file}")
  endif()
endforeach()
run("running the installed jimsim" ${prefix}/bin/jimsim --version)
if(NOT output MATCHES "^jimsim ${VERSION}")
  message(FATAL_ERROR "the installed jimsim printed the version '${output}', not ${VERSION}...")
endif()
file(GLOB exported ${package_dir}/*.cmake)
foreach(file IN LISTS exported)
  file(READ ${file} text)
  foreach(leak IN ITEMS jimsim_warnings -Wall -Werror -fno-sanitize-recover "${SOURCE_DIR}/" "${BUILD_DIR}/")
    string(FIND "${text}" "${leak}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} names '${leak}': build-only settings or paths leak into the package")
    endif()
  endforeach()
endforeach()

set(consumer_build ${WORK_DIR}/consumer-build)
set(configure_args -S ${CONSUMER_DIR} -B ${consumer_build} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CONFIG)
  list(APPEND configure_args -DCMAKE_BUILD_TYPE=${CONFIG})
endif()
run("configuring the consumer" ${CMAKE_COMMAND} ${configure_args})
string(FIND "${output}" "jimsim ${VERSION} from ${package_dir}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the consumer did not use the package installed in ${prefix}:\n${output}")
endif()
run("building the consumer" ${CMAKE_COMMAND} --build ${consumer_build} ${config_args})

set(program ${consumer_build}/consumer)
if(CONFIG AND EXISTS ${consumer_build}/${CONFIG}/consumer)  # multi-configuration generators
  set(program ${consumer_build}/${CONFIG}/consumer)
endif()
run("running the consumer" ${program})
if(NOT output MATCHES "jimsim ${VERSION}[^\n]*\nfamilies 120\nplacements [0-9]+\n")
  message(FATAL_ERROR "unexpected output of the consumer:\n${output}")
endif()
message(STATUS "consumer output:\n${output}")
file(REMOVE_RECURSE ${WORK_DIR})
