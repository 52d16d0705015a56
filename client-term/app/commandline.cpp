#include "client-term/app/commandline.h"

#include <langinfo.h>
#include <unistd.h>

#include <clocale>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "client-term/app/commands.h"
#include "client-term/app/exitcodes.h"
#include "client-term/ui/interactive.h"

namespace bilheteria::term {

namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

} // namespace

int runCommandLine(int argc, char** argv) {
    // A server that closed a kept-alive connection makes the next TLS write raise SIGPIPE,
    // which would end the program: the write fails instead and the request is retried or
    // reported like any lost connection.
    std::signal(SIGPIPE, SIG_IGN);
    std::setlocale(LC_ALL, "");
    // The screens speak UTF-8 whatever the language: a language whose locale is not installed
    // here (pt_BR.UTF-8 on a bare machine) still gets UTF-8 characters.
    if (std::string_view(nl_langinfo(CODESET)) != "UTF-8") std::setlocale(LC_CTYPE, "C.UTF-8");
    CLI::App app{"Bilheteria's terminal box office: a full-screen counter app when run without "
                 "a command, a scriptable command line with one."};
    app.require_subcommand(0, 1);
    // Global options may come after the command too (`bilheteria-term events list -o json`);
    // subcommands made from here on inherit this.
    app.fallthrough();
    std::string serverUrl = environment("BILHETERIA_SERVER");
    std::string caFile;
    std::string output = "table";
    app.add_option("--server", serverUrl, "The server, https://host:port (or BILHETERIA_SERVER)");
    app.add_option("--ca-file", caFile,
                   "Trust certificates signed by this CA (PEM) instead of a pinned one")
        ->check(CLI::ExistingFile);
    app.add_option("-o,--output", output, "table or json")->check(CLI::IsMember({"table", "json"}));

    std::string fingerprint;
    auto* trust = app.add_subcommand(
        "trust", "Show the server's certificate fingerprint and pin it once it matches");
    trust->add_option("--fingerprint", fingerprint,
                      "Pin without asking when the certificate has this SHA-256 fingerprint");

    std::string email;
    std::optional<std::string> totpCode;
    auto* login = app.add_subcommand(
        "login", "Sign in; the password is read from standard input or asked for");
    login->add_option("--email", email, "The account's email")->required();
    login->add_option("--totp-code", totpCode, "The authenticator's current code, if asked");
    auto* logout = app.add_subcommand("logout", "Sign out and forget the session");
    auto* whoami = app.add_subcommand("whoami", "Who is signed in");

    auto* events = app.add_subcommand("events", "Events on sale");
    events->require_subcommand(1);
    std::string search;
    auto* eventsList = events->add_subcommand("list", "List events");
    eventsList->add_option("--search", search, "Only events whose name or venue contains this");
    Id eventId = 0;
    auto* eventsShow = events->add_subcommand("show", "An event with its sections");
    eventsShow->add_option("EVENT", eventId, "Event id")->required();
    std::optional<std::string> cancelReason;
    auto* eventsCancel = events->add_subcommand(
        "cancel", "Cancel an event (its organizer, an admin): the sale closes, every order is "
                  "refunded; again to finish a cancellation cut short");
    eventsCancel->add_option("EVENT", eventId, "Event id")->required();
    eventsCancel->add_option("--reason", cancelReason, "Why, for the audit log");

    std::optional<Id> sectionId;
    bool freeOnly = false;
    auto* seats = app.add_subcommand("seats", "An event's numbered seats and their state");
    seats->add_option("EVENT", eventId, "Event id")->required();
    seats->add_option("--section", sectionId, "Only this section");
    seats->add_flag("--free", freeOnly, "Only free seats");

    HoldOptions holdOptions;
    auto* hold = app.add_subcommand("hold", "Hold seats (or general admission) for this session");
    hold->add_option("EVENT", eventId, "Event id")->required();
    hold->add_option("--seats", holdOptions.seatIds, "Seat ids, comma separated")->delimiter(',');
    hold->add_option("--section", holdOptions.sectionId,
                     "General admission: the section (with --quantity); with --best, where");
    hold->add_option("--quantity", holdOptions.quantity, "General admission: how many")
        ->check(CLI::PositiveNumber);
    hold->add_option("--best", holdOptions.best, "The best N adjacent free seats")
        ->check(CLI::PositiveNumber);

    Id holdId = 0;
    auto* release = app.add_subcommand("release", "Give a hold's seats back");
    release->add_option("HOLD", holdId, "Hold id")->required();

    BuyOptions buyOptions;
    auto* buy = app.add_subcommand(
        "buy", "Pay for a hold: cash at the counter, or a card (number and CVC on standard input)");
    buy->add_option("HOLD", holdId, "Hold id")->required();
    auto* cash = buy->add_option("--cash", buyOptions.cash, "Cash tendered, like 100 or 100,50");
    auto* card = buy->add_flag("--card", buyOptions.card, "Pay by card");
    cash->excludes(card);
    buy->add_option("--expiry", buyOptions.expiry, "Card expiry, MM/YYYY");
    buy->add_option("--holder", buyOptions.holder, "Name on the card");
    buy->add_option("--idempotency-key", buyOptions.idempotencyKey,
                    "Check again: the key a try whose outcome is unknown printed");

    auto* orders = app.add_subcommand("orders", "Your orders");
    orders->require_subcommand(1);
    auto* ordersList = orders->add_subcommand("list", "List your orders");
    Id orderId = 0;
    auto* ordersShow = orders->add_subcommand("show", "An order with its tickets");
    ordersShow->add_option("ORDER", orderId, "Order id")->required();

    std::string ticket;
    auto* ordersFind =
        orders->add_subcommand("find", "The order holding a ticket (staff): its code or QR token");
    ordersFind
        ->add_option(
            "TICKET", ticket,
            "Ticket code, or its signed token BLH1.… (a code beginning with - goes after --)")
        ->required();

    std::vector<Id> ticketIds;
    std::optional<std::string> reason;
    auto* refund = app.add_subcommand(
        "refund", "Refund an order's tickets (all, or --tickets); cash is handed back at once");
    refund->add_option("ORDER", orderId, "Order id")->required();
    refund->add_option("--tickets", ticketIds, "Ticket ids, comma separated (default: all)")
        ->delimiter(',');
    refund->add_option("--reason", reason, "Why, for the audit log");
    std::string refundKey;
    refund->add_option("--idempotency-key", refundKey,
                       "Check again: the key a try whose outcome is unknown printed");

    ExchangeOptions exchangeOptions;
    auto* exchange = app.add_subcommand(
        "exchange", "Move a ticket of an order to another place (staff); a dearer place's "
                    "difference is paid by --cash or --card, a cheaper one's refunded");
    exchange->add_option("ORDER", orderId, "Order id")->required();
    exchange->add_option("--ticket", exchangeOptions.ticketId, "The ticket to move")->required();
    auto* toSeat = exchange->add_option("--seat", exchangeOptions.seatId, "The new seat's id");
    auto* toSection = exchange->add_option("--section", exchangeOptions.sectionId,
                                           "A general-admission section for the new place");
    toSeat->excludes(toSection);
    auto* exchangeCash = exchange->add_option("--cash", exchangeOptions.payment.cash,
                                              "Cash tendered for a dearer place's difference");
    auto* exchangeCard =
        exchange->add_flag("--card", exchangeOptions.payment.card,
                           "Pay a dearer place's difference by card (number and CVC on stdin)");
    exchangeCash->excludes(exchangeCard);
    exchange->add_option("--expiry", exchangeOptions.payment.expiry, "Card expiry, MM/YYYY");
    exchange->add_option("--holder", exchangeOptions.payment.holder, "Name on the card");
    exchange->add_option("--idempotency-key", exchangeOptions.idempotencyKey,
                         "Check again: the key a try whose outcome is unknown printed");

    std::string gate;
    auto* checkin = app.add_subcommand(
        "checkin", "Check a ticket in at a gate; prints the answer as JSON (exit 0 admitted, 8 "
                   "refused, 7 unknown)");
    checkin
        ->add_option(
            "TICKET", ticket,
            "Ticket code, or its signed token BLH1.… (a code beginning with - goes after --)")
        ->required();
    checkin->add_option("--gate", gate, "The gate's name")->required();

    bool wait = false;
    auto* queue = app.add_subcommand("queue", "An event's waiting room");
    queue->require_subcommand(1);
    auto* queueJoin = queue->add_subcommand("join", "Take a place (solving its proof of work)");
    queueJoin->add_option("EVENT", eventId, "Event id")->required();
    queueJoin->add_flag("--wait", wait, "Wait until admitted");
    auto* queueStatus = queue->add_subcommand("status", "Your place");
    queueStatus->add_option("EVENT", eventId, "Event id")->required();

    int count = 0, seconds = 0;
    auto* watch = app.add_subcommand("watch", "An event's live changes, one line each");
    watch->add_option("EVENT", eventId, "Event id")->required();
    watch->add_option("--count", count, "Stop after this many events");
    watch->add_option("--seconds", seconds, "Stop after this many seconds");

    std::string since;
    auto* shift = app.add_subcommand("shift", "Your sales since a time (default: today)");
    shift->add_option("--since", since, "RFC 3339 time");

    int bucketSeconds = 3600;
    auto* sales = app.add_subcommand("sales", "An event's sales figures (organizers)");
    sales->add_option("EVENT", eventId, "Event id")->required();
    sales->add_option("--bucket-seconds", bucketSeconds, "Timeline bucket")
        ->check(CLI::Range(60, 86400));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? kExitOk : kExitUsage;
    }

    const auto parsed = parseServerUrl(serverUrl);
    if (!parsed) {
        std::cerr << "bilheteria-term: --server needs an https:// URL (or set BILHETERIA_SERVER)\n";
        return kExitUsage;
    }
    const ServerAddress address = *parsed;
    SignIn signIn(address, caFile);
    ApiClient api(address, signIn.trust());
    if (auto token = signIn.savedToken()) api.setToken(*token);
    CommandContext c{signIn,
                     api,
                     output == "json" ? OutputFormat::Json : OutputFormat::Table,
                     languageFromEnvironment(),
                     std::cout,
                     std::cerr,
                     std::cin,
                     isatty(STDIN_FILENO) != 0};

    if (app.got_subcommand(trust)) return trustCommand(c, fingerprint);
    if (app.got_subcommand(login)) return loginCommand(c, email, totpCode);
    if (app.got_subcommand(logout)) return logoutCommand(c);
    if (app.got_subcommand(whoami)) return whoamiCommand(c);
    if (events->got_subcommand(eventsList)) return eventsListCommand(c, search);
    if (events->got_subcommand(eventsShow)) return eventsShowCommand(c, eventId);
    if (events->got_subcommand(eventsCancel)) return eventsCancelCommand(c, eventId, cancelReason);
    if (app.got_subcommand(seats)) return seatsCommand(c, eventId, sectionId, freeOnly);
    if (app.got_subcommand(hold)) return holdCommand(c, eventId, holdOptions);
    if (app.got_subcommand(release)) return releaseCommand(c, holdId);
    if (app.got_subcommand(buy)) return buyCommand(c, holdId, buyOptions);
    if (orders->got_subcommand(ordersList)) return ordersListCommand(c);
    if (orders->got_subcommand(ordersShow)) return ordersShowCommand(c, orderId);
    if (orders->got_subcommand(ordersFind)) return ordersFindCommand(c, ticket);
    if (app.got_subcommand(refund)) return refundCommand(c, orderId, ticketIds, reason, refundKey);
    if (app.got_subcommand(exchange)) return exchangeCommand(c, orderId, exchangeOptions);
    if (app.got_subcommand(checkin)) return checkinCommand(c, ticket, gate);
    if (queue->got_subcommand(queueJoin)) return queueJoinCommand(c, eventId, wait);
    if (queue->got_subcommand(queueStatus)) return queueStatusCommand(c, eventId);
    if (app.got_subcommand(watch)) return watchCommand(c, eventId, count, seconds);
    if (app.got_subcommand(shift)) return shiftCommand(c, since);
    if (app.got_subcommand(sales)) return salesCommand(c, eventId, bucketSeconds);

    // No command: the full-screen counter app, on a terminal only.
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        std::cerr << "bilheteria-term: the full-screen app needs a terminal; for scripts use a "
                     "command (--help lists them)\n";
        return kExitUsage;
    }
    return runInteractive(signIn, c.language);
}

} // namespace bilheteria::term
