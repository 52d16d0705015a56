#include "client-term/app/commands.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <expected>
#include <istream>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "client-term/app/exitcodes.h"
#include "client-term/models/checkout.h"
#include "client-term/models/seatmap.h"
#include "client-term/models/waitingroom.h"
#include "shared/jsonmapping.h"
#include "shared/payment.h"
#include "shared/timeformat.h"

namespace bilheteria::term {

using nlohmann::json;

namespace {

// Characters on screen of a UTF-8 text (each code point one column: names are letters).
std::size_t columns(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
        return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    }));
}

void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t i = 0; i < header.size(); ++i)
        width[i] = columns(header[i]);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
            width[i] = std::max(width[i], columns(row[i]));
    const auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            out << cells[i];
            if (i + 1 < cells.size()) out << std::string(width[i] - columns(cells[i]) + 2, ' ');
        }
        out << '\n';
    };
    line(header);
    for (const auto& row : rows)
        line(row);
}

int failWith(CommandContext& c, const ApiError& error) {
    c.err << "bilheteria-term: " << error.error.message;
    if (error.kind == ApiError::Kind::Http) c.err << " (" << errorCodeName(error.code()) << ")";
    if (error.kind == ApiError::Kind::Tls)
        c.err << "\n  run `bilheteria-term trust` to see the server's fingerprint and pin it";
    if (error.is(ErrorCode::Unauthenticated))
        c.err << "\n  run `bilheteria-term login --email ...` first";
    if (error.retryAfterSeconds > 0)
        c.err << "\n  try again in " << error.retryAfterSeconds << " s";
    c.err << '\n';
    return exitCodeFor(error);
}

// A purchase, refund or exchange whose outcome stayed unknown after ApiClient's retries: it may
// have gone through. Only the same request with the same key can tell, never a new one.
int failUnknown(CommandContext& c, const ApiError& error, const char* what,
                const std::string& key) {
    c.err << "bilheteria-term: the outcome is unknown: the " << what << " may have gone through ("
          << error.error.message << ")\n"
          << "  check again with the same key: the same command with --idempotency-key " << key
          << '\n';
    return exitCodeFor(error);
}

int usage(CommandContext& c, const std::string& message) {
    c.err << "bilheteria-term: " << message << '\n';
    return kExitUsage;
}

void printJson(CommandContext& c, const json& value) {
    c.out << value.dump(2) << '\n';
}

std::string money(CommandContext& c, Cents cents, const std::string& currency) {
    return formatMoney(cents, currency, c.language);
}

std::string when(CommandContext& c, TimePoint time) {
    return formatTime(time, c.language);
}

void printHold(CommandContext& c, const Hold& hold, std::int64_t secondsLeft) {
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"hold", toJson(hold)}, {"seconds_left", secondsLeft}});
        return;
    }
    c.out << "hold " << hold.id << "  " << holdStatusName(hold.status) << "  "
          << money(c, hold.totalCents, hold.currency) << "  expires " << when(c, hold.expiresAt)
          << " (" << formatCountdown(secondsLeft) << " left)\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& seat : hold.seats)
        rows.push_back({std::to_string(seat.id), std::to_string(seat.sectionId), seat.row,
                        std::to_string(seat.number), money(c, seat.priceCents, hold.currency)});
    for (const auto& general : hold.general)
        rows.push_back({"-", std::to_string(general.sectionId), "-",
                        std::to_string(general.quantity) + " x",
                        money(c, general.priceCents, hold.currency)});
    printTable(c.out, {"SEAT", "SECTION", "ROW", "NUMBER", "PRICE"}, rows);
}

