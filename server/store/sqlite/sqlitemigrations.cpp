// The SQLite schema. Times are Unix seconds (INTEGER); every rule the code enforces has a
// constraint behind it, so a bug cannot corrupt the data silently. postgresmigrations.cpp is
// its twin: same tables, columns, constraints and indexes.
#include "server/store/migrations.h"

namespace bilheteria {

const std::vector<Migration>& sqliteMigrations() {
    static const std::vector<Migration> migrations{
        {1,
         "accounts, events, seats, holds, orders, payments, tickets, the audit log, the waiting "
         "room and the change outbox",
         R"sql(
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
    max_tickets_per_card     INTEGER NOT NULL CHECK (max_tickets_per_card BETWEEN 1 AND 1000),
    hold_seconds             INTEGER NOT NULL CHECK (hold_seconds BETWEEN 60 AND 1800),
    queue_enabled            INTEGER NOT NULL CHECK (queue_enabled IN (0, 1)),
    admit_per_minute         INTEGER NOT NULL CHECK (admit_per_minute BETWEEN 1 AND 1000000),
    queue_pow_bits           INTEGER NOT NULL CHECK (queue_pow_bits BETWEEN 0 AND 28),
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
    UNIQUE (event_id, name),
    UNIQUE (id, event_id)
);

-- Tickets sold per section, kept in 16 shards so that concurrent sales of one section do not
-- queue on a single counter row; reads add the shards up.
CREATE TABLE section_sales (
    section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    shard      INTEGER NOT NULL CHECK (shard BETWEEN 0 AND 15),
    sold       INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    PRIMARY KEY (section_id, shard)
);

CREATE TABLE holds (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id),
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('active', 'released', 'expired', 'purchased')),
    ticket_count INTEGER NOT NULL CHECK (ticket_count BETWEEN 1 AND 1000),
    total_cents  INTEGER NOT NULL CHECK (total_cents >= 0),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL CHECK (expires_at > created_at),
    closed_at    INTEGER,
    CHECK ((status = 'active') = (closed_at IS NULL))
);
CREATE INDEX holds_active_by_customer ON holds (event_id, customer_id) WHERE status = 'active';
CREATE INDEX holds_active_by_expiry ON holds (expires_at) WHERE status = 'active';

-- Every place that can be sold: numbered seats (row_label set) and the places of
-- general-admission sections (row_label NULL, number = 1..capacity), so that both are held and
-- sold by the same conditional updates. A held place whose hold_expires_at has passed is free.
CREATE TABLE seats (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    section_id      INTEGER NOT NULL,
    row_label       TEXT CHECK (row_label IS NULL OR length(row_label) BETWEEN 1 AND 16),
    number          INTEGER NOT NULL CHECK (number > 0),
    state           TEXT NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'held', 'sold')),
    hold_id         INTEGER REFERENCES holds (id),
    hold_expires_at INTEGER,
    FOREIGN KEY (section_id, event_id) REFERENCES sections (id, event_id) ON DELETE CASCADE,
    CHECK ((state = 'free') = (hold_id IS NULL)),
    CHECK ((state = 'held') = (hold_expires_at IS NOT NULL)),
    UNIQUE (section_id, row_label, number)
);
CREATE INDEX seats_by_event ON seats (event_id, id);
CREATE INDEX seats_free ON seats (section_id, id) WHERE state = 'free';
CREATE INDEX seats_held ON seats (section_id, hold_expires_at) WHERE state = 'held';
CREATE INDEX seats_by_hold ON seats (hold_id) WHERE hold_id IS NOT NULL;

-- What a hold took, kept after the hold ends (its seats may belong to others by then).
CREATE TABLE hold_places (
    hold_id     INTEGER NOT NULL REFERENCES holds (id) ON DELETE CASCADE,
    seat_id     INTEGER NOT NULL REFERENCES seats (id),
    section_id  INTEGER NOT NULL REFERENCES sections (id),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (hold_id, seat_id)
);

-- One row per customer and event, locked by holds to enforce the per-customer limit.
CREATE TABLE customer_limits (
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (event_id, customer_id)
);

-- One row per card (a keyed hash of its number) and event, locked by sales to enforce the
-- per-card limit.
CREATE TABLE card_limits (
    event_id         INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    card_fingerprint TEXT NOT NULL CHECK (length(card_fingerprint) = 64),
    PRIMARY KEY (event_id, card_fingerprint)
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    hold_id     INTEGER NOT NULL UNIQUE REFERENCES holds (id),
    status      TEXT NOT NULL CHECK (status = 'paid'),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    created_at  INTEGER NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, id);

