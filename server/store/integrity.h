// The integrity checks of `bilheteria-server check`, as SQL both stores run: each query returns
// one text column, one row per problem found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bilheteria {

// `now` (Unix seconds) is written into the queries as a number: it decides which holds still
// count against a customer's limit.
std::vector<std::string> integrityQueries(std::int64_t now);

} // namespace bilheteria
