# One interface target carries the project's warning and sanitizer flags so every target
# (library, CLI, tests, benchmarks) is built the same way.
add_library(skintwin_build_flags INTERFACE)
target_compile_options(skintwin_build_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wno-missing-field-initializers>)
# Lane vectors (8 doubles, include/skintwin/solver/lanes.hpp) are passed and returned by value
# between inline helpers; on a CPU without AVX-512 GCC notes that such a 64-byte vector changed
# its calling convention in GCC 4.6 (-Wpsabi). They never cross a library boundary, so the note
# does not apply, and with -Werror it would stop the build on such a machine.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(skintwin_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-psabi>)
endif()
if(SKINTWIN_WERROR)
  target_compile_options(skintwin_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
endif()
if(SKINTWIN_SANITIZE)
  target_compile_options(skintwin_build_flags INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(skintwin_build_flags INTERFACE -fsanitize=address,undefined)
endif()
# No fused multiply-adds anywhere: a*b+c rounds twice on every instruction set, so a build for
# this CPU (-march=native, wider vectors, FMA units) and a portable one give the same bits, and so
# do the batched reaction kernels' clones and the scalar integrator (src/model/healing_reactions.cpp).
target_compile_options(skintwin_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>)
if(SKINTWIN_NATIVE)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native SKINTWIN_HAS_MARCH_NATIVE)
  if(SKINTWIN_HAS_MARCH_NATIVE)
    target_compile_options(skintwin_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
  else()
    message(WARNING "SKINTWIN_NATIVE: the compiler does not take -march=native; building for its default CPU")
  endif()
endif()