-- One payment per order. Of a card only the brand, the last four digits and a keyed hash of
-- the number (card_fingerprint, for the per-card limit) are ever stored.
CREATE TABLE payments (
    order_id      INTEGER PRIMARY KEY REFERENCES orders (id),
    method        TEXT NOT NULL CHECK (method IN ('card', 'cash')),
    reference     TEXT NOT NULL UNIQUE,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    brand         TEXT,
    last4         TEXT CHECK (last4 IS NULL OR (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*')),
    change_cents  INTEGER CHECK (change_cents IS NULL OR change_cents >= 0),
    card_fingerprint TEXT CHECK (card_fingerprint IS NULL OR
                                 (length(card_fingerprint) = 64 AND card_fingerprint NOT GLOB '*[^0-9a-f]*')),
    status        TEXT NOT NULL CHECK (status IN ('authorized', 'captured')),
    authorized_at INTEGER NOT NULL,
    captured_at   INTEGER,
    CHECK ((status = 'captured') = (captured_at IS NOT NULL)),
    CHECK ((method = 'card') = (last4 IS NOT NULL)),
    CHECK ((method = 'card') = (card_fingerprint IS NOT NULL))
);
CREATE INDEX payments_by_card ON payments (card_fingerprint) WHERE card_fingerprint IS NOT NULL;
CREATE INDEX payments_uncaptured ON payments (order_id) WHERE status = 'authorized';

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    event_id    INTEGER NOT NULL REFERENCES events (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    section_id  INTEGER NOT NULL REFERENCES sections (id),
    seat_id     INTEGER NOT NULL UNIQUE REFERENCES seats (id),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    code        TEXT NOT NULL UNIQUE CHECK (length(code) >= 22)
);
CREATE INDEX tickets_by_customer ON tickets (event_id, customer_id);
CREATE INDEX tickets_by_order ON tickets (order_id);

CREATE TABLE idempotency_keys (
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
    hold_id      INTEGER NOT NULL REFERENCES holds (id),
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (customer_id, key)
);

-- The tamper-evident audit log: 64 hash chains; audit_heads pins each chain's last entry so
-- that deleting the newest entries is detected too.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    chain     INTEGER NOT NULL CHECK (chain BETWEEN 0 AND 63),
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    at        INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    UNIQUE (chain, seq)
);
CREATE TABLE audit_heads (
    chain INTEGER PRIMARY KEY CHECK (chain BETWEEN 0 AND 63),
    seq   INTEGER NOT NULL CHECK (seq >= 0),
    hash  TEXT NOT NULL
);
INSERT INTO audit_heads (chain, seq, hash)
    WITH RECURSIVE n(chain) AS (SELECT 0 UNION ALL SELECT chain + 1 FROM n WHERE chain < 63)
    SELECT chain, 0, '' FROM n;

-- The waiting room: one row per event whose queue someone has joined. Joins and pacing of one
-- event serialise on it: `joined` hands out positions in order, positions 1..`admitted` have
-- been let in, `carry_sixtieths` is the fraction of an admission accrued and not yet given, and
-- `updated_at` is when admissions were last worked out (see core/queue.h).
CREATE TABLE queue_state (
    event_id        INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    joined          INTEGER NOT NULL CHECK (joined >= 0),
    admitted        INTEGER NOT NULL CHECK (admitted BETWEEN 0 AND joined),
    carry_sixtieths INTEGER NOT NULL CHECK (carry_sixtieths BETWEEN 0 AND 59),
    updated_at      INTEGER NOT NULL
);

-- A customer's fixed place in an event's queue; admitted_at is set, once, when the pacing lets
-- them in (the admission lasts the event's hold_seconds from then).
CREATE TABLE queue_entries (
    event_id    INTEGER NOT NULL REFERENCES queue_state (event_id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES users (id),
    position    INTEGER NOT NULL CHECK (position >= 1),
    joined_at   INTEGER NOT NULL,
    admitted_at INTEGER,
    PRIMARY KEY (event_id, customer_id),
    UNIQUE (event_id, position)
);

CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (length(value) >= 32)
);

-- The outbox of live notifications (server/core/changefeed.h): written in the transaction that
-- makes the change — one seats row per transaction and event that moved places, one order row
-- per sale (private to its customer), queue rows from the waiting room — and read by every
-- server's live hub in id order. Ids are what clients resume from (Last-Event-ID), so one must
-- never be used twice: pruning always keeps the newest row (cheaper than AUTOINCREMENT, which
-- writes sqlite_sequence in every sale's transaction). No foreign key: a log, pruned after
-- --change-retention-minutes; an event's id needs no check here.
CREATE TABLE event_changes (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('seats', 'order', 'queue')),
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
-- Every change up to pruned_through was pruned: a replay from below it cannot be complete.
CREATE TABLE event_changes_pruned (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    pruned_through INTEGER NOT NULL CHECK (pruned_through >= 0)
);
INSERT INTO event_changes_pruned (singleton, pruned_through) VALUES (1, 0);
)sql"},
        {2, "indexes for the sales report and the counter shift",
         R"sql(
-- An event's orders for its sales report and timeline; a seller's orders by time for a shift.
CREATE INDEX orders_by_event ON orders (event_id, created_at);
CREATE INDEX orders_by_actor ON orders (actor_id, created_at);
-- A section's revenue, summed from the index alone instead of a scan of every ticket.
CREATE INDEX tickets_by_section ON tickets (section_id, price_cents);
)sql"},
        {3, "the door: signing keys, check-ins, void tickets, re-entry, the door role",
         R"sql(
-- users.role gains 'door'. SQLite cannot alter a CHECK: the table is rebuilt (SQLite's own
-- procedure: migrate() runs migrations with foreign keys off and checks them before commit,
-- so the other tables' references to users simply find the new table under the old name).
CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE
                   CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role           TEXT NOT NULL CHECK (role IN ('buyer', 'clerk', 'organizer', 'admin', 'door')),
    password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret    TEXT,
    totp_pending   TEXT,
    totp_last_step INTEGER,
    created_at     INTEGER NOT NULL
);
INSERT INTO users_new (id, email, name, role, password_hash, totp_secret, totp_pending,
                       totp_last_step, created_at)
    SELECT id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step,
           created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- The outbox's kinds gain 'checkin' (a log nobody references: rebuilt the same way).
CREATE TABLE event_changes_new (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('seats', 'order', 'queue', 'checkin')),
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO event_changes_new (id, event_id, kind, payload, created_at)
    SELECT id, event_id, kind, payload, created_at FROM event_changes;
DROP TABLE event_changes;
ALTER TABLE event_changes_new RENAME TO event_changes;

-- The door. A ticket is inside from checked_in_at (at checked_in_gate) until an exit clears
-- both; void from voided_at (void_reason: refunded, cancelled), which refunds set. A check-in
-- is ONE conditional update of these columns (WHERE checked_in_at IS NULL AND voided_at IS
-- NULL), so gates, scanners and refunds race on the ticket's row alone.
ALTER TABLE tickets ADD COLUMN checked_in_at INTEGER;
ALTER TABLE tickets ADD COLUMN checked_in_gate TEXT
    CHECK (checked_in_gate IS NULL OR length(checked_in_gate) BETWEEN 1 AND 64)
    CONSTRAINT tickets_gate_with_time CHECK ((checked_in_gate IS NULL) = (checked_in_at IS NULL));
ALTER TABLE tickets ADD COLUMN voided_at INTEGER;
ALTER TABLE tickets ADD COLUMN void_reason TEXT
    CHECK (void_reason IS NULL OR length(void_reason) BETWEEN 1 AND 200)
    CONSTRAINT tickets_reason_with_void CHECK ((void_reason IS NULL) = (voided_at IS NULL));

-- Who is inside per section (live counts, the sales report); what a bundle revokes.
CREATE INDEX tickets_checked_in ON tickets (event_id, section_id) WHERE checked_in_at IS NOT NULL;
CREATE INDEX tickets_voided ON tickets (event_id, voided_at) WHERE voided_at IS NOT NULL;

-- Re-entry: an exit scan clears a ticket's check-in on events that allow it.
ALTER TABLE events ADD COLUMN allow_reentry INTEGER NOT NULL DEFAULT 0 CHECK (allow_reentry IN (0, 1));

-- Each event's Ed25519 keys (base64url of the 32 raw bytes). The highest generation signs;
-- older ones keep verifying, so rotating adds generation n + 1.
CREATE TABLE event_keys (
    key_id      TEXT PRIMARY KEY CHECK (length(key_id) BETWEEN 1 AND 64),
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    generation  INTEGER NOT NULL CHECK (generation >= 1),
    algorithm   TEXT NOT NULL CHECK (algorithm = 'Ed25519'),
    public_key  TEXT NOT NULL CHECK (length(public_key) = 43),
    private_key TEXT NOT NULL CHECK (length(private_key) = 43),
    created_at  INTEGER NOT NULL,
    UNIQUE (event_id, generation)
);

-- Every scan of a known ticket at the door, online (scanner_id NULL) or synced from an
-- offline scanner; an offline scan is logged once: sending it again inserts nothing.
CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    direction   TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
    gate        TEXT NOT NULL CHECK (length(gate) BETWEEN 1 AND 64),
    scanned_at  INTEGER NOT NULL,
    scanner_id  TEXT CHECK (scanner_id IS NULL OR length(scanner_id) BETWEEN 1 AND 64),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    recorded_at INTEGER NOT NULL,
    UNIQUE (scanner_id, ticket_id, scanned_at, gate, direction)
);
CREATE INDEX checkins_by_ticket ON checkins (ticket_id, scanned_at);
)sql"},
        {4, "refunds: seats unique among valid tickets, refunds and their keys, refund windows",
         R"sql(
-- A refunded ticket's seat is sold again: a seat is unique among the tickets not void. SQLite
-- cannot drop a column's UNIQUE: tickets is rebuilt as migration 3 rebuilt users (foreign keys
-- off, checked before commit), keeping every column, constraint and index it had.
CREATE TABLE tickets_new (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    event_id        INTEGER NOT NULL REFERENCES events (id),
    customer_id     INTEGER NOT NULL REFERENCES users (id),
    section_id      INTEGER NOT NULL REFERENCES sections (id),
    seat_id         INTEGER NOT NULL REFERENCES seats (id),
    price_cents     INTEGER NOT NULL CHECK (price_cents >= 0),
    code            TEXT NOT NULL UNIQUE CHECK (length(code) >= 22),
    checked_in_at   INTEGER,
    checked_in_gate TEXT
        CHECK (checked_in_gate IS NULL OR length(checked_in_gate) BETWEEN 1 AND 64)
        CONSTRAINT tickets_gate_with_time CHECK ((checked_in_gate IS NULL) = (checked_in_at IS NULL)),
    voided_at       INTEGER,
    void_reason     TEXT
        CHECK (void_reason IS NULL OR length(void_reason) BETWEEN 1 AND 200)
        CONSTRAINT tickets_reason_with_void CHECK ((void_reason IS NULL) = (voided_at IS NULL))
);
INSERT INTO tickets_new (id, order_id, event_id, customer_id, section_id, seat_id, price_cents,
                         code, checked_in_at, checked_in_gate, voided_at, void_reason)
    SELECT id, order_id, event_id, customer_id, section_id, seat_id, price_cents, code,
           checked_in_at, checked_in_gate, voided_at, void_reason FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;
CREATE UNIQUE INDEX tickets_live_seat ON tickets (seat_id) WHERE voided_at IS NULL;
CREATE INDEX tickets_by_customer ON tickets (event_id, customer_id);
CREATE INDEX tickets_by_order ON tickets (order_id);
CREATE INDEX tickets_by_section ON tickets (section_id, price_cents);
CREATE INDEX tickets_checked_in ON tickets (event_id, section_id) WHERE checked_in_at IS NOT NULL;
CREATE INDEX tickets_voided ON tickets (event_id, voided_at) WHERE voided_at IS NOT NULL;

-- Buyers may refund their own orders until refunds_until (NULL: only staff refund).
ALTER TABLE events ADD COLUMN refunds_until INTEGER;

-- A refund of some of an order's tickets, paid back the way the order was paid: pending until
-- the gateway confirms (settled_at), settled at once for cash.
CREATE TABLE refunds (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    event_id     INTEGER NOT NULL REFERENCES events (id),
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    method       TEXT NOT NULL CHECK (method IN ('card', 'cash')),
    reason       TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
    reference    TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'settled')),
    settled_at   INTEGER,
    created_at   INTEGER NOT NULL,
    CHECK ((status = 'settled') = (settled_at IS NOT NULL))
);
CREATE INDEX refunds_by_order ON refunds (order_id);
CREATE INDEX refunds_pending ON refunds (id) WHERE status = 'pending';

