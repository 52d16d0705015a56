# One INTERFACE target that carries the language level, warnings and defines every
# Bilheteria target builds with. Link it instead of repeating flags per target.
add_library(bilheteria_common INTERFACE)
target_compile_features(bilheteria_common INTERFACE cxx_std_23)
target_compile_options(bilheteria_common INTERFACE
    -Wall -Wextra -Wpedantic
    # GCC 12 reports a false -Wrestrict on some std::string concatenations at -O2/-O3.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(BILHETERIA_WERROR)
    target_compile_options(bilheteria_common INTERFACE -Werror)
endif()
