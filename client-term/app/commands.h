// bilheteria-term's command-line mode, for scripts (`gh`/`kubectl` style): each command is one
// function over the API client that prints a table or the API's JSON and returns the exit
// status (exitcodes.h). Secrets (password, card number, CVC) are read from standard input or
// a prompt, never from the command line.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "client-term/models/format.h"
#include "client-term/models/signin.h"
#include "client-term/net/apiclient.h"

namespace bilheteria::term {

enum class OutputFormat { Table, Json };

// What every command needs: where to print, how, and how to reach the server.
struct CommandContext {
    SignIn& signIn;
    ApiClient& api;
    OutputFormat format = OutputFormat::Table;
    Language language = Language::English;
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
    bool interactiveInput = false; // standard input is a terminal: prompt (without echo)
};

int trustCommand(CommandContext& c, const std::string& fingerprint);
int loginCommand(CommandContext& c, const std::string& email,
                 const std::optional<std::string>& totpCode);
int logoutCommand(CommandContext& c);
int whoamiCommand(CommandContext& c);

int eventsListCommand(CommandContext& c, const std::string& search);
int eventsShowCommand(CommandContext& c, Id eventId);
int seatsCommand(CommandContext& c, Id eventId, std::optional<Id> sectionId, bool freeOnly);

struct HoldOptions {
    std::vector<Id> seatIds;
    std::optional<Id> sectionId;
    std::int64_t quantity = 0;
    int best = 0; // best available N adjacent seats
};
int holdCommand(CommandContext& c, Id eventId, const HoldOptions& options);
int releaseCommand(CommandContext& c, Id holdId);

struct BuyOptions {
    std::optional<std::string> cash; // an amount as typed ("100", "100,50")
    bool card = false;
    std::string expiry; // MM/YYYY
    std::string holder;
    // Check again: the key a try whose outcome stayed unknown printed. The same request with it
    // gets the first outcome (the order, if the sale went through); a new key could not.
    std::string idempotencyKey;
};
int buyCommand(CommandContext& c, Id holdId, const BuyOptions& options);

int ordersListCommand(CommandContext& c);
int ordersShowCommand(CommandContext& c, Id orderId);
int queueJoinCommand(CommandContext& c, Id eventId, bool wait);
int queueStatusCommand(CommandContext& c, Id eventId);
// Prints the stream as lines until `count` events (0: no limit) or `seconds` (0: none) pass.
int watchCommand(CommandContext& c, Id eventId, int count, int seconds);
int shiftCommand(CommandContext& c, const std::string& since);
int salesCommand(CommandContext& c, Id eventId, int bucketSeconds);

// The door, for scripts: checks one ticket (its code, or its signed token BLH1.…) in at `gate`
// and prints {"result": "admitted" | "already_checked_in" | "ticket_void" | "not_found", ...}
// (JSON whatever -o says: a gate's script reads it); exit 0 admitted, 8 refused, 7 unknown.
int checkinCommand(CommandContext& c, const std::string& ticket, const std::string& gate);
// Finds the order holding a ticket (its code or signed token): GET /orders?ticket=.
int ordersFindCommand(CommandContext& c, const std::string& ticket);
// Refunds tickets of an order (all when `ticketIds` is empty), retrying an unanswered refund
// with its Idempotency-Key.
// `idempotencyKey`: check again (see BuyOptions); empty for a new refund.
int refundCommand(CommandContext& c, Id orderId, const std::vector<Id>& ticketIds,
                  const std::optional<std::string>& reason, const std::string& idempotencyKey);

// Moves a ticket of an order to a seat or a general-admission section; a dearer place's
// difference paid as `payment` says (cash or a card read as buy's), a cheaper one's refunded.
struct ExchangeOptions {
    Id ticketId = 0;
    std::optional<Id> seatId;
    std::optional<Id> sectionId;
    BuyOptions payment;         // neither --cash nor --card: nothing to pay
    std::string idempotencyKey; // check again (see BuyOptions)
};
int exchangeCommand(CommandContext& c, Id orderId, const ExchangeOptions& options);
// Cancels an event (its organizer, an admin): the sale closes and every order is refunded.
int eventsCancelCommand(CommandContext& c, Id eventId, const std::optional<std::string>& reason);

// Reads a secret: a line of standard input, or a prompt without echo when it is a terminal.
std::string readSecret(CommandContext& c, const std::string& prompt);

} // namespace bilheteria::term
