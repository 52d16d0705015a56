// What a failed validation names: the field of an invalid_request, or a description of what
// came back instead, so a wrong answer reads plainly in a test failure.
#pragma once

#include <string>

#include "shared/error.h"

namespace bilheteria::testing {

// `details.field` of an invalid_request; "<code>" for another error; "<no details.field …>".
std::string fieldOf(const Error& error);

// fieldOf the result's error, or "<accepted>" when it succeeded.
template <typename T> std::string failedField(const Result<T>& result) {
    return result ? "<accepted>" : fieldOf(result.error());
}

} // namespace bilheteria::testing