void printOrder(CommandContext& c, const Order& order, std::optional<Cents> tendered) {
    if (c.format == OutputFormat::Json) {
        json body{{"order", toJson(order)}};
        if (tendered) body["tendered_cents"] = *tendered;
        printJson(c, body);
        return;
    }
    c.out << "order " << order.id << "  " << order.status << "  "
          << money(c, order.totalCents, order.currency) << "  " << order.payment.method;
    if (order.payment.brand) c.out << " " << *order.payment.brand;
    if (order.payment.last4) c.out << " ****" << *order.payment.last4;
    c.out << "  " << when(c, order.createdAt) << '\n';
    if (order.payment.changeCents)
        c.out << "CHANGE: " << money(c, *order.payment.changeCents, order.currency) << '\n';
    std::vector<std::vector<std::string>> rows;
    for (const auto& ticket : order.tickets)
        rows.push_back({std::to_string(ticket.id), ticket.section, ticket.row.value_or("-"),
                        ticket.number ? std::to_string(*ticket.number) : "-", ticket.status,
                        ticket.code});
    printTable(c.out, {"TICKET", "SECTION", "ROW", "NUMBER", "STATUS", "CODE"}, rows);
}

void printQueue(CommandContext& c, const QueueStatus& status) {
    if (c.format == OutputFormat::Json) {
        printJson(c, toJson(status));
        return;
    }
    c.out << "position " << status.position << "  ahead " << status.ahead << "  "
          << (status.admitted ? "admitted"
              : status.lapsed ? "lapsed"
                              : "waiting");
    if (status.estimatedWaitSeconds) c.out << "  about " << *status.estimatedWaitSeconds << " s";
    if (status.admittedUntil) c.out << "  until " << when(c, *status.admittedUntil);
    if (status.draw)
        c.out << "  draw at " << when(c, status.draw->at) << "  entrants " << status.draw->entrants
              << "  wait " << status.draw->waitMinSeconds << "-" << status.draw->waitMaxSeconds
              << " s";
    c.out << '\n';
}

} // namespace

std::string readSecret(CommandContext& c, const std::string& prompt) {
    std::string line;
    if (!c.interactiveInput) {
        std::getline(c.in, line);
        return line;
    }
    c.err << prompt << std::flush;
    termios saved{};
    const bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::getline(c.in, line);
    if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    c.err << '\n';
    return line;
}

int trustCommand(CommandContext& c, const std::string& fingerprint) {
    auto certificate = c.signIn.fetchCertificate();
    if (!certificate) {
        c.err << "bilheteria-term: " << certificate.error().message << '\n';
        return kExitUnreachable;
    }
    c.out << "server " << c.signIn.address().host << ":" << c.signIn.address().port << "\n"
          << "certificate " << certificate->subject << "\n"
          << "SHA-256 fingerprint " << certificate->fingerprint << '\n';
    std::string expected = fingerprint;
    if (expected.empty()) {
        if (!c.interactiveInput) {
            c.err << "bilheteria-term: compare the fingerprint with the one the server printed "
                     "and pass it with --fingerprint to pin it\n";
            return kExitUntrusted;
        }
        c.err << "Does it match the fingerprint the server printed at start? Type it, or its "
                 "first 8 characters, to pin it: "
              << std::flush;
        std::getline(c.in, expected);
    }
    const auto normalized = [](std::string text) {
        std::erase_if(text, [](char ch) { return ch == ':' || ch == ' '; });
        std::transform(text.begin(), text.end(), text.begin(), ::toupper);
        return text;
    };
    const std::string given = normalized(expected);
    const std::string actual = normalized(certificate->fingerprint);
    // A person may type the first 8 characters; a script passes the whole fingerprint.
    const bool typed = fingerprint.empty();
    const bool matches =
        !given.empty() &&
        (given == actual || (typed && given.size() >= 8 && actual.rfind(given, 0) == 0));
    if (!matches) {
        c.err << "bilheteria-term: the fingerprint does not match; nothing was pinned\n";
        return kExitUntrusted;
    }
    if (auto pinned = c.signIn.pin(*certificate); !pinned) {
        c.err << "bilheteria-term: " << pinned.error().message << '\n';
        return kExitFailure;
    }
    c.out << "pinned\n";
    return kExitOk;
}

