// The reports' SQL, which both stores run as written (PostgreSQL's $N parameters; SQLite's
// copy goes through sqliteParameters), and the folding of its rows into the protocol's answers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shared/protocol.h"

namespace bilheteria {

// The sections of event $1 in the event's order: id, name, kind, price_cents, capacity, sold
// (the sold counters), held (places under a hold unexpired at $2), revenue (its tickets' prices,
// summed over the index tickets_by_section), admitted (checked in at the door, from the index
// tickets_checked_in).
extern const std::string kReportSectionsSql;
// The orders of event $1 per bucket of $2 seconds and payment method, ascending: bucket start
// (Unix seconds), method, orders, tickets, cents.
extern const std::string kReportBucketsSql;
// The orders actor $1 made with created_at in [$2, $3) per event and payment method, by event
// id: event id, event name, currency, method, orders, tickets, total cents (what the sales'
// payments took: an exchange's difference is not a sale), change cents.
extern const std::string kShiftSql;
// The refunds actor $1 made with created_at in [$2, $3) per currency and method (the index
// refunds_by_actor): currency, method, refunds, cents.
extern const std::string kShiftRefundsSql;
// The top-ups of exchanges actor $1 made with created_at in [$2, $3) per currency and method
// (the index exchanges_by_actor), in ShiftRefundRow's shape: currency, method, exchanges,
// cents.
extern const std::string kShiftExchangesSql;

// `sql` with each $N parameter written ?N, as SQLite numbers them.
std::string sqliteParameters(std::string_view sql);

struct SalesBucketRow {
    std::int64_t at = 0; // Unix seconds
    std::string method;  // "card" or "cash"
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    Cents cents = 0;
};

struct ShiftRow {
    Id eventId = 0;
    std::string name;
    std::string currency;
    std::string method;
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    Cents totalCents = 0;
    Cents changeCents = 0;
};

struct ShiftRefundRow {
    std::string currency;
    std::string method;
    std::int64_t refunds = 0;
    Cents cents = 0;
};

// Completes a report whose sections are read (available = capacity - sold - held): the
// event's sums over them, and the orders, revenue, split and timeline from the bucket rows.
void foldSalesReport(SalesReport& report, const std::vector<SalesBucketRow>& rows);
// Fills the shift's counts, per-currency totals and per-event rows from its rows, the refunds'
// figures from theirs and the exchanges' top-ups from theirs (a row's `refunds` counting
// exchanges).
void foldShift(ShiftSummary& shift, const std::vector<ShiftRow>& rows,
               const std::vector<ShiftRefundRow>& refunds,
               const std::vector<ShiftRefundRow>& exchanges);

} // namespace bilheteria