-- What each refund voided: a ticket is refunded once.
CREATE TABLE refund_tickets (
    refund_id INTEGER NOT NULL REFERENCES refunds (id),
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    PRIMARY KEY (refund_id, ticket_id)
);

-- A refund's Idempotency-Key, unique per actor (staff refund other people's orders).
CREATE TABLE refund_keys (
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    refund_id    INTEGER NOT NULL REFERENCES refunds (id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (actor_id, key)
);
)sql"},
        {5, "after the sale: refunds by who made them, event cancellation",
         R"sql(
-- A clerk's shift counts the refunds they made.
CREATE INDEX refunds_by_actor ON refunds (actor_id, created_at);

-- An event cancelled (POST /events/{id}/cancel): nothing more is sold from cancelled_at on, and
-- every paid order is refunded. The first cancellation's time and reason stay.
ALTER TABLE events ADD COLUMN cancelled_at INTEGER;
ALTER TABLE events ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IS NULL OR length(cancel_reason) BETWEEN 1 AND 500);
-- Who cancelled: the refunds a cancellation cut short are finished in their name.
ALTER TABLE events ADD COLUMN cancelled_by INTEGER REFERENCES users (id)
    CONSTRAINT events_cancelled_by_whom CHECK ((cancelled_by IS NULL) = (cancelled_at IS NULL));