int loginCommand(CommandContext& c, const std::string& email,
                 const std::optional<std::string>& totpCode) {
    const std::string password = readSecret(c, "Password: ");
    if (password.empty()) return usage(c, "no password on standard input");
    auto session = c.signIn.login(c.api, email, password, totpCode);
    if (!session && session.error().is(ErrorCode::TotpRequired) && c.interactiveInput) {
        const std::string code = readSecret(c, "Authenticator code: ");
        session = c.signIn.login(c.api, email, password, code);
    }
    if (!session) return failWith(c, session.error());
    if (c.format == OutputFormat::Json)
        printJson(c, {{"user", toJson(session->user)},
                      {"expires_at", formatRfc3339(session->expiresAt)}});
    else
        c.out << "signed in as " << session->user.name << " <" << session->user.email << "> ("
              << roleName(session->user.role) << ")\n";
    return kExitOk;
}

int logoutCommand(CommandContext& c) {
    auto done = c.api.logout();
    c.signIn.forgetToken();
    if (!done && !done.error().is(ErrorCode::Unauthenticated)) return failWith(c, done.error());
    if (c.format == OutputFormat::Table) c.out << "signed out\n";
    return kExitOk;
}

int whoamiCommand(CommandContext& c) {
    auto user = c.api.me();
    if (!user) return failWith(c, user.error());
    if (c.format == OutputFormat::Json)
        printJson(c, {{"user", toJson(*user)}});
    else
        c.out << user->name << " <" << user->email << "> (" << roleName(user->role) << ")\n";
    return kExitOk;
}

int eventsListCommand(CommandContext& c, const std::string& search) {
    auto events = c.api.events();
    if (!events) return failWith(c, events.error());
    std::vector<EventSummary> shown;
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), ::tolower);
        return text;
    };
    for (const auto& event : *events)
        if (search.empty() ||
            lower(event.name + " " + event.venue).find(lower(search)) != std::string::npos)
            shown.push_back(event);
    if (c.format == OutputFormat::Json) {
        json list = json::array();
        for (const auto& event : shown)
            list.push_back(toJson(event));
        printJson(c, {{"events", list}});
        return kExitOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& event : shown)
        rows.push_back({std::to_string(event.id), event.name, event.venue, when(c, event.startsAt),
                        std::to_string(event.available) + "/" + std::to_string(event.capacity),
                        money(c, event.minPriceCents, event.currency),
                        event.queueEnabled ? "yes" : "no"});
    printTable(c.out, {"ID", "NAME", "VENUE", "STARTS", "AVAILABLE", "FROM", "QUEUE"}, rows);
    return kExitOk;
}

int eventsShowCommand(CommandContext& c, Id eventId) {
    auto event = c.api.event(eventId);
    if (!event) return failWith(c, event.error());
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"event", toJson(*event)}});
        return kExitOk;
    }
    const auto& s = event->summary;
    c.out << s.name << " — " << s.venue << '\n'
          << "starts " << when(c, s.startsAt) << "; on sale " << when(c, s.saleStartsAt) << " to "
          << when(c, s.saleEndsAt) << '\n'
          << "up to " << event->maxTicketsPerCustomer << " tickets per customer; holds last "
          << event->holdSeconds / 60 << " min" << (s.queueEnabled ? "; waiting room" : "") << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& section : event->sections)
        rows.push_back(
            {std::to_string(section.id), section.name, std::string(sectionKindName(section.kind)),
             money(c, section.priceCents, s.currency),
             std::to_string(section.available) + "/" + std::to_string(section.capacity)});
    printTable(c.out, {"SECTION", "NAME", "KIND", "PRICE", "AVAILABLE"}, rows);
    return kExitOk;
}

int seatsCommand(CommandContext& c, Id eventId, std::optional<Id> sectionId, bool freeOnly) {
    auto seats = c.api.seats(eventId);
    if (!seats) return failWith(c, seats.error());
    std::vector<Seat> shown;
    for (const auto& seat : *seats)
        if ((!sectionId || seat.sectionId == *sectionId) &&
            (!freeOnly || seat.state == SeatState::Free))
            shown.push_back(seat);
    if (c.format == OutputFormat::Json) {
        json list = json::array();
        for (const auto& seat : shown)
            list.push_back(toJson(seat));
        printJson(c, {{"seats", list}});
        return kExitOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& seat : shown)
        rows.push_back({std::to_string(seat.id), std::to_string(seat.sectionId), seat.row,
                        std::to_string(seat.number), std::string(seatStateName(seat.state))});
    printTable(c.out, {"SEAT", "SECTION", "ROW", "NUMBER", "STATE"}, rows);
    return kExitOk;
}

