#include "server/store/reports.h"

#include <cctype>
#include <map>

namespace bilheteria {

// CAST(... AS BIGINT): PostgreSQL sums bigints into numeric; SQLite reads it as INTEGER.
const std::string kReportSectionsSql = R"sql(
    SELECT s.id, s.name, s.kind, s.price_cents, s.capacity,
           CAST((SELECT coalesce(sum(c.sold), 0) FROM section_sales c
                 WHERE c.section_id = s.id) AS BIGINT),
           (SELECT count(*) FROM seats t
            WHERE t.section_id = s.id AND t.state = 'held' AND t.hold_expires_at > $2),
           CAST((SELECT coalesce(sum(k.price_cents), 0) FROM tickets k
                 WHERE k.section_id = s.id AND k.voided_at IS NULL) AS BIGINT),
           (SELECT count(*) FROM tickets a
            WHERE a.event_id = s.event_id AND a.section_id = s.id AND a.checked_in_at IS NOT NULL)
    FROM sections s WHERE s.event_id = $1 ORDER BY s.position)sql";

// Tickets come from the hold's ticket_count (one ticket per place it took; an exchange keeps
// the count) less those refunded, money from what the sale's payment and the exchanges' top-ups
// took less its refunds (exchanges_by_order, refunds_by_order), and the method from the
// payment: one row per order through the primary keys, no scan of the tickets.
const std::string kReportBucketsSql = R"sql(
    SELECT o.created_at - o.created_at % $2, p.method, count(*),
           CAST(sum(h.ticket_count - (SELECT count(*) FROM refunds r JOIN refund_tickets k
                                      ON k.refund_id = r.id WHERE r.order_id = o.id)) AS BIGINT),
           CAST(sum(p.amount_cents + (SELECT coalesce(sum(x.topup_amount_cents), 0)
                                      FROM exchanges x WHERE x.order_id = o.id)
                    - (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r
                       WHERE r.order_id = o.id)) AS BIGINT)
    FROM orders o JOIN payments p ON p.order_id = o.id JOIN holds h ON h.id = o.hold_id
    WHERE o.event_id = $1
    GROUP BY 1, 2 ORDER BY 1, 2)sql";

const std::string kShiftSql = R"sql(
    SELECT o.event_id, e.name, o.currency, p.method, count(*),
           CAST(sum(h.ticket_count) AS BIGINT), CAST(sum(p.amount_cents) AS BIGINT),
           CAST(coalesce(sum(p.change_cents), 0) AS BIGINT)
    FROM orders o JOIN events e ON e.id = o.event_id JOIN payments p ON p.order_id = o.id
    JOIN holds h ON h.id = o.hold_id
    WHERE o.actor_id = $1 AND o.created_at >= $2 AND o.created_at < $3
    GROUP BY o.event_id, e.name, o.currency, p.method ORDER BY o.event_id, p.method)sql";

const std::string kShiftRefundsSql = R"sql(
    SELECT currency, method, count(*), CAST(sum(amount_cents) AS BIGINT) FROM refunds
    WHERE actor_id = $1 AND created_at >= $2 AND created_at < $3
    GROUP BY currency, method ORDER BY currency, method)sql";

const std::string kShiftExchangesSql = R"sql(
    SELECT currency, topup_method, count(*), CAST(sum(topup_amount_cents) AS BIGINT)
    FROM exchanges
    WHERE actor_id = $1 AND created_at >= $2 AND created_at < $3
          AND topup_amount_cents IS NOT NULL
    GROUP BY currency, topup_method ORDER BY currency, topup_method)sql";

std::string sqliteParameters(std::string_view sql) {
    std::string out(sql);
    for (std::size_t i = 0; i + 1 < out.size(); ++i)
        if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '?';
    return out;
}

namespace {

void addPayment(PaymentSplit& split, const std::string& method, std::int64_t orders, Cents cents) {
    if (method == "cash") {
        split.cashOrders += orders;
        split.cashCents += cents;
    } else {
        split.cardOrders += orders;
        split.cardCents += cents;
    }
}

} // namespace

void foldSalesReport(SalesReport& report, const std::vector<SalesBucketRow>& rows) {
    for (auto& section : report.sections) {
        section.available = section.capacity - section.sold - section.held;
        report.capacity += section.capacity;
        report.sold += section.sold;
        report.held += section.held;
        report.available += section.available;
    }
    for (const auto& row : rows) {
        // Rows come by bucket, then method: a bucket's rows are adjacent.
        const TimePoint at{std::chrono::seconds{row.at}};
        if (report.timeline.empty() || report.timeline.back().at != at)
            report.timeline.push_back(SalesBucket{at, 0, 0, 0});
        SalesBucket& bucket = report.timeline.back();
        bucket.tickets += row.tickets;
        bucket.orders += row.orders;
        bucket.revenueCents += row.cents;
        report.orders += row.orders;
        report.revenueCents += row.cents;
        addPayment(report.byPayment, row.method, row.orders, row.cents);
    }
}

void foldShift(ShiftSummary& shift, const std::vector<ShiftRow>& rows,
               const std::vector<ShiftRefundRow>& refunds,
               const std::vector<ShiftRefundRow>& exchanges) {
    std::map<std::string, ShiftTotals> totals;
    for (const auto& row : rows) {
        shift.orders += row.orders;
        shift.tickets += row.tickets;
        ShiftTotals& currency = totals[row.currency];
        currency.currency = row.currency;
        currency.orders += row.orders;
        currency.tickets += row.tickets;
        currency.totalCents += row.totalCents;
        currency.changeCents += row.changeCents;
        addPayment(currency.payments, row.method, row.orders, row.totalCents);
        // Rows come by event id: an event's rows are adjacent.
        if (shift.byEvent.empty() || shift.byEvent.back().eventId != row.eventId)
            shift.byEvent.push_back(ShiftEvent{row.eventId, row.name, 0, 0, 0, row.currency});
        ShiftEvent& event = shift.byEvent.back();
        event.orders += row.orders;
        event.tickets += row.tickets;
        event.totalCents += row.totalCents;
    }
    // A currency may show refunds only (orders sold before the window).
    for (const auto& row : refunds) {
        shift.refunds += row.refunds;
        ShiftTotals& currency = totals[row.currency];
        currency.currency = row.currency;
        currency.refunds += row.refunds;
        currency.refundedCents += row.cents;
        (row.method == "cash" ? currency.cashRefundedCents : currency.cardRefundedCents) +=
            row.cents;
    }
    // And the differences taken for dearer places (sold before the window or in it).
    for (const auto& row : exchanges) {
        ShiftTotals& currency = totals[row.currency];
        currency.currency = row.currency;
        currency.exchangesPaid += row.refunds;
        currency.exchangePaidCents += row.cents;
        (row.method == "cash" ? currency.cashExchangePaidCents : currency.cardExchangePaidCents) +=
            row.cents;
    }
    for (auto& [name, currency] : totals)
        shift.totals.push_back(std::move(currency));
}

} // namespace bilheteria