-- What a cancellation has left to refund: the event's orders with a ticket not void.
CREATE INDEX tickets_valid_by_event ON tickets (event_id, order_id) WHERE voided_at IS NULL;

-- The outbox's kinds gain 'cancelled' (rebuilt as migration 3 did).
CREATE TABLE event_changes_new (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('seats', 'order', 'queue', 'checkin', 'cancelled')),
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO event_changes_new (id, event_id, kind, payload, created_at)
    SELECT id, event_id, kind, payload, created_at FROM event_changes;
DROP TABLE event_changes;
ALTER TABLE event_changes_new RENAME TO event_changes;
)sql"},
        {6, "exchanges: a ticket swapped for another place, and their keys",
         R"sql(
-- A ticket of an order swapped for a new one at another place (the old one void as
-- 'exchanged'); difference_cents is the new place's price less the old one's.
CREATE TABLE exchanges (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    old_ticket_id    INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    new_ticket_id    INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    difference_cents INTEGER NOT NULL,
    actor_id         INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    CHECK (old_ticket_id <> new_ticket_id)
);
CREATE INDEX exchanges_by_order ON exchanges (order_id);

-- An exchange's Idempotency-Key, unique per actor.
CREATE TABLE exchange_keys (
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    exchange_id  INTEGER NOT NULL REFERENCES exchanges (id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (actor_id, key)
);
)sql"},
        {7, "exchanges with a price difference: prices, top-up and paid-back refund",
         R"sql(
-- Exchanges with a price difference: both places' prices and the order's currency (the
-- exchanges made before were of one price: read back from their tickets), the top-up a
-- dearer place took (method, amount = the difference, brand and last four of a card or the
-- change of cash, the gateway's reference), and for a cheaper place the refund that paid the
-- difference back.
ALTER TABLE exchanges ADD COLUMN old_price_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchanges ADD COLUMN new_price_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchanges ADD COLUMN currency TEXT NOT NULL DEFAULT 'BRL';
ALTER TABLE exchanges ADD COLUMN topup_method TEXT CHECK (topup_method IN ('card', 'cash'));
ALTER TABLE exchanges ADD COLUMN topup_amount_cents INTEGER
    CHECK (topup_amount_cents IS NULL OR topup_amount_cents > 0);
ALTER TABLE exchanges ADD COLUMN topup_brand TEXT;
ALTER TABLE exchanges ADD COLUMN topup_last4 TEXT;
ALTER TABLE exchanges ADD COLUMN topup_change_cents INTEGER;
ALTER TABLE exchanges ADD COLUMN topup_reference TEXT;
ALTER TABLE exchanges ADD COLUMN refund_id INTEGER REFERENCES refunds (id);
UPDATE exchanges SET
    old_price_cents = (SELECT price_cents FROM tickets WHERE id = exchanges.old_ticket_id),
    new_price_cents = (SELECT price_cents FROM tickets WHERE id = exchanges.new_ticket_id),
    currency = (SELECT currency FROM orders WHERE id = exchanges.order_id);
-- A refund pays one exchange's difference back.
CREATE UNIQUE INDEX exchanges_by_refund ON exchanges (refund_id) WHERE refund_id IS NOT NULL;
-- A clerk's shift counts the differences they took.
CREATE INDEX exchanges_by_actor ON exchanges (actor_id, created_at);
)sql"},
        {8, "the notification outbox: e-mails and webhooks to send, with their retries",
         R"sql(
-- The notification outbox (core/store/notificationstore.h): one row per notification, written
-- in the transaction of what it announces; the dispatcher claims due rows (next_attempt_at,
-- moved forward by a claim's lease), sends them by e-mail and webhook and records the outcome.
-- attempts counts claims and fences an outcome to the claim that made it; a channel that went
-- out records the attempt that sent it, so a retry sends only the others.
CREATE TABLE notifications (
    id                   INTEGER PRIMARY KEY,
    uid                  TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    kind                 TEXT NOT NULL CHECK (kind IN ('purchase.confirmed', 'purchase.refused',
                         'hold.expiring', 'refund.done', 'event.cancelled')),
    event_id             INTEGER NOT NULL REFERENCES events (id),
    customer_id          INTEGER NOT NULL REFERENCES users (id),
    order_id             INTEGER REFERENCES orders (id),
    hold_id              INTEGER REFERENCES holds (id),
    refund_id            INTEGER REFERENCES refunds (id),
    details              TEXT NOT NULL DEFAULT '{}',
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at      INTEGER NOT NULL,
    email_sent_attempt   INTEGER,
    webhook_sent_attempt INTEGER,
    last_error           TEXT,
    created_at           INTEGER NOT NULL,
    delivered_at         INTEGER,
    CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX notifications_due ON notifications (next_attempt_at, id) WHERE status = 'pending';
-- The operator's counts (pending, failed) without the delivered rows.
CREATE INDEX notifications_undelivered ON notifications (status) WHERE status <> 'delivered';
-- One warning per hold, whichever servers race to write it.
CREATE UNIQUE INDEX notifications_hold_warning ON notifications (hold_id)
    WHERE kind = 'hold.expiring';
)sql"},
        {9,
         "personal data at rest: sealed e-mails, names and TOTP secrets, the e-mail's blind "
         "index, the keys' check values",
         R"sql(
-- users.email, name, totp_secret and totp_pending now hold values sealed with AES-256-GCM by
-- the server (docs/operations.md); the e-mail's uniqueness moves to email_index, its keyed
-- blind index. The checks on the e-mail's and the name's text cannot look into a sealed value:
-- the store checks them before sealing. Rows from before keep their plaintext and a NULL index
-- until the server seals them at start. SQLite cannot drop a column's checks: the table is
-- rebuilt as migration 3 did.
CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    email_index    TEXT UNIQUE CHECK (email_index IS NULL OR length(email_index) = 64),
    email          TEXT NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('buyer', 'clerk', 'organizer', 'admin', 'door')),
    password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret    TEXT,
    totp_pending   TEXT,
    totp_last_step INTEGER,
    created_at     INTEGER NOT NULL
);
INSERT INTO users_new (id, email_index, email, name, role, password_hash, totp_secret,
                       totp_pending, totp_last_step, created_at)
    SELECT id, NULL, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step,
           created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- One check value per key id (and one for the index key, as 'index'): HMAC-SHA256 under the key
-- of a fixed text, so a server given a wrong key refuses to start.
CREATE TABLE field_keys (
    key_id      TEXT PRIMARY KEY CHECK (length(key_id) BETWEEN 1 AND 32),
    check_value TEXT NOT NULL CHECK (length(check_value) = 64)
);
)sql"},
        {10, "the waiting room's opening draw: places taken before the sale opens are provisional",
         R"sql(
-- Positions 1..provisional of an event's queue were taken before its sale opened; at the
-- opening one draw gives them a random order (core/queue.h) and provisional goes back to 0.
-- Queues from before keep 0: their places stay in join order.
ALTER TABLE queue_state ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0
    CHECK (provisional >= 0 AND provisional <= joined AND (provisional = 0 OR admitted = 0));
)sql"},
    };
    return migrations;
}

} // namespace bilheteria
