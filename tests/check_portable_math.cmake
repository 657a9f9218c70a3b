# Fails when code whose numbers reach results (sim/, plan/, analysis/) calls a libm function that
# glibc picks at run time by the instruction set it finds (exp, log, pow, the trigonometric
# functions and those built on them), or a distribution (Boost's or the standard library's) that
# calls them: the last bit of a result could then differ from one x86-64 machine to the next.
# sim/portable_math.hpp and sim/distributions.hpp have portable ones. A line may keep such a call
# when a `// libm:` comment on the same line says why (a check no result reads, or a known
# exception the README names).
set(offenders "")
foreach(dir IN LISTS SOURCE_DIRS)
  file(GLOB_RECURSE sources ${dir}/*.hpp ${dir}/*.cpp)
  foreach(source IN LISTS sources)
    # Line by line: brackets and semicolons would make CMake's list splitting glue lines together.
    file(READ ${source} text)
    string(REPLACE ";" "," text "${text}")
    string(REPLACE "[" "(" text "${text}")
    string(REPLACE "]" ")" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    foreach(line IN LISTS lines)
      if(line MATCHES "// libm:")
        continue()
      endif()
      if(line MATCHES "std::(exp|exp2|expm1|log|log2|log10|log1p|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|lgamma|tgamma|cbrt|hypot)\\("
         OR line MATCHES "std::[a-z_]+_distribution"
         OR line MATCHES "boost/random/[a-z_]*(normal|exponential|gamma|beta|poisson|lognormal|weibull|cauchy|chi_squared|student_t)[a-z_]*\\.hpp"
         OR line MATCHES "boost/math/")
        list(APPEND offenders "${source}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(offenders)
  list(JOIN offenders "\n" message)
  message(FATAL_ERROR "results would depend on the machine's libm (use sim/portable_math.hpp):\n${message}")
endif()
