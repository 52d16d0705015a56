#include "shared/protocol.h"

namespace bilheteria {

std::string_view roleName(Role role) {
    switch (role) {
    case Role::Buyer:
        return "buyer";
    case Role::Clerk:
        return "clerk";
    case Role::Organizer:
        return "organizer";
    case Role::Admin:
        return "admin";
    case Role::Door:
        return "door";
    }
    return "buyer";
}

std::optional<Role> roleFromName(std::string_view name) {
    for (Role role : {Role::Buyer, Role::Clerk, Role::Organizer, Role::Admin, Role::Door})
        if (roleName(role) == name) return role;
    return std::nullopt;
}

std::string_view sectionKindName(SectionKind kind) {
    return kind == SectionKind::Seated ? "seated" : "general";
}

std::optional<SectionKind> sectionKindFromName(std::string_view name) {
    if (name == "seated") return SectionKind::Seated;
    if (name == "general") return SectionKind::General;
    return std::nullopt;
}

std::string_view seatStateName(SeatState state) {
    switch (state) {
    case SeatState::Free:
        return "free";
    case SeatState::Held:
        return "held";
    case SeatState::Sold:
        return "sold";
    }
    return "free";
}

std::optional<SeatState> seatStateFromName(std::string_view name) {
    for (SeatState state : {SeatState::Free, SeatState::Held, SeatState::Sold})
        if (seatStateName(state) == name) return state;
    return std::nullopt;
}

std::string_view holdStatusName(HoldStatus status) {
    switch (status) {
    case HoldStatus::Active:
        return "active";
    case HoldStatus::Released:
        return "released";
    case HoldStatus::Expired:
        return "expired";
    case HoldStatus::Purchased:
        return "purchased";
    }
    return "active";
}

std::optional<HoldStatus> holdStatusFromName(std::string_view name) {
    for (HoldStatus status :
         {HoldStatus::Active, HoldStatus::Released, HoldStatus::Expired, HoldStatus::Purchased})
        if (holdStatusName(status) == name) return status;
    return std::nullopt;
}

Cents ShiftTotals::drawerCashCents() const {
    return payments.cashCents + cashExchangePaidCents - cashRefundedCents;
}

std::int64_t Hold::ticketCount() const {
    std::int64_t count = static_cast<std::int64_t>(seats.size());
    for (const auto& item : general)
        count += item.quantity;
    return count;
}

} // namespace bilheteria
