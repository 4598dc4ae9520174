# One interface target carries the project's warning and sanitizer flags so every target
# (library, CLI, tests, benchmarks) is built the same way.
add_library(skintwin_build_flags INTERFACE)
target_compile_options(skintwin_build_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wno-missing-field-initializers>)
if(SKINTWIN_WERROR)
  target_compile_options(skintwin_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
endif()
if(SKINTWIN_SANITIZE)
  target_compile_options(skintwin_build_flags INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(skintwin_build_flags INTERFACE -fsanitize=address,undefined)
endif()
if(SKINTWIN_NATIVE)
  target_compile_options(skintwin_build_flags INTERFACE -march=native)
endif()
