#include "tests/support/errorfield.h"

namespace bilheteria::testing {

std::string fieldOf(const Error& error) {
    if (error.code != ErrorCode::InvalidRequest)
        return "<" + std::string(errorCodeName(error.code)) + ">";
    const auto& details = error.details;
    if (!details.is_object() || !details.contains("field") || !details["field"].is_string())
        return "<no details.field in " + details.dump() + ">";
    return details["field"].get<std::string>();
}

} // namespace bilheteria::testing
