# Writes generated/sim/version.hpp at every build (not only at configure time): the program version
# recorded in results files and in a plan's fingerprint must change whenever the code does, or a
# --resume or merge could mix units computed by different code. The version is the project version,
# the git commit (git describe), and for uncommitted changes a hash of the diff against the commit.
# The file is rewritten only when the text changes, so an unchanged tree rebuilds nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -DVERSION=... -P write_version.cmake
execute_process(COMMAND git describe --always --dirty --abbrev=12
                WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE describe
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(suffix "")
if(describe)
  set(suffix "+${describe}")
  if(describe MATCHES "-dirty$")
    execute_process(COMMAND git diff HEAD WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE diff ERROR_QUIET)
    string(SHA1 hash "${diff}")
    string(SUBSTRING "${hash}" 0 12 short)
    set(suffix "${suffix}.${short}")
  endif()
endif()
set(text "#pragma once\nnamespace jimsim {\ninline constexpr const char* program_version = \"${VERSION}${suffix}\";\n}\n")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
