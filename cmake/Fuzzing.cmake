# The fuzz build (-DBILHETERIA_FUZZ=ON, a build folder of its own, clang as the compiler):
# everything compiled with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage,
# so the harnesses in fuzz/ find crashes, leaks and undefined behaviour in the code they reach.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "BILHETERIA_FUZZ needs clang 16 or newer with libFuzzer "
        "(clang-16 and libclang-rt-16-dev): -DCMAKE_CXX_COMPILER=clang++-16")
endif()
# libstdc++ 12 offers std::expected only when __cpp_concepts says C++20's conditionally trivial
# special members (P0848); clang 16 implements them but still reports the older value.
add_compile_options(-U__cpp_concepts -D__cpp_concepts=202002L)
# Optimized enough to fuzz fast, line tables for the sanitizers' stack traces; any undefined
# behaviour stops the run like a crash.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
