// Versioned schema migrations. Each backend keeps its own ordered list; a store applies the
// ones its schema_migrations table does not record yet, each in its own transaction, so
// running them twice (or from two processes at once) changes nothing.
#pragma once

#include <string_view>
#include <vector>

namespace bilheteria {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

const std::vector<Migration>& sqliteMigrations();
const std::vector<Migration>& postgresMigrations();

} // namespace bilheteria
