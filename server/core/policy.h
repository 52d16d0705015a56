// Who may do what: the one place roles are checked.
#pragma once

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

enum class Action {
    CreateEvent,   // organizer, admin
    ManageUsers,   // admin
    SellAtCounter, // clerk, admin: cash payments, any customer's holds
    CheckIn,       // door, clerk, organizer, admin: scans tickets at the door
    Refund,        // clerk, organizer, admin: refunds any order, any time
};

bool isAllowed(Role role, Action action);
// forbidden, naming the action, when the user's role does not allow it.
Result<void> authorize(const User& user, Action action);
// An event's sales figures: the organizer who created it, or an admin; forbidden otherwise.
Result<void> authorizeEventSales(const User& user, const Event& event);
// Cancelling an event: the organizer who created it, or an admin; forbidden otherwise.
Result<void> authorizeEventCancel(const User& user, const Event& event);

} // namespace bilheteria
