// The SQLite schema. Times are Unix seconds (INTEGER); every rule the code enforces has a
// constraint behind it, so a bug cannot corrupt the data silently.
#include "server/store/migrations.h"

namespace bilheteria {

const std::vector<Migration>& sqliteMigrations() {
    static const std::vector<Migration> migrations{
        {1, "accounts, sessions, events, sections and seats", R"sql(
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE
                   CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role           TEXT NOT NULL CHECK (role IN ('buyer', 'clerk', 'organizer', 'admin')),
    password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret    TEXT,
    totp_pending   TEXT,
    totp_last_step INTEGER,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL CHECK (expires_at > created_at)
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE events (
    id                       INTEGER PRIMARY KEY,
    name                     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    venue                    TEXT NOT NULL CHECK (length(venue) BETWEEN 1 AND 200),
    starts_at                INTEGER NOT NULL,
    sale_starts_at           INTEGER NOT NULL,
    sale_ends_at             INTEGER NOT NULL CHECK (sale_ends_at > sale_starts_at),
    currency                 TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    max_tickets_per_customer INTEGER NOT NULL CHECK (max_tickets_per_customer BETWEEN 1 AND 100),
    hold_seconds             INTEGER NOT NULL CHECK (hold_seconds BETWEEN 60 AND 1800),
    queue_enabled            INTEGER NOT NULL CHECK (queue_enabled IN (0, 1)),
    admit_per_minute         INTEGER NOT NULL CHECK (admit_per_minute BETWEEN 1 AND 1000000),
    created_by               INTEGER NOT NULL REFERENCES users (id),
    created_at               INTEGER NOT NULL
);
CREATE INDEX events_by_start ON events (starts_at, id);

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('seated', 'general')),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    capacity    INTEGER NOT NULL CHECK (capacity >= 0),
    UNIQUE (event_id, position),
    UNIQUE (event_id, name)
);

CREATE TABLE seats (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    row_label  TEXT NOT NULL CHECK (length(row_label) BETWEEN 1 AND 16),
    number     INTEGER NOT NULL CHECK (number > 0),
    state      TEXT NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'held', 'sold')),
    UNIQUE (section_id, row_label, number)
);
CREATE INDEX seats_by_event ON seats (event_id, id);
CREATE INDEX seats_by_section_state ON seats (section_id, state);
)sql"},
    };
    return migrations;
}

} // namespace bilheteria
