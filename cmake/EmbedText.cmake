# Run as: cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P EmbedText.cmake
# Turns a data file into a C++ string_view so the binary carries its catalogs and needs no
# install-relative lookup at run time.
file(READ "${INPUT}" content)
string(FIND "${content}" ")skintwin_embed\"" bad)
if(NOT bad EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n#include <string_view>\nnamespace skintwin::io::embedded {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"skintwin_embed(${content})skintwin_embed\";\n}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
