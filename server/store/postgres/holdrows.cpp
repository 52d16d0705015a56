// Reading a hold back (holdrows.h).
#include "server/store/postgres/holdrows.h"

#include <algorithm>

#include "server/store/postgres/rows.h"

namespace bilheteria::postgres {

// The rows of hold_with_places as of `now`: an active hold past its expiry reads as expired.
// Numbered seats are listed one by one; general-admission places are counted per section.
Hold holdFromRows(const pqxx::result& rows, TimePoint now) {
    const pqxx::row first = rows[0];
    Hold hold;
    hold.id = first[0].as<Id>();
    hold.eventId = first[1].as<Id>();
    hold.customerId = first[2].as<Id>();
    hold.status = holdStatusFromName(first[3].c_str()).value_or(HoldStatus::Active);
    hold.expiresAt = fromUnixSeconds(first[4].as<std::int64_t>());
    hold.totalCents = first[5].as<Cents>();
    hold.currency = first[6].as<std::string>();
    if (hold.status == HoldStatus::Active && hold.expiresAt <= now)
        hold.status = HoldStatus::Expired;
    for (const auto& row : rows) {
        if (row[7].is_null()) continue; // a hold without places (never written so)
        const Id sectionId = row[8].as<Id>();
        const Cents price = row[11].as<Cents>();
        if (!row[9].is_null()) {
            hold.seats.push_back(HeldSeat{row[7].as<Id>(), sectionId, row[9].as<std::string>(),
                                          row[10].as<int>(), price});
            continue;
        }
        auto general =
            std::find_if(hold.general.begin(), hold.general.end(),
                         [&](const HeldGeneral& item) { return item.sectionId == sectionId; });
        if (general == hold.general.end())
            hold.general.push_back(HeldGeneral{sectionId, 1, price});
        else
            ++general->quantity;
    }
    return hold;
}

std::optional<Hold> readHold(pqxx::transaction_base& tx, Id holdId, TimePoint now) {
    const auto rows = tx.exec_prepared("hold_with_places", holdId);
    if (rows.empty()) return std::nullopt;
    return holdFromRows(rows, now);
}

Error holdNotFound() {
    return Error::notFound("no such hold");
}

// Why a hold that a conditional update expected to be active was not: missing, expired (whether
// or not the sweeper has marked it) or closed.
Error inactiveHold(pqxx::transaction_base& tx, Id holdId, TimePoint now) {
    const auto hold = readHold(tx, holdId, now);
    if (!hold) return holdNotFound();
    if (hold->status == HoldStatus::Expired)
        return Error{ErrorCode::HoldExpired, "the hold has expired; its seats were freed"};
    return Error{ErrorCode::HoldNotActive,
                 "the hold is " + std::string{holdStatusName(hold->status)}};
}

} // namespace bilheteria::postgres