int holdCommand(CommandContext& c, Id eventId, const HoldOptions& options) {
    HoldRequest request;
    if (options.best > 0) {
        auto event = c.api.event(eventId);
        if (!event) return failWith(c, event.error());
        auto seats = c.api.seats(eventId);
        if (!seats) return failWith(c, seats.error());
        SeatMap map;
        map.load(*event, std::move(*seats));
        if (!map.selectBestAvailable(options.sectionId, options.best)) {
            c.err << "bilheteria-term: no " << options.best << " adjacent free seats"
                  << (options.sectionId ? " in that section" : "") << '\n';
            return kExitConflict;
        }
        request.seatIds = map.selectedSeatIds();
    } else if (!options.seatIds.empty()) {
        request.seatIds = options.seatIds;
    } else if (options.sectionId && options.quantity > 0) {
        request.sectionId = options.sectionId;
        request.quantity = options.quantity;
    } else {
        return usage(c, "hold needs --seats, --best N, or --section with --quantity");
    }
    Checkout checkout(c.api);
    auto hold = checkout.createHold(eventId, request);
    if (!hold) return failWith(c, hold.error());
    printHold(c, *hold, checkout.secondsLeft());
    return kExitOk;
}

int releaseCommand(CommandContext& c, Id holdId) {
    auto released = c.api.releaseHold(holdId);
    if (!released) return failWith(c, released.error());
    if (c.format == OutputFormat::Table) c.out << "released hold " << holdId << '\n';
    return kExitOk;
}

// The payment --cash or --card describe (the card's number and CVC read from standard input);
// a usage message when they are incomplete.
std::expected<PaymentRequest, std::string> paymentFromOptions(CommandContext& c,
                                                              const BuyOptions& options) {
    if (options.cash && !options.card) {
        const Cents tendered = parseMoneyCents(*options.cash);
        if (tendered < 0) return std::unexpected("--cash needs an amount, like 100 or 100,50");
        return PaymentRequest{CashPayment{tendered}};
    }
    if (!options.card || options.cash) return std::unexpected("either --cash AMOUNT or --card");
    CardPayment card;
    const auto expiry = parseCardExpiry(options.expiry);
    if (!expiry || expiry->first < 1 || expiry->first > 12)
        return std::unexpected("--card needs --expiry MM/YYYY");
    card.expMonth = expiry->first;
    card.expYear = expiry->second;
    if (options.holder.empty()) return std::unexpected("--card needs --holder NAME");
    card.holderName = options.holder;
    card.number = readSecret(c, "Card number: ");
    std::erase(card.number, ' ');
    card.cvc = readSecret(c, "CVC: ");
    if (card.number.empty() || card.cvc.empty())
        return std::unexpected("the card number and CVC come on standard input, one per line");
    return PaymentRequest{std::move(card)};
}

