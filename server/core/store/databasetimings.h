// How long the store's callers wait for a database connection and how long their work on it
// takes, reported for monitoring (the app wires it to the metrics). Neutral, like the rest of
// core/store: no Prometheus here. Called from every thread that uses the store, so an
// implementation is thread-safe and quick (it runs on the request path).
#pragma once

#include <string_view>

namespace bilheteria {

class DatabaseTimings {
public:
    virtual ~DatabaseTimings() = default;
    // `store` is the backend's name ("sqlite", "postgresql"), as Storage::backendName() says.
    // Waiting covers the pool (PostgreSQL) or the one writer's lock (SQLite).
    virtual void connectionWaited(std::string_view store, double seconds) = 0;
    // One transaction (or one single-statement call), from its start to commit or rollback.
    virtual void transactionTook(std::string_view store, double seconds) = 0;
};

} // namespace bilheteria
