// The terminal app's screens, each made by one function (their classes live in their .cpp):
// connect → trust (first use) → sign in → events → event (seat map) → checkout →
// confirmation, with the waiting room, the shift summary and the sales figures on the side,
// and for staff the door and the after-sale counter.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "client-term/models/aftersale.h"
#include "client-term/models/checkout.h"
#include "client-term/net/servertrust.h"
#include "client-term/ui/screen.h"
#include "shared/protocol.h"

namespace bilheteria::term {

class Shell;

// Reaches the server and decides what comes first: the fingerprint to confirm, the sign-in,
// or the events when a saved session is still good.
std::unique_ptr<Screen> connectScreen(Shell& shell);
std::unique_ptr<Screen> trustScreen(Shell& shell, ServerCertificate certificate);
std::unique_ptr<Screen> signInScreen(Shell& shell);
std::unique_ptr<Screen> eventListScreen(Shell& shell);
std::unique_ptr<Screen> eventScreen(Shell& shell, Id eventId);
// The same seat map to choose one free place (a seat, or a general-admission section) for an
// exchange: Enter gives it to `onPicked` and closes the map.
std::unique_ptr<Screen> placePickerScreen(Shell& shell, Id eventId,
                                          std::function<void(ExchangePlace)> onPicked);
// Takes over a checkout that holds seats; `onDone` tells the event screen the hold ended.
std::unique_ptr<Screen> checkoutScreen(Shell& shell, Event event,
                                       std::unique_ptr<Checkout> checkout);
std::unique_ptr<Screen> confirmationScreen(Shell& shell, std::optional<Event> event, Order order,
                                           std::optional<Cents> tendered);
std::unique_ptr<Screen> waitingRoomScreen(Shell& shell, Event event);
std::unique_ptr<Screen> shiftScreen(Shell& shell);
std::unique_ptr<Screen> salesScreen(Shell& shell, Event event);
// A gate's scanner for the event (door staff, clerks, organizers, admins).
std::unique_ptr<Screen> doorScreen(Shell& shell, Event event);
// After the sale: find an order by a ticket's code or token, or by its id, and refund it or
// exchange one of its tickets.
std::unique_ptr<Screen> afterSaleScreen(Shell& shell);

} // namespace bilheteria::term
