# Writes generated/sim/version.hpp at every build (not only at configure time): the program version
# recorded in results files and in a plan's fingerprint must change whenever the code does, or a
# --resume or merge could mix units computed by different code. The version is the project version,
# the git commit (git describe), and for uncommitted changes a hash of the diff against the commit;
# program_version_text says it in words for `jimsim --version`.
# The file is rewritten only when the text changes, so an unchanged tree rebuilds nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -DVERSION=... -P write_version.cmake
execute_process(COMMAND git describe --always --dirty --abbrev=12
                WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE describe
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(suffix "")
# `jimsim --version` says the same in words; a tag in the describe output would hide the commit.
set(words "commit unknown: built outside a git checkout")
if(describe)
  set(suffix "+${describe}")
  execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE commit
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  set(words "commit ${commit}")
  if(describe MATCHES "-dirty$")
    execute_process(COMMAND git diff HEAD WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE diff ERROR_QUIET)
    string(SHA1 hash "${diff}")
    string(SUBSTRING "${hash}" 0 12 short)
    set(suffix "${suffix}.${short}")
    set(words "${words}, uncommitted changes hash ${short}")
  endif()
endif()
string(CONCAT text "#pragma once\nnamespace jimsim {\ninline constexpr const char* program_version = \"${VERSION}${suffix}\";\n"
       "inline constexpr const char* program_version_text = \"jimsim ${VERSION} (${words})\";\n}\n")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
