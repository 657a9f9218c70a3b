# Test names that ctest's discovery (catch_discover_tests) cannot carry: a ';' cuts the name (the
# test then never runs), a '[' without its ']' swallows the tests after it, and a leading '-' reads
# as an option. Each of these once hid tests from the suite.
file(GLOB sources ${TEST_DIR}/*.cpp)
set(bad "")
foreach(source ${sources})
  file(STRINGS ${source} lines REGEX "TEST_CASE\\(\"")
  foreach(line ${lines})
    string(REGEX MATCH "TEST_CASE\\(\"([^\"]*)\"" _ "${line}")
    set(name "${CMAKE_MATCH_1}")
    if(name MATCHES ";" OR name MATCHES "\\[[^]]*$" OR name MATCHES "^-")
      get_filename_component(file ${source} NAME)
      string(APPEND bad "\n  ${file}: ${name}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test names ctest cannot run as written:${bad}")
endif()