int buyCommand(CommandContext& c, Id holdId, const BuyOptions& options) {
    auto read = paymentFromOptions(c, options);
    if (!read) return usage(c, "buy needs " + read.error());
    PaymentRequest payment = std::move(*read);
    // ApiClient asks again by itself while the outcome is unknown (503, no answer).
    c.api.setConfirmingHandler([&c] { c.err << "bilheteria-term: confirming your payment…\n"; });
    if (!options.idempotencyKey.empty()) {
        // Check again: straight to the purchase (the hold may be sold by now), same key.
        auto order = c.api.purchase(holdId, payment, options.idempotencyKey);
        const auto* cash = std::get_if<CashPayment>(&payment);
        const Cents tendered = cash ? cash->tenderedCents : 0;
        const bool paidCash = cash != nullptr;
        wipeSecrets(payment);
        if (!order && order.error().outcomeUnknown())
            return failUnknown(c, order.error(), "payment", options.idempotencyKey);
        if (!order) return failWith(c, order.error());
        if (paidCash)
            printOrder(c, *order, tendered);
        else
            printOrder(c, *order, std::nullopt);
        return kExitOk;
    }
    Checkout checkout(c.api);
    if (auto hold = checkout.resume(holdId); !hold) return failWith(c, hold.error());
    auto order = checkout.pay(payment);
    wipeSecrets(payment);
    if (!order && checkout.canRetry())
        return failUnknown(c, order.error(), "payment", checkout.pendingKey());
    if (!order) return failWith(c, order.error());
    printOrder(c, *order, checkout.tendered());
    return kExitOk;
}

int ordersListCommand(CommandContext& c) {
    auto orders = c.api.orders();
    if (!orders) return failWith(c, orders.error());
    if (c.format == OutputFormat::Json) {
        json list = json::array();
        for (const auto& order : *orders)
            list.push_back(toJson(order));
        printJson(c, {{"orders", list}});
        return kExitOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& order : *orders)
        rows.push_back({std::to_string(order.id), std::to_string(order.eventId),
                        when(c, order.createdAt), std::to_string(order.tickets.size()),
                        money(c, order.totalCents, order.currency), order.payment.method,
                        order.status});
    printTable(c.out, {"ORDER", "EVENT", "CREATED", "TICKETS", "TOTAL", "PAYMENT", "STATUS"}, rows);
    return kExitOk;
}

int ordersFindCommand(CommandContext& c, const std::string& ticket) {
    auto orders = c.api.ordersByTicket(ticket);
    if (!orders) return failWith(c, orders.error());
    if (orders->empty()) {
        c.err << "bilheteria-term: no order holds that ticket\n";
        return kExitNotFound;
    }
    printOrder(c, orders->front(), std::nullopt);
    return kExitOk;
}

int refundCommand(CommandContext& c, Id orderId, const std::vector<Id>& ticketIds,
                  const std::optional<std::string>& reason, const std::string& idempotencyKey) {
    RefundRequest request{ticketIds, reason};
    const std::string key = idempotencyKey.empty() ? newIdempotencyKey() : idempotencyKey;
    // ApiClient asks again by itself, same key, while the outcome is unknown.
    c.api.setConfirmingHandler([&c] { c.err << "bilheteria-term: confirming the refund…\n"; });
    auto outcome = c.api.refund(orderId, request, key);
    if (!outcome && outcome.error().outcomeUnknown())
        return failUnknown(c, outcome.error(), "refund", key);
    if (!outcome) return failWith(c, outcome.error());
    const Refund& refund = outcome->refund;
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"order", toJson(outcome->order)}, {"refund", toJson(refund)}});
        return kExitOk;
    }
    c.out << "refund " << refund.id << "  " << money(c, refund.amountCents, refund.currency) << "  "
          << refund.method << "  " << refund.status << '\n';
    if (refund.method == "cash")
        c.out << "HAND BACK: " << money(c, refund.amountCents, refund.currency) << '\n';
    printOrder(c, outcome->order, std::nullopt);
    return kExitOk;
}

