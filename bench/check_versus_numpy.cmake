# ctest bench_versus_numpy_smoke (bench/CMakeLists.txt): runs bench/versus_numpy.py --quick --scale and
# checks that it exits 0, prints every table and writes its JSON. No timing is checked.
#   cmake -DPYTHON=... -DSCRIPT=.../versus_numpy.py -DJIMSIM=... -DBENCH=... -DJSON=out.json -P this file
file(REMOVE ${JSON})
execute_process(COMMAND ${PYTHON} ${SCRIPT} --quick --scale --jimsim ${JIMSIM} --bench ${BENCH} --json ${JSON}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "versus_numpy.py exited with ${code}:\n${err}")
endif()
foreach(expected "ns per family-week \\(lower is faster; medians\\), side by side" "jimsim run -t 1 +[0-9.]+ +[0-9.]+"
        "jimsim run -t 2 +[0-9.]+ +[0-9.]+" "NumPy \\(simulation\\) +[0-9.]+ +[0-9.]+"
        "NumPy / jimsim -t 1 \\(goal >= 10\\) +[0-9.]+x +[0-9.]+x" "speed-up -t 1 -> -t 2 +[0-9.]+x +[0-9.]+x"
        "Share of time spent writing results" "[-0-9.]+ bytes per family" "MB per replicate in flight"
        "max / min: [0-9.]+")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "versus_numpy.py's output lacks /${expected}/")
  endif()
endforeach()
if(NOT EXISTS ${JSON})
  message(FATAL_ERROR "versus_numpy.py did not write ${JSON}")
endif()
file(READ ${JSON} figures)
foreach(key jimsim_run numpy comparison write_share memory scale)
  string(JSON value ERROR_VARIABLE problem GET "${figures}" ${key})
  if(problem)
    message(FATAL_ERROR "${JSON} lacks ${key}: ${problem}")
  endif()
endforeach()
