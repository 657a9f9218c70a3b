# Install rules and the CMake package, so another project can build on jimsim:
#
#   cmake --install build --prefix /opt/jimsim
#   find_package(jimsim CONFIG REQUIRED)                      # CMAKE_PREFIX_PATH=/opt/jimsim
#   target_link_libraries(app PRIVATE jimsim::model)
#
# Two export sets, so that the model needs no more than it needs:
#   - jimsim-model-targets.cmake: jimsim::model and jimsim::plan (Boost headers and fmt), always loaded;
#   - jimsim-targets.cmake: jimsim::io, jimsim::exec and jimsim::analysis (also HDF5, toml++, Threads,
#     Eigen3 and, when built with it, MPI), loaded for find_package(jimsim CONFIG REQUIRED COMPONENTS io)
#     (or exec, analysis); HDF5's find module needs the C language enabled in the consumer's project.
# Headers go to include/jimsim/{sim,plan,io,exec,analysis}, with the generated sim/version.hpp, and the
# targets' INSTALL_INTERFACE include dir is include/jimsim, so #include "sim/parameters.hpp" works.
# jimsim_warnings (warnings, sanitizers) is linked as $<BUILD_INTERFACE:jimsim_warnings> and is not
# exported. A library built with JIMSIM_SANITIZERS=ON holds instrumented code, though: its installed
# jimsim::model asks the final link for -fsanitize=address,undefined.
include(CMakePackageConfigHelpers)

set(JIMSIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/jimsim)
set(jimsim_model_libraries jimsim_model jimsim_plan)
set(jimsim_file_libraries jimsim_io jimsim_exec jimsim_analysis)

foreach(library IN LISTS jimsim_model_libraries jimsim_file_libraries)
  string(REPLACE "jimsim_" "" short ${library})
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${short})
  add_library(jimsim::${short} ALIAS ${library})  # the same names inside a super-build
endforeach()

if(JIMSIM_SANITIZERS)
  target_link_options(jimsim_model INTERFACE $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
endif()
if(JIMSIM_MPI AND MPI_CXX_FOUND)
  set(JIMSIM_EXPORT_MPI ON)  # jimsim_exec links MPI::MPI_CXX (privately, but it is a static library)
else()
  set(JIMSIM_EXPORT_MPI OFF)
endif()

install(TARGETS ${jimsim_model_libraries} EXPORT jimsimModelTargets)
install(TARGETS ${jimsim_file_libraries} EXPORT jimsimTargets)
# The command line, to bin/; it keeps the run path to libraries outside the system's directories
# (OpenMPI's, HDF5's) that the build tree's binary has.
set_target_properties(jimsim PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
install(TARGETS jimsim)

foreach(layer IN ITEMS sim plan io exec analysis)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jimsim
          FILES_MATCHING PATTERN "*.hpp" PATTERN "__pycache__" EXCLUDE)
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/generated/sim/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jimsim/sim)

install(EXPORT jimsimModelTargets NAMESPACE jimsim:: FILE jimsim-model-targets.cmake
        DESTINATION ${JIMSIM_INSTALL_CMAKEDIR})
install(EXPORT jimsimTargets NAMESPACE jimsim:: FILE jimsim-targets.cmake DESTINATION ${JIMSIM_INSTALL_CMAKEDIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/jimsimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/jimsimConfig.cmake
                              INSTALL_DESTINATION ${JIMSIM_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/jimsimConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/jimsimConfig.cmake ${PROJECT_BINARY_DIR}/jimsimConfigVersion.cmake
        DESTINATION ${JIMSIM_INSTALL_CMAKEDIR})