int exchangeCommand(CommandContext& c, Id orderId, const ExchangeOptions& options) {
    if (options.seatId.has_value() == options.sectionId.has_value())
        return usage(c, "exchange needs the new place: --seat ID or --section ID");
    ExchangeRequest request{options.ticketId, options.seatId, options.sectionId, std::nullopt};
    if (options.payment.cash || options.payment.card) {
        auto payment = paymentFromOptions(c, options.payment);
        if (!payment) return usage(c, "exchange's payment needs " + payment.error());
        request.payment = std::move(*payment);
    }
    const std::string key =
        options.idempotencyKey.empty() ? newIdempotencyKey() : options.idempotencyKey;
    // ApiClient asks again by itself, same key, while the outcome is unknown.
    c.api.setConfirmingHandler([&c] { c.err << "bilheteria-term: confirming the exchange…\n"; });
    auto outcome = c.api.exchange(orderId, request, key);
    if (request.payment) wipeSecrets(*request.payment);
    if (!outcome && outcome.error().outcomeUnknown())
        return failUnknown(c, outcome.error(), "exchange", key);
    if (!outcome) return failWith(c, outcome.error());
    const Exchange& exchange = outcome->exchange;
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"order", toJson(outcome->order)}, {"exchange", toJson(exchange)}});
        return kExitOk;
    }
    c.out << "exchange " << exchange.id << "  ticket " << exchange.oldTicketId << " -> "
          << exchange.newTicketId << "  difference "
          << money(c, exchange.differenceCents, exchange.currency) << '\n';
    if (exchange.payment && exchange.payment->changeCents.value_or(0) > 0)
        c.out << "CHANGE: " << money(c, *exchange.payment->changeCents, exchange.currency) << '\n';
    if (exchange.refund && exchange.refund->method == "cash")
        c.out << "HAND BACK: " << money(c, exchange.refund->amountCents, exchange.currency) << '\n';
    printOrder(c, outcome->order, std::nullopt);
    return kExitOk;
}

int eventsCancelCommand(CommandContext& c, Id eventId, const std::optional<std::string>& reason) {
    auto done = c.api.cancelEvent(eventId, CancelRequest{reason});
    if (!done) return failWith(c, done.error());
    if (c.format == OutputFormat::Json) {
        printJson(c, toJson(*done));
        return kExitOk;
    }
    c.out << "cancelled event " << eventId << "  refunded " << done->refundedOrders << " orders  "
          << money(c, done->refundedCents, done->event.summary.currency) << '\n';
    return kExitOk;
}

int checkinCommand(CommandContext& c, const std::string& ticket, const std::string& gate) {
    CheckinRequest request;
    const bool token = ticket.rfind("BLH1.", 0) == 0;
    (token ? request.qr : request.code) = ticket;
    request.gate = gate;
    auto checkin = c.api.checkin(request);
    if (checkin) {
        json out = toJson(*checkin);
        if (c.format == OutputFormat::Json || !c.interactiveInput) {
            printJson(c, out);
        } else {
            c.out << "ADMITTED  ticket " << checkin->ticket.id << "  " << checkin->ticket.section;
            if (checkin->ticket.row && checkin->ticket.number)
                c.out << "  row " << *checkin->ticket.row << " seat " << *checkin->ticket.number;
            c.out << "  gate " << checkin->gate << '\n';
        }
        return kExitOk;
    }
    const ApiError& error = checkin.error();
    if (error.kind != ApiError::Kind::Http ||
        !(error.is(ErrorCode::AlreadyCheckedIn) || error.is(ErrorCode::TicketVoid) ||
          error.is(ErrorCode::NotFound)))
        return failWith(c, error);
    // A refusal is an answer, not a failure of the command: it is printed like an admission.
    json out{{"result", errorCodeName(error.code())}, {"message", error.error.message}};
    if (error.error.details.is_object())
        for (const auto& [name, value] : error.error.details.items())
            out[name] = value;
    if (c.format == OutputFormat::Json || !c.interactiveInput)
        printJson(c, out);
    else
        c.out << "REFUSED  " << error.error.message << '\n';
    return exitCodeFor(error);
}

int ordersShowCommand(CommandContext& c, Id orderId) {
    auto order = c.api.order(orderId);
    if (!order) return failWith(c, order.error());
    printOrder(c, *order, std::nullopt);
    return kExitOk;
}

int queueJoinCommand(CommandContext& c, Id eventId, bool wait) {
    WaitingRoom room(c.api, eventId);
    auto status = room.join();
    if (!status) return failWith(c, status.error());
    while (wait && !status->admitted && !status->lapsed) {
        if (c.format == OutputFormat::Table) printQueue(c, *status);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        status = room.refresh();
        if (!status) return failWith(c, status.error());
    }
    printQueue(c, *status);
    return status->lapsed ? kExitConflict : kExitOk;
}

