#include "shared/protocol.h"

namespace bilheteria {

std::string_view roleName(Role role) {
    switch (role) {
    case Role::Buyer: return "buyer";
    case Role::Clerk: return "clerk";
    case Role::Organizer: return "organizer";
    case Role::Admin: return "admin";
    }
    return "buyer";
}

std::optional<Role> roleFromName(std::string_view name) {
    for (Role role : {Role::Buyer, Role::Clerk, Role::Organizer, Role::Admin})
        if (roleName(role) == name) return role;
    return std::nullopt;
}

std::string_view sectionKindName(SectionKind kind) {
    return kind == SectionKind::Seated ? "seated" : "general";
}

std::string_view seatStateName(SeatState state) {
    switch (state) {
    case SeatState::Free: return "free";
    case SeatState::Held: return "held";
    case SeatState::Sold: return "sold";
    }
    return "free";
}

std::optional<SeatState> seatStateFromName(std::string_view name) {
    for (SeatState state : {SeatState::Free, SeatState::Held, SeatState::Sold})
        if (seatStateName(state) == name) return state;
    return std::nullopt;
}

} // namespace bilheteria
