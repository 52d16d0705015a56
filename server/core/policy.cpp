#include "server/core/policy.h"

namespace bilheteria {

bool isAllowed(Role role, Action action) {
    if (role == Role::Admin) return true;
    switch (action) {
    case Action::CreateEvent:
        return role == Role::Organizer;
    case Action::ManageUsers:
        return false;
    case Action::SellAtCounter:
        return role == Role::Clerk;
    case Action::CheckIn:
        return role == Role::Door || role == Role::Clerk || role == Role::Organizer;
    case Action::Refund:
        return role == Role::Clerk || role == Role::Organizer;
    }
    return false;
}

Result<void> authorize(const User& user, Action action) {
    if (isAllowed(user.role, action)) return {};
    static constexpr const char* kWhat[] = {"create events", "manage users", "sell at the counter",
                                            "check tickets in at the door", "refund any order"};
    return fail(Error::forbidden("your role (" + std::string(roleName(user.role)) + ") may not " +
                                 kWhat[static_cast<int>(action)]));
}

Result<void> authorizeEventSales(const User& user, const Event& event) {
    if (user.role == Role::Admin || (user.role == Role::Organizer && user.id == event.createdBy))
        return {};
    return fail(Error::forbidden("only the event's organizer or an admin may see its sales"));
}

Result<void> authorizeEventCancel(const User& user, const Event& event) {
    if (user.role == Role::Admin || (user.role == Role::Organizer && user.id == event.createdBy))
        return {};
    return fail(Error::forbidden("only the event's organizer or an admin may cancel it"));
}

} // namespace bilheteria