int queueStatusCommand(CommandContext& c, Id eventId) {
    auto status = c.api.queueStatus(eventId);
    if (!status) return failWith(c, status.error());
    printQueue(c, *status);
    return kExitOk;
}

int watchCommand(CommandContext& c, Id eventId, int count, int seconds) {
    WatchCancel cancel;
    std::thread timer;
    if (seconds > 0)
        timer = std::thread([&cancel, seconds] {
            for (int i = 0; i < seconds * 10 && !cancel.cancelled(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            cancel.cancel();
        });
    int seen = 0;
    std::string lastEventId;
    auto watched = c.api.watch(
        eventId, lastEventId,
        [&](const StreamEvent& event) {
            if (c.format == OutputFormat::Json) {
                json data = json::parse(event.data, nullptr, false);
                c.out << json{{"id", event.lastEventId},
                              {"event", event.type},
                              {"data", data.is_discarded() ? json(event.data) : data}}
                             .dump()
                      << '\n';
            } else {
                c.out << event.type << ' ' << event.data << '\n';
            }
            c.out.flush();
            return count <= 0 || ++seen < count;
        },
        &cancel);
    cancel.cancel();
    if (timer.joinable()) timer.join();
    if (!watched) return failWith(c, watched.error());
    return kExitOk;
}

int shiftCommand(CommandContext& c, const std::string& since) {
    TimePoint from;
    if (since.empty()) {
        from = startOfToday();
    } else if (auto parsed = parseRfc3339(since)) {
        from = *parsed;
    } else {
        return usage(c, "--since needs an RFC 3339 time, like 2026-12-05T08:00:00Z");
    }
    auto read = c.api.shiftSummary(from);
    if (!read) return failWith(c, read.error());
    const ShiftSummary& shift = *read;
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"shift", toJson(shift)}});
        return kExitOk;
    }
    c.out << "shift from " << when(c, shift.since) << " to " << when(c, shift.until) << ": "
          << shift.orders << (shift.orders == 1 ? " order, " : " orders, ") << shift.tickets
          << (shift.tickets == 1 ? " ticket" : " tickets");
    if (shift.refunds > 0)
        c.out << ", " << shift.refunds << (shift.refunds == 1 ? " refund" : " refunds");
    c.out << '\n';
    std::vector<std::vector<std::string>> rows;
    for (const auto& total : shift.totals) {
        rows.push_back(
            {total.currency, std::to_string(total.orders), std::to_string(total.tickets),
             money(c, total.payments.cashCents, total.currency),
             money(c, total.payments.cardCents, total.currency),
             money(c, total.changeCents, total.currency),
             money(c, total.totalCents, total.currency),
             money(c, total.refundedCents, total.currency),
             money(c, total.payments.cashCents - total.cashRefundedCents, total.currency)});
    }
    printTable(
        c.out,
        {"CURRENCY", "ORDERS", "TICKETS", "CASH", "CARD", "CHANGE", "TOTAL", "REFUNDED", "DRAWER"},
        rows);
    return kExitOk;
}

int salesCommand(CommandContext& c, Id eventId, int bucketSeconds) {
    auto report = c.api.salesReport(eventId, bucketSeconds);
    if (!report) return failWith(c, report.error());
    if (c.format == OutputFormat::Json) {
        printJson(c, {{"sales", toJson(*report)}});
        return kExitOk;
    }
    c.out << "sold " << report->sold << ", held " << report->held << ", available "
          << report->available << " of " << report->capacity << "; " << report->orders
          << " orders, " << money(c, report->revenueCents, report->currency) << '\n';
    std::vector<std::vector<std::string>> rows;
    for (const auto& section : report->sections)
        rows.push_back({section.name, std::to_string(section.sold), std::to_string(section.held),
                        std::to_string(section.available),
                        money(c, section.revenueCents, report->currency)});
    printTable(c.out, {"SECTION", "SOLD", "HELD", "AVAILABLE", "REVENUE"}, rows);
    return kExitOk;
}

} // namespace bilheteria::term
