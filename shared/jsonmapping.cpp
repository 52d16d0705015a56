#include "shared/jsonmapping.h"

#include "shared/text.h"

#include <algorithm>
#include <limits>

namespace bilheteria {

using nlohmann::json;

namespace {

// Reads typed fields of one JSON object, naming each failing field by its full path.
class FieldReader {
public:
    FieldReader(const json& object, std::string path)
        : m_object(object)
        , m_path(std::move(path)) {}

    std::string fieldPath(std::string_view key) const {
        return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    }
    bool has(std::string_view key) const {
        auto it = m_object.find(key);
        return it != m_object.end() && !it->is_null();
    }
    const json& at(std::string_view key) const { return m_object.at(std::string(key)); }

    Result<std::string> string(std::string_view key, size_t maxLength = 200) const {
        if (!has(key)) return missing(key);
        const auto& value = at(key);
        if (!value.is_string()) return wrongType(key, "a string");
        auto text = value.get<std::string>();
        if (utf8Length(text) > maxLength)
            return fail(Error::invalidField(fieldPath(key), fieldPath(key) + " is longer than " +
                                                                std::to_string(maxLength) +
                                                                " characters"));
        return text;
    }
    // string() at its default length, for optional().
    Result<std::string> text(std::string_view key) const { return string(key); }
    Result<std::int64_t> integer(std::string_view key) const {
        if (!has(key)) return missing(key);
        const auto& value = at(key);
        if (!value.is_number_integer()) return wrongType(key, "an integer");
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return wrongType(key, "an integer in range");
        return value.get<std::int64_t>();
    }
    // An integer within [min, max], for fields that land in an int.
    Result<std::int64_t> bounded(std::string_view key, std::int64_t min, std::int64_t max) const {
        auto value = integer(key);
        if (!value) return value;
        if (*value < min || *value > max)
            return fail(Error::invalidField(fieldPath(key), fieldPath(key) + " must be " +
                                                                std::to_string(min) + "–" +
                                                                std::to_string(max)));
        return value;
    }
    Result<bool> boolean(std::string_view key) const {
        if (!has(key)) return missing(key);
        if (!at(key).is_boolean()) return wrongType(key, "true or false");
        return at(key).get<bool>();
    }
    Result<TimePoint> time(std::string_view key) const {
        auto text = string(key, 64);
        if (!text) return fail(text.error());
        auto parsed = parseRfc3339(*text);
        if (!parsed)
            return fail(Error::invalidField(fieldPath(key), fieldPath(key) +
                                                                " must be an RFC 3339 time such as "
                                                                "2026-12-31T20:00:00Z"));
        return *parsed;
    }
    Result<const json*> array(std::string_view key) const {
        if (!has(key)) return missing(key);
        if (!at(key).is_array()) return wrongType(key, "an array");
        return &at(key);
    }
    Result<const json*> object(std::string_view key) const {
        if (!has(key)) return missing(key);
        if (!at(key).is_object()) return wrongType(key, "an object");
        return &at(key);
    }

    template <typename T>
    Result<std::optional<T>>
    optional(std::string_view key, Result<T> (FieldReader::*read)(std::string_view) const) const {
        if (!has(key)) return std::optional<T>{};
        auto value = (this->*read)(key);
        if (!value) return fail(value.error());
        return std::optional<T>{std::move(*value)};
    }

private:
    std::unexpected<Error> missing(std::string_view key) const {
        return fail(Error::invalidField(fieldPath(key), fieldPath(key) + " is required"));
    }
    std::unexpected<Error> wrongType(std::string_view key, std::string_view what) const {
        return fail(
            Error::invalidField(fieldPath(key), fieldPath(key) + " must be " + std::string(what)));
    }

    const json& m_object;
    std::string m_path;
};

std::string indexed(const std::string& path, std::string_view key, size_t index) {
    return (path.empty() ? std::string(key) : path + "." + std::string(key)) + "[" +
           std::to_string(index) + "]";
}

Result<void> requireObject(const json& value, const std::string& path) {
    if (value.is_object()) return {};
    return fail(Error::invalidField(path.empty() ? "body" : path,
                                    (path.empty() ? std::string("the body") : path) +
                                        " must be a JSON object"));
}

} // namespace

json toJson(const User& user) {
    return {
        {"id", user.id}, {"email", user.email}, {"name", user.name}, {"role", roleName(user.role)}};
}

json toJson(const SectionInfo& section) {
    return {{"id", section.id},
            {"name", section.name},
            {"kind", sectionKindName(section.kind)},
            {"price_cents", section.priceCents},
            {"capacity", section.capacity},
            {"available", section.available}};
}

json toJson(const EventSummary& summary) {
    json out{{"id", summary.id},
             {"name", summary.name},
             {"venue", summary.venue},
             {"starts_at", formatRfc3339(summary.startsAt)},
             {"sale_starts_at", formatRfc3339(summary.saleStartsAt)},
             {"sale_ends_at", formatRfc3339(summary.saleEndsAt)},
             {"capacity", summary.capacity},
             {"available", summary.available},
             {"min_price_cents", summary.minPriceCents},
             {"currency", summary.currency},
             {"queue_enabled", summary.queueEnabled}};
    if (summary.cancelledAt) out["cancelled_at"] = formatRfc3339(*summary.cancelledAt);
    return out;
}

json toJson(const Event& event) {
    json out = toJson(event.summary);
    out["max_tickets_per_customer"] = event.maxTicketsPerCustomer;
    out["max_tickets_per_card"] = event.maxTicketsPerCard;
    out["hold_seconds"] = event.holdSeconds;
    out["queue"] = {{"enabled", event.summary.queueEnabled},
                    {"admit_per_minute", event.admitPerMinute},
                    {"pow_bits", event.queuePowBits}};
    out["allow_reentry"] = event.allowReentry;
    if (event.refundsUntil) out["refunds_until"] = formatRfc3339(*event.refundsUntil);
    json sections = json::array();
    for (const auto& section : event.sections)
        sections.push_back(toJson(section));
    out["sections"] = std::move(sections);
    return out;
}

json toJson(const Seat& seat) {
    return {{"id", seat.id},
            {"section_id", seat.sectionId},
            {"row", seat.row},
            {"number", seat.number},
            {"state", seatStateName(seat.state)}};
}

json toJson(const EventDraft& draft) {
    json out{
        {"name", draft.name}, {"venue", draft.venue}, {"starts_at", formatRfc3339(draft.startsAt)}};
    if (draft.saleStartsAt) out["sale_starts_at"] = formatRfc3339(*draft.saleStartsAt);
    if (draft.saleEndsAt) out["sale_ends_at"] = formatRfc3339(*draft.saleEndsAt);
    if (draft.currency) out["currency"] = *draft.currency;
    if (draft.maxTicketsPerCustomer) out["max_tickets_per_customer"] = *draft.maxTicketsPerCustomer;
    if (draft.maxTicketsPerCard) out["max_tickets_per_card"] = *draft.maxTicketsPerCard;
    if (draft.holdSeconds) out["hold_seconds"] = *draft.holdSeconds;
    if (draft.allowReentry) out["allow_reentry"] = *draft.allowReentry;
    if (draft.refundsUntil) out["refunds_until"] = formatRfc3339(*draft.refundsUntil);
    if (draft.queueEnabled || draft.admitPerMinute || draft.queuePowBits) {
        json queue = json::object();
        if (draft.queueEnabled) queue["enabled"] = *draft.queueEnabled;
        if (draft.admitPerMinute) queue["admit_per_minute"] = *draft.admitPerMinute;
        if (draft.queuePowBits) queue["pow_bits"] = *draft.queuePowBits;
        out["queue"] = std::move(queue);
    }
    json sections = json::array();
    for (const auto& section : draft.sections) {
        json s{{"name", section.name}, {"price_cents", section.priceCents}};
        if (section.capacity) {
            s["capacity"] = *section.capacity;
        } else {
            json rows = json::array();
            for (const auto& row : section.rows)
                rows.push_back({{"label", row.label}, {"seats", row.seats}});
            s["rows"] = std::move(rows);
        }
        sections.push_back(std::move(s));
    }
    out["sections"] = std::move(sections);
    return out;
}

json toJson(const Hold& hold) {
    json seats = json::array();
    for (const auto& seat : hold.seats)
        seats.push_back({{"id", seat.id},
                         {"section_id", seat.sectionId},
                         {"row", seat.row},
                         {"number", seat.number},
                         {"price_cents", seat.priceCents}});
    json general = json::array();
    for (const auto& item : hold.general)
        general.push_back({{"section_id", item.sectionId},
                           {"quantity", item.quantity},
                           {"price_cents", item.priceCents}});
    return {{"id", hold.id},
            {"event_id", hold.eventId},
            {"status", holdStatusName(hold.status)},
            {"expires_at", formatRfc3339(hold.expiresAt)},
            {"total_cents", hold.totalCents},
            {"currency", hold.currency},
            {"seats", std::move(seats)},
            {"general", std::move(general)}};
}

json toJson(const Ticket& ticket) {
    json t{{"id", ticket.id},
           {"code", ticket.code},
           {"section_id", ticket.sectionId},
           {"section", ticket.section},
           {"status", ticket.status}};
    if (ticket.seatId) t["seat_id"] = *ticket.seatId;
    if (ticket.row) t["row"] = *ticket.row;
    if (ticket.number) t["number"] = *ticket.number;
    if (ticket.qr) t["qr"] = *ticket.qr;
    return t;
}

json toJson(const Order& order) {
    json payment{{"method", order.payment.method}};
    if (order.payment.brand) payment["brand"] = *order.payment.brand;
    if (order.payment.last4) payment["last4"] = *order.payment.last4;
    if (order.payment.changeCents) payment["change_cents"] = *order.payment.changeCents;
    json tickets = json::array();
    for (const auto& ticket : order.tickets)
        tickets.push_back(toJson(ticket));
    return {{"id", order.id},
            {"event_id", order.eventId},
            {"status", order.status},
            {"total_cents", order.totalCents},
            {"currency", order.currency},
            {"created_at", formatRfc3339(order.createdAt)},
            {"payment", std::move(payment)},
            {"tickets", std::move(tickets)}};
}

json toJson(const Refund& refund) {
    json r{{"id", refund.id},
           {"order_id", refund.orderId},
           {"amount_cents", refund.amountCents},
           {"currency", refund.currency},
           {"method", refund.method},
           {"status", refund.status},
           {"ticket_ids", refund.ticketIds},
           {"created_at", formatRfc3339(refund.createdAt)}};
    if (refund.reason) r["reason"] = *refund.reason;
    return r;
}

json toJson(const Exchange& exchange) {
    json out{{"id", exchange.id},
             {"order_id", exchange.orderId},
             {"old_ticket_id", exchange.oldTicketId},
             {"new_ticket_id", exchange.newTicketId},
             {"old_price_cents", exchange.oldPriceCents},
             {"new_price_cents", exchange.newPriceCents},
             {"difference_cents", exchange.differenceCents},
             {"currency", exchange.currency},
             {"created_at", formatRfc3339(exchange.createdAt)}};
    if (const auto& paid = exchange.payment) {
        json payment{{"method", paid->method}, {"amount_cents", paid->amountCents}};
        if (paid->brand) payment["brand"] = *paid->brand;
        if (paid->last4) payment["last4"] = *paid->last4;
        if (paid->changeCents) payment["change_cents"] = *paid->changeCents;
        out["payment"] = std::move(payment);
    }
    if (exchange.refund) out["refund"] = toJson(*exchange.refund);
    return out;
}

json toJson(const ExchangeRequest& request) {
    json r{{"ticket_id", request.ticketId}};
    if (request.seatId) r["seat_id"] = *request.seatId;
    if (request.sectionId) r["section_id"] = *request.sectionId;
    if (request.payment) r["payment"] = purchaseRequestJson(*request.payment)["payment"];
    return r;
}

json toJson(const RefundRequest& request) {
    json r = json::object();
    if (!request.ticketIds.empty()) r["ticket_ids"] = request.ticketIds;
    if (request.reason) r["reason"] = *request.reason;
    return r;
}

Result<User> parseUser(const json& object) {
    if (auto ok = requireObject(object, "user"); !ok) return fail(ok.error());
    FieldReader r(object, "user");
    User user;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(email, r.string("email", 320));
    BILHETERIA_TRY(name, r.string("name"));
    BILHETERIA_TRY(roleText, r.string("role"));
    auto role = roleFromName(roleText);
    if (!role) return fail(Error::invalidField("user.role", "unknown role"));
    return User{id, std::move(email), std::move(name), *role};
}

Result<EventSummary> parseEventSummary(const json& object) {
    if (auto ok = requireObject(object, "event"); !ok) return fail(ok.error());
    FieldReader r(object, "event");
    EventSummary s;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(name, r.string("name"));
    BILHETERIA_TRY(venue, r.string("venue"));
    BILHETERIA_TRY(startsAt, r.time("starts_at"));
    BILHETERIA_TRY(saleStartsAt, r.time("sale_starts_at"));
    BILHETERIA_TRY(saleEndsAt, r.time("sale_ends_at"));
    BILHETERIA_TRY(capacity, r.integer("capacity"));
    BILHETERIA_TRY(available, r.integer("available"));
    BILHETERIA_TRY(minPrice, r.integer("min_price_cents"));
    BILHETERIA_TRY(currency, r.string("currency", 3));
    BILHETERIA_TRY(queueEnabled, r.boolean("queue_enabled"));
    s.id = id;
    s.name = std::move(name);
    s.venue = std::move(venue);
    s.startsAt = startsAt;
    s.saleStartsAt = saleStartsAt;
    s.saleEndsAt = saleEndsAt;
    s.capacity = capacity;
    s.available = available;
    s.minPriceCents = minPrice;
    s.currency = std::move(currency);
    s.queueEnabled = queueEnabled;
    BILHETERIA_TRY(cancelledAt, r.optional<TimePoint>("cancelled_at", &FieldReader::time));
    s.cancelledAt = cancelledAt;
    return s;
}

Result<Event> parseEvent(const json& object) {
    BILHETERIA_TRY(summary, parseEventSummary(object));
    FieldReader r(object, "event");
    Event event;
    event.summary = std::move(summary);
    constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
    BILHETERIA_TRY(maxTickets, r.bounded("max_tickets_per_customer", 0, kIntMax));
    BILHETERIA_TRY(holdSeconds, r.bounded("hold_seconds", 0, kIntMax));
    event.maxTicketsPerCustomer = static_cast<int>(maxTickets);
    event.holdSeconds = static_cast<int>(holdSeconds);
    // Newer than the other fields: a server without it means one card buys what one customer may.
    event.maxTicketsPerCard = event.maxTicketsPerCustomer;
    if (r.has("max_tickets_per_card")) {
        BILHETERIA_TRY(maxPerCard, r.bounded("max_tickets_per_card", 0, kIntMax));
        event.maxTicketsPerCard = static_cast<int>(maxPerCard);
    }
    if (r.has("queue")) {
        BILHETERIA_TRY(queue, r.object("queue"));
        FieldReader q(*queue, "event.queue");
        if (q.has("admit_per_minute")) {
            BILHETERIA_TRY(perMinute, q.bounded("admit_per_minute", 0, kIntMax));
            event.admitPerMinute = static_cast<int>(perMinute);
        }
        // Newer than the queue's other fields: a server without it asks no proof of work.
        if (q.has("pow_bits")) {
            BILHETERIA_TRY(powBits, q.bounded("pow_bits", 0, kIntMax));
            event.queuePowBits = static_cast<int>(powBits);
        }
    }
    // Newer than the other fields: a server without it lets no ticket in twice.
    BILHETERIA_TRY(reentry, r.optional<bool>("allow_reentry", &FieldReader::boolean));
    event.allowReentry = reentry.value_or(false);
    BILHETERIA_TRY(refundsUntil, r.optional<TimePoint>("refunds_until", &FieldReader::time));
    event.refundsUntil = refundsUntil;
    BILHETERIA_TRY(sections, r.array("sections"));
    for (size_t i = 0; i < sections->size(); ++i) {
        const json& item = (*sections)[i];
        const auto path = indexed("event", "sections", i);
        if (auto ok = requireObject(item, path); !ok) return fail(ok.error());
        FieldReader s(item, path);
        SectionInfo info;
        BILHETERIA_TRY(id, s.integer("id"));
        BILHETERIA_TRY(name, s.string("name"));
        BILHETERIA_TRY(kind, s.string("kind"));
        BILHETERIA_TRY(price, s.integer("price_cents"));
        BILHETERIA_TRY(capacity, s.integer("capacity"));
        BILHETERIA_TRY(available, s.integer("available"));
        info.id = id;
        info.name = std::move(name);
        const auto sectionKind = sectionKindFromName(kind);
        if (!sectionKind)
            return fail(
                Error::invalidField(path + ".kind", path + ".kind must be seated or general"));
        info.kind = *sectionKind;
        info.priceCents = price;
        info.capacity = capacity;
        info.available = available;
        event.sections.push_back(std::move(info));
    }
    return event;
}

Result<Seat> parseSeat(const json& object) {
    if (auto ok = requireObject(object, "seat"); !ok) return fail(ok.error());
    FieldReader r(object, "seat");
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(sectionId, r.integer("section_id"));
    BILHETERIA_TRY(row, r.string("row"));
    BILHETERIA_TRY(number, r.bounded("number", 0, std::numeric_limits<int>::max()));
    BILHETERIA_TRY(stateText, r.string("state"));
    auto state = seatStateFromName(stateText);
    if (!state) return fail(Error::invalidField("seat.state", "unknown seat state"));
    return Seat{id, sectionId, std::move(row), static_cast<int>(number), *state};
}

Result<EventDraft> parseEventDraft(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    EventDraft draft;
    BILHETERIA_TRY(name, r.string("name"));
    BILHETERIA_TRY(venue, r.string("venue"));
    BILHETERIA_TRY(startsAt, r.time("starts_at"));
    BILHETERIA_TRY(saleStartsAt, r.optional<TimePoint>("sale_starts_at", &FieldReader::time));
    BILHETERIA_TRY(saleEndsAt, r.optional<TimePoint>("sale_ends_at", &FieldReader::time));
    BILHETERIA_TRY(maxTickets,
                   r.optional<std::int64_t>("max_tickets_per_customer", &FieldReader::integer));
    BILHETERIA_TRY(maxPerCard,
                   r.optional<std::int64_t>("max_tickets_per_card", &FieldReader::integer));
    BILHETERIA_TRY(holdSeconds, r.optional<std::int64_t>("hold_seconds", &FieldReader::integer));
    BILHETERIA_TRY(reentry, r.optional<bool>("allow_reentry", &FieldReader::boolean));
    draft.allowReentry = reentry;
    BILHETERIA_TRY(refundsUntil, r.optional<TimePoint>("refunds_until", &FieldReader::time));
    draft.refundsUntil = refundsUntil;
    draft.name = std::move(name);
    draft.venue = std::move(venue);
    draft.startsAt = startsAt;
    draft.saleStartsAt = saleStartsAt;
    draft.saleEndsAt = saleEndsAt;
    draft.maxTicketsPerCustomer = maxTickets;
    draft.maxTicketsPerCard = maxPerCard;
    draft.holdSeconds = holdSeconds;
    if (r.has("currency")) {
        BILHETERIA_TRY(currency, r.string("currency", 16));
        draft.currency = std::move(currency);
    }
    if (r.has("queue")) {
        BILHETERIA_TRY(queue, r.object("queue"));
        FieldReader q(*queue, "queue");
        BILHETERIA_TRY(enabled, q.optional<bool>("enabled", &FieldReader::boolean));
        BILHETERIA_TRY(perMinute,
                       q.optional<std::int64_t>("admit_per_minute", &FieldReader::integer));
        BILHETERIA_TRY(powBits, q.optional<std::int64_t>("pow_bits", &FieldReader::integer));
        draft.queueEnabled = enabled;
        draft.admitPerMinute = perMinute;
        draft.queuePowBits = powBits;
    }
    BILHETERIA_TRY(sections, r.array("sections"));
    for (size_t i = 0; i < sections->size(); ++i) {
        const json& item = (*sections)[i];
        const auto path = indexed("", "sections", i);
        if (auto ok = requireObject(item, path); !ok) return fail(ok.error());
        FieldReader s(item, path);
        SectionDraft section;
        BILHETERIA_TRY(sectionName, s.string("name"));
        BILHETERIA_TRY(price, s.integer("price_cents"));
        section.name = std::move(sectionName);
        section.priceCents = price;
        const bool hasRows = s.has("rows"), hasCapacity = s.has("capacity");
        if (hasRows == hasCapacity)
            return fail(Error::invalidField(
                path, path + " needs either rows (seated) or capacity (general admission)"));
        if (hasCapacity) {
            BILHETERIA_TRY(capacity, s.integer("capacity"));
            section.capacity = capacity;
        } else {
            BILHETERIA_TRY(rows, s.array("rows"));
            for (size_t j = 0; j < rows->size(); ++j) {
                const json& rowItem = (*rows)[j];
                const auto rowPath = indexed(path, "rows", j);
                if (auto ok = requireObject(rowItem, rowPath); !ok) return fail(ok.error());
                FieldReader rr(rowItem, rowPath);
                BILHETERIA_TRY(label, rr.string("label", 16));
                BILHETERIA_TRY(seats, rr.integer("seats"));
                section.rows.push_back({std::move(label), seats});
            }
        }
        draft.sections.push_back(std::move(section));
    }
    return draft;
}

Result<RegisterRequest> parseRegisterRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    // Lengths are checked by the domain; these caps only keep absurd bodies out.
    BILHETERIA_TRY(email, r.string("email", 1000));
    BILHETERIA_TRY(password, r.string("password", 1000));
    BILHETERIA_TRY(name, r.string("name", 1000));
    return RegisterRequest{std::move(email), std::move(password), std::move(name)};
}

Result<LoginRequest> parseLoginRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    BILHETERIA_TRY(email, r.string("email", 1000));
    BILHETERIA_TRY(password, r.string("password", 1000));
    LoginRequest login{std::move(email), std::move(password), std::nullopt};
    if (r.has("totp_code")) {
        BILHETERIA_TRY(code, r.string("totp_code", 16));
        login.totpCode = std::move(code);
    }
    return login;
}

namespace {

// The ids of a JSON array of positive integers; invalid_request naming `field`[i] otherwise.
Result<std::vector<Id>> positiveIds(const json& ids, std::string_view field,
                                    const std::string& message) {
    std::vector<Id> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto& id = ids[i];
        if (!id.is_number_integer() || id.get<std::int64_t>() <= 0 ||
            (id.is_number_unsigned() &&
             id.get<std::uint64_t>() >
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
            return fail(Error::invalidField(indexed("", field, i), message));
        out.push_back(id.get<std::int64_t>());
    }
    return out;
}

// The "payment" member of a purchase's or an exchange's body.
Result<PaymentRequest> parsePaymentObject(const FieldReader& r) {
    BILHETERIA_TRY(payment, r.object("payment"));
    FieldReader p(*payment, "payment");
    BILHETERIA_TRY(method, p.string("method", 16));
    if (method == "cash") {
        BILHETERIA_TRY(tendered, p.integer("tendered_cents"));
        if (tendered < 0 || tendered > 1'000'000'000'000)
            return fail(Error::invalidField("payment.tendered_cents",
                                            "tendered_cents must be a non-negative amount"));
        return PaymentRequest{CashPayment{tendered}};
    }
    if (method != "card")
        return fail(Error::invalidField("payment.method", "payment.method must be card or cash"));
    CardPayment card;
    BILHETERIA_TRY(number, p.string("card_number", 32));
    BILHETERIA_TRY(month, p.integer("exp_month"));
    BILHETERIA_TRY(year, p.integer("exp_year"));
    BILHETERIA_TRY(cvc, p.string("cvc", 8));
    BILHETERIA_TRY(holder, p.string("holder_name", 200));
    card.number = std::move(number);
    card.expMonth = static_cast<int>(std::clamp<std::int64_t>(month, -1, 10000));
    card.expYear = static_cast<int>(std::clamp<std::int64_t>(year, -1, 100000));
    card.cvc = std::move(cvc);
    card.holderName = std::move(holder);
    return PaymentRequest{std::move(card)};
}

} // namespace

Result<RefundRequest> parseRefundRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    RefundRequest request;
    if (r.has("ticket_ids")) {
        BILHETERIA_TRY(ids, r.array("ticket_ids"));
        if (ids->empty())
            return fail(Error::invalidField(
                "ticket_ids", "name at least one ticket, or leave ticket_ids out for all"));
        if (ids->size() > 1000)
            return fail(Error::invalidField("ticket_ids", "ticket_ids may list at most 1000"));
        BILHETERIA_TRY(ticketIds,
                       positiveIds(*ids, "ticket_ids", "ticket ids are positive integers"));
        std::vector<Id> sorted = ticketIds;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
            return fail(Error::invalidField("ticket_ids", "ticket_ids lists a ticket twice"));
        request.ticketIds = std::move(ticketIds);
    }
    if (r.has("reason")) {
        BILHETERIA_TRY(reason, r.string("reason", 500));
        request.reason = std::move(reason);
    }
    return request;
}

Result<ExchangeRequest> parseExchangeRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    ExchangeRequest request;
    BILHETERIA_TRY(ticketId, r.integer("ticket_id"));
    if (ticketId <= 0)
        return fail(Error::invalidField("ticket_id", "ticket_id must be a positive integer"));
    request.ticketId = ticketId;
    BILHETERIA_TRY(seatId, r.optional<std::int64_t>("seat_id", &FieldReader::integer));
    BILHETERIA_TRY(sectionId, r.optional<std::int64_t>("section_id", &FieldReader::integer));
    if (seatId.has_value() == sectionId.has_value())
        return fail(Error::invalidField(seatId ? "section_id" : "seat_id",
                                        "name the new place: seat_id or section_id, not both"));
    if (seatId && *seatId <= 0)
        return fail(Error::invalidField("seat_id", "seat_id must be a positive integer"));
    if (sectionId && *sectionId <= 0)
        return fail(Error::invalidField("section_id", "section_id must be a positive integer"));
    request.seatId = seatId;
    request.sectionId = sectionId;
    if (r.has("payment")) {
        BILHETERIA_TRY(payment, parsePaymentObject(r));
        request.payment = std::move(payment);
    }
    return request;
}

Result<CancelRequest> parseCancelRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    CancelRequest request;
    if (r.has("reason")) {
        BILHETERIA_TRY(reason, r.string("reason", 500));
        if (reason.empty()) return fail(Error::invalidField("reason", "reason must not be empty"));
        request.reason = std::move(reason);
    }
    return request;
}

Result<HoldRequest> parseHoldRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    HoldRequest request;
    const bool seated = r.has("seat_ids");
    const bool general = r.has("section_id") || r.has("quantity");
    if (seated == general)
        return fail(Error::invalidField(
            "seat_ids", "send either seat_ids (seated) or section_id and quantity (general)"));
    if (seated) {
        BILHETERIA_TRY(ids, r.array("seat_ids"));
        if (ids->empty())
            return fail(Error::invalidField("seat_ids", "seat_ids must not be empty"));
        if (ids->size() > 1000)
            return fail(Error::invalidField("seat_ids", "seat_ids may list at most 1000 seats"));
        BILHETERIA_TRY(seatIds, positiveIds(*ids, "seat_ids", "seat ids are positive integers"));
        request.seatIds = std::move(seatIds);
        return request;
    }
    BILHETERIA_TRY(sectionId, r.integer("section_id"));
    BILHETERIA_TRY(quantity, r.integer("quantity"));
    if (sectionId <= 0)
        return fail(Error::invalidField("section_id", "section_id must be a positive integer"));
    if (quantity < 1 || quantity > 1000)
        return fail(Error::invalidField("quantity", "quantity must be 1–1000"));
    request.sectionId = sectionId;
    request.quantity = quantity;
    return request;
}

Result<PaymentRequest> parsePurchaseRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    return parsePaymentObject(FieldReader(object, ""));
}

json toJson(const QueueStatus& status) {
    json out{{"position", status.position},
             {"ahead", status.ahead},
             {"admitted", status.admitted},
             {"lapsed", status.lapsed}};
    if (status.admittedUntil) out["admitted_until"] = formatRfc3339(*status.admittedUntil);
    if (status.estimatedWaitSeconds) out["estimated_wait_seconds"] = *status.estimatedWaitSeconds;
    if (status.draw) {
        out["draw_at"] = formatRfc3339(status.draw->at);
        out["draw_entrants"] = status.draw->entrants;
        out["estimated_wait_min_seconds"] = status.draw->waitMinSeconds;
        out["estimated_wait_max_seconds"] = status.draw->waitMaxSeconds;
    }
    return out;
}

Result<QueueStatus> parseQueueStatus(const json& object) {
    if (auto ok = requireObject(object, "queue"); !ok) return fail(ok.error());
    FieldReader r(object, "queue");
    QueueStatus status;
    BILHETERIA_TRY(position, r.integer("position"));
    BILHETERIA_TRY(ahead, r.integer("ahead"));
    BILHETERIA_TRY(admitted, r.boolean("admitted"));
    BILHETERIA_TRY(until, r.optional<TimePoint>("admitted_until", &FieldReader::time));
    BILHETERIA_TRY(wait, r.optional<std::int64_t>("estimated_wait_seconds", &FieldReader::integer));
    // An extension of this server's: absent means not lapsed.
    BILHETERIA_TRY(lapsed, r.optional<bool>("lapsed", &FieldReader::boolean));
    // Extensions of this server's, all four or none: a provisional place's opening draw.
    BILHETERIA_TRY(drawAt, r.optional<TimePoint>("draw_at", &FieldReader::time));
    if (drawAt) {
        BILHETERIA_TRY(entrants, r.integer("draw_entrants"));
        BILHETERIA_TRY(waitMin, r.integer("estimated_wait_min_seconds"));
        BILHETERIA_TRY(waitMax, r.integer("estimated_wait_max_seconds"));
        status.draw = QueueDraw{*drawAt, entrants, waitMin, waitMax};
    }
    status.position = position;
    status.ahead = ahead;
    status.admitted = admitted;
    status.admittedUntil = until;
    status.estimatedWaitSeconds = wait;
    status.lapsed = lapsed.value_or(false);
    return status;
}

json toJson(const RegisterRequest& request) {
    return {{"email", request.email}, {"password", request.password}, {"name", request.name}};
}

json toJson(const LoginRequest& request) {
    json out = {{"email", request.email}, {"password", request.password}};
    if (request.totpCode) out["totp_code"] = *request.totpCode;
    return out;
}

json toJson(const HoldRequest& request) {
    if (request.sectionId)
        return {{"section_id", *request.sectionId}, {"quantity", request.quantity}};
    return {{"seat_ids", request.seatIds}};
}

json purchaseRequestJson(const PaymentRequest& payment) {
    json body;
    if (const auto* card = std::get_if<CardPayment>(&payment)) {
        body = {{"method", "card"},
                {"card_number", card->number},
                {"exp_month", card->expMonth},
                {"exp_year", card->expYear},
                {"cvc", card->cvc},
                {"holder_name", card->holderName}};
    } else {
        body = {{"method", "cash"},
                {"tendered_cents", std::get<CashPayment>(payment).tenderedCents}};
    }
    return {{"payment", std::move(body)}};
}

Result<Hold> parseHold(const json& object) {
    if (auto ok = requireObject(object, "hold"); !ok) return fail(ok.error());
    FieldReader r(object, "hold");
    Hold hold;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(eventId, r.integer("event_id"));
    BILHETERIA_TRY(statusText, r.string("status"));
    BILHETERIA_TRY(expiresAt, r.time("expires_at"));
    BILHETERIA_TRY(total, r.integer("total_cents"));
    BILHETERIA_TRY(currency, r.string("currency", 3));
    auto status = holdStatusFromName(statusText);
    if (!status) return fail(Error::invalidField("hold.status", "unknown hold status"));
    hold.id = id;
    hold.eventId = eventId;
    hold.status = *status;
    hold.expiresAt = expiresAt;
    hold.totalCents = total;
    hold.currency = std::move(currency);
    BILHETERIA_TRY(seats, r.array("seats"));
    for (std::size_t i = 0; i < seats->size(); ++i) {
        const auto path = indexed("hold", "seats", i);
        if (auto ok = requireObject((*seats)[i], path); !ok) return fail(ok.error());
        FieldReader s((*seats)[i], path);
        BILHETERIA_TRY(seatId, s.integer("id"));
        BILHETERIA_TRY(sectionId, s.integer("section_id"));
        BILHETERIA_TRY(row, s.string("row"));
        BILHETERIA_TRY(number, s.bounded("number", 0, std::numeric_limits<int>::max()));
        BILHETERIA_TRY(price, s.integer("price_cents"));
        hold.seats.push_back({seatId, sectionId, std::move(row), static_cast<int>(number), price});
    }
    BILHETERIA_TRY(general, r.array("general"));
    for (std::size_t i = 0; i < general->size(); ++i) {
        const auto path = indexed("hold", "general", i);
        if (auto ok = requireObject((*general)[i], path); !ok) return fail(ok.error());
        FieldReader g((*general)[i], path);
        BILHETERIA_TRY(sectionId, g.integer("section_id"));
        BILHETERIA_TRY(quantity, g.integer("quantity"));
        BILHETERIA_TRY(price, g.integer("price_cents"));
        hold.general.push_back({sectionId, quantity, price});
    }
    return hold;
}

namespace {

// One Ticket of an Order (also a check-in's ticket).
Result<Ticket> readTicket(const FieldReader& t) {
    Ticket ticket;
    BILHETERIA_TRY(ticketId, t.integer("id"));
    BILHETERIA_TRY(code, t.string("code"));
    BILHETERIA_TRY(sectionId, t.integer("section_id"));
    BILHETERIA_TRY(section, t.string("section"));
    ticket.id = ticketId;
    ticket.code = std::move(code);
    ticket.sectionId = sectionId;
    ticket.section = std::move(section);
    if (t.has("seat_id")) {
        BILHETERIA_TRY(seatId, t.integer("seat_id"));
        ticket.seatId = seatId;
    }
    if (t.has("row")) {
        BILHETERIA_TRY(row, t.string("row"));
        ticket.row = std::move(row);
    }
    if (t.has("number")) {
        BILHETERIA_TRY(number, t.bounded("number", 0, std::numeric_limits<int>::max()));
        ticket.number = static_cast<int>(number);
    }
    if (t.has("status")) {
        BILHETERIA_TRY(status, t.string("status", 32));
        ticket.status = std::move(status);
    }
    if (t.has("qr")) {
        BILHETERIA_TRY(qr, t.string("qr", kMaxTicketTokenLength));
        ticket.qr = std::move(qr);
    }
    return ticket;
}

} // namespace

Result<Order> parseOrder(const json& object) {
    if (auto ok = requireObject(object, "order"); !ok) return fail(ok.error());
    FieldReader r(object, "order");
    Order order;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(eventId, r.integer("event_id"));
    BILHETERIA_TRY(status, r.string("status"));
    BILHETERIA_TRY(total, r.integer("total_cents"));
    BILHETERIA_TRY(currency, r.string("currency", 3));
    BILHETERIA_TRY(createdAt, r.time("created_at"));
    BILHETERIA_TRY(payment, r.object("payment"));
    FieldReader p(*payment, "order.payment");
    BILHETERIA_TRY(method, p.string("method", 16));
    order.id = id;
    order.eventId = eventId;
    order.status = std::move(status);
    order.totalCents = total;
    order.currency = std::move(currency);
    order.createdAt = createdAt;
    order.payment.method = std::move(method);
    if (p.has("brand")) {
        BILHETERIA_TRY(brand, p.string("brand"));
        order.payment.brand = std::move(brand);
    }
    if (p.has("last4")) {
        BILHETERIA_TRY(last4, p.string("last4", 4));
        order.payment.last4 = std::move(last4);
    }
    if (p.has("change_cents")) {
        BILHETERIA_TRY(change, p.integer("change_cents"));
        order.payment.changeCents = change;
    }
    BILHETERIA_TRY(tickets, r.array("tickets"));
    for (std::size_t i = 0; i < tickets->size(); ++i) {
        const auto path = indexed("order", "tickets", i);
        if (auto ok = requireObject((*tickets)[i], path); !ok) return fail(ok.error());
        BILHETERIA_TRY(ticket, readTicket(FieldReader((*tickets)[i], path)));
        order.tickets.push_back(std::move(ticket));
    }
    return order;
}

Result<std::string> requireStringField(const json& object, std::string_view key,
                                       std::size_t maxLength) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    return FieldReader(object, "").string(key, maxLength);
}

void appendSeatJson(std::string& out, const Seat& seat) {
    out += "{\"id\":";
    out += std::to_string(seat.id);
    out += ",\"section_id\":";
    out += std::to_string(seat.sectionId);
    out += ",\"row\":";
    out += json(seat.row).dump(); // labels are user text: let the library escape them
    out += ",\"number\":";
    out += std::to_string(seat.number);
    out += ",\"state\":\"";
    out += seatStateName(seat.state);
    out += "\"}";
}

Result<json> parseJsonObject(std::string_view body) {
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded())
        return fail(Error::invalidField("body", "the request body is not valid JSON"));
    if (!parsed.is_object())
        return fail(Error::invalidField("body", "the request body must be a JSON object"));
    return parsed;
}

// ---- Reports ---------------------------------------------------------------------------------

namespace {

void putPaymentSplit(json& out, const PaymentSplit& split) {
    out["card_cents"] = split.cardCents;
    out["cash_cents"] = split.cashCents;
    out["card_orders"] = split.cardOrders;
    out["cash_orders"] = split.cashOrders;
}

Result<PaymentSplit> readPaymentSplit(const FieldReader& r) {
    BILHETERIA_TRY(cardCents, r.integer("card_cents"));
    BILHETERIA_TRY(cashCents, r.integer("cash_cents"));
    BILHETERIA_TRY(cardOrders, r.integer("card_orders"));
    BILHETERIA_TRY(cashOrders, r.integer("cash_orders"));
    return PaymentSplit{cardCents, cashCents, cardOrders, cashOrders};
}

// Calls `read` with a reader for each object of the array `key`, named by its index.
template <typename Read>
Result<void> forEachObject(const FieldReader& r, const std::string& path, std::string_view key,
                           Read&& read) {
    BILHETERIA_TRY(items, r.array(key));
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto itemPath = indexed(path, key, i);
        if (auto ok = requireObject((*items)[i], itemPath); !ok) return fail(ok.error());
        BILHETERIA_CHECK(read(FieldReader((*items)[i], itemPath), itemPath));
    }
    return {};
}

} // namespace

json toJson(const SalesReport& report) {
    json byPayment = json::object();
    putPaymentSplit(byPayment, report.byPayment);
    json sections = json::array();
    for (const auto& s : report.sections)
        sections.push_back({{"section_id", s.sectionId},
                            {"name", s.name},
                            {"kind", sectionKindName(s.kind)},
                            {"price_cents", s.priceCents},
                            {"capacity", s.capacity},
                            {"sold", s.sold},
                            {"held", s.held},
                            {"available", s.available},
                            {"revenue_cents", s.revenueCents},
                            {"admitted", s.admitted}});
    json timeline = json::array();
    for (const auto& b : report.timeline)
        timeline.push_back({{"at", formatRfc3339(b.at)},
                            {"tickets", b.tickets},
                            {"orders", b.orders},
                            {"revenue_cents", b.revenueCents}});
    return {{"event_id", report.eventId},
            {"currency", report.currency},
            {"generated_at", formatRfc3339(report.generatedAt)},
            {"capacity", report.capacity},
            {"sold", report.sold},
            {"held", report.held},
            {"available", report.available},
            {"orders", report.orders},
            {"revenue_cents", report.revenueCents},
            {"by_payment", std::move(byPayment)},
            {"sections", std::move(sections)},
            {"timeline", std::move(timeline)},
            {"bucket_seconds", report.bucketSeconds}};
}

Result<SalesReport> parseSalesReport(const json& object) {
    if (auto ok = requireObject(object, "sales"); !ok) return fail(ok.error());
    FieldReader r(object, "sales");
    SalesReport report;
    BILHETERIA_TRY(eventId, r.integer("event_id"));
    BILHETERIA_TRY(currency, r.string("currency", 3));
    BILHETERIA_TRY(generatedAt, r.time("generated_at"));
    BILHETERIA_TRY(capacity, r.integer("capacity"));
    BILHETERIA_TRY(sold, r.integer("sold"));
    BILHETERIA_TRY(held, r.integer("held"));
    BILHETERIA_TRY(available, r.integer("available"));
    BILHETERIA_TRY(orders, r.integer("orders"));
    BILHETERIA_TRY(revenue, r.integer("revenue_cents"));
    BILHETERIA_TRY(payments, r.object("by_payment"));
    BILHETERIA_TRY(byPayment, readPaymentSplit(FieldReader(*payments, "sales.by_payment")));
    report.eventId = eventId;
    report.currency = std::move(currency);
    report.generatedAt = generatedAt;
    report.capacity = capacity;
    report.sold = sold;
    report.held = held;
    report.available = available;
    report.orders = orders;
    report.revenueCents = revenue;
    report.byPayment = byPayment;
    BILHETERIA_CHECK(forEachObject(
        r, "sales", "sections", [&](const FieldReader& s, const std::string& path) -> Result<void> {
            BILHETERIA_TRY(sectionId, s.integer("section_id"));
            BILHETERIA_TRY(name, s.string("name"));
            BILHETERIA_TRY(kindText, s.string("kind"));
            BILHETERIA_TRY(price, s.integer("price_cents"));
            BILHETERIA_TRY(sectionCapacity, s.integer("capacity"));
            BILHETERIA_TRY(sectionSold, s.integer("sold"));
            BILHETERIA_TRY(sectionHeld, s.integer("held"));
            BILHETERIA_TRY(sectionAvailable, s.integer("available"));
            BILHETERIA_TRY(sectionRevenue, s.integer("revenue_cents"));
            BILHETERIA_TRY(sectionAdmitted,
                           s.optional<std::int64_t>("admitted", &FieldReader::integer));
            const auto kind = sectionKindFromName(kindText);
            if (!kind)
                return fail(
                    Error::invalidField(path + ".kind", path + ".kind must be seated or general"));
            report.sections.push_back({sectionId, std::move(name), *kind, price, sectionCapacity,
                                       sectionSold, sectionHeld, sectionAvailable, sectionRevenue,
                                       sectionAdmitted.value_or(0)});
            return {};
        }));
    BILHETERIA_CHECK(forEachObject(
        r, "sales", "timeline", [&](const FieldReader& b, const std::string&) -> Result<void> {
            BILHETERIA_TRY(bucketAt, b.time("at"));
            BILHETERIA_TRY(tickets, b.integer("tickets"));
            BILHETERIA_TRY(bucketOrders, b.integer("orders"));
            BILHETERIA_TRY(bucketRevenue, b.integer("revenue_cents"));
            report.timeline.push_back({bucketAt, tickets, bucketOrders, bucketRevenue});
            return {};
        }));
    BILHETERIA_TRY(bucketSeconds, r.bounded("bucket_seconds", 1, std::numeric_limits<int>::max()));
    report.bucketSeconds = static_cast<int>(bucketSeconds);
    return report;
}

json toJson(const ShiftSummary& shift) {
    json totals = json::array();
    for (const auto& t : shift.totals) {
        json item{{"currency", t.currency},
                  {"orders", t.orders},
                  {"tickets", t.tickets},
                  {"total_cents", t.totalCents},
                  {"change_cents", t.changeCents},
                  {"refunds", t.refunds},
                  {"refunded_cents", t.refundedCents},
                  {"cash_refunded_cents", t.cashRefundedCents},
                  {"card_refunded_cents", t.cardRefundedCents},
                  {"exchanges_paid", t.exchangesPaid},
                  {"exchange_paid_cents", t.exchangePaidCents},
                  {"cash_exchange_paid_cents", t.cashExchangePaidCents},
                  {"card_exchange_paid_cents", t.cardExchangePaidCents}};
        putPaymentSplit(item, t.payments);
        totals.push_back(std::move(item));
    }
    json byEvent = json::array();
    for (const auto& e : shift.byEvent)
        byEvent.push_back({{"event_id", e.eventId},
                           {"name", e.name},
                           {"orders", e.orders},
                           {"tickets", e.tickets},
                           {"total_cents", e.totalCents},
                           {"currency", e.currency}});
    return {{"since", formatRfc3339(shift.since)},
            {"until", formatRfc3339(shift.until)},
            {"orders", shift.orders},
            {"tickets", shift.tickets},
            {"refunds", shift.refunds},
            {"totals", std::move(totals)},
            {"by_event", std::move(byEvent)}};
}

Result<ShiftSummary> parseShiftSummary(const json& object) {
    if (auto ok = requireObject(object, "shift"); !ok) return fail(ok.error());
    FieldReader r(object, "shift");
    ShiftSummary shift;
    BILHETERIA_TRY(since, r.time("since"));
    BILHETERIA_TRY(until, r.time("until"));
    BILHETERIA_TRY(orders, r.integer("orders"));
    BILHETERIA_TRY(tickets, r.integer("tickets"));
    shift.since = since;
    shift.until = until;
    shift.orders = orders;
    shift.tickets = tickets;
    BILHETERIA_TRY(refunds, r.optional<std::int64_t>("refunds", &FieldReader::integer));
    shift.refunds = refunds.value_or(0);
    BILHETERIA_CHECK(forEachObject(
        r, "shift", "totals", [&](const FieldReader& t, const std::string&) -> Result<void> {
            ShiftTotals item;
            BILHETERIA_TRY(currency, t.string("currency", 3));
            BILHETERIA_TRY(itemOrders, t.integer("orders"));
            BILHETERIA_TRY(itemTickets, t.integer("tickets"));
            BILHETERIA_TRY(total, t.integer("total_cents"));
            BILHETERIA_TRY(payments, readPaymentSplit(t));
            BILHETERIA_TRY(change, t.integer("change_cents"));
            // Servers before the refunds' figures leave them out: none.
            BILHETERIA_TRY(refunds, t.optional<std::int64_t>("refunds", &FieldReader::integer));
            BILHETERIA_TRY(refunded,
                           t.optional<std::int64_t>("refunded_cents", &FieldReader::integer));
            BILHETERIA_TRY(cashRefunded,
                           t.optional<std::int64_t>("cash_refunded_cents", &FieldReader::integer));
            BILHETERIA_TRY(cardRefunded,
                           t.optional<std::int64_t>("card_refunded_cents", &FieldReader::integer));
            // Servers before exchanges with a price difference leave these out: none.
            const auto figure = [&](const char* name) -> Result<std::int64_t> {
                BILHETERIA_TRY(value, t.optional<std::int64_t>(name, &FieldReader::integer));
                return value.value_or(0);
            };
            BILHETERIA_TRY(exchangesPaid, figure("exchanges_paid"));
            BILHETERIA_TRY(exchangePaid, figure("exchange_paid_cents"));
            BILHETERIA_TRY(cashExchangePaid, figure("cash_exchange_paid_cents"));
            BILHETERIA_TRY(cardExchangePaid, figure("card_exchange_paid_cents"));
            shift.totals.push_back({std::move(currency), itemOrders, itemTickets, total, payments,
                                    change, refunds.value_or(0), refunded.value_or(0),
                                    cashRefunded.value_or(0), cardRefunded.value_or(0),
                                    exchangesPaid, exchangePaid, cashExchangePaid,
                                    cardExchangePaid});
            return {};
        }));
    BILHETERIA_CHECK(forEachObject(
        r, "shift", "by_event", [&](const FieldReader& e, const std::string&) -> Result<void> {
            BILHETERIA_TRY(eventId, e.integer("event_id"));
            BILHETERIA_TRY(name, e.string("name"));
            BILHETERIA_TRY(itemOrders, e.integer("orders"));
            BILHETERIA_TRY(itemTickets, e.integer("tickets"));
            BILHETERIA_TRY(total, e.integer("total_cents"));
            BILHETERIA_TRY(currency, e.string("currency", 3));
            shift.byEvent.push_back(
                {eventId, std::move(name), itemOrders, itemTickets, total, std::move(currency)});
            return {};
        }));
    return shift;
}

} // namespace bilheteria

// ---- The door --------------------------------------------------------------------------------

namespace bilheteria {

namespace {

// A scan's ticket: its code or its signed token, exactly one of them.
Result<void> readTicketReference(const FieldReader& r, std::optional<std::string>& code,
                                 std::optional<std::string>& qr) {
    if (r.has("code")) {
        BILHETERIA_TRY(codeField, r.string("code", 200));
        code = std::move(codeField);
    }
    if (r.has("qr")) {
        BILHETERIA_TRY(qrField, r.string("qr", kMaxTicketTokenLength));
        qr = std::move(qrField);
    }
    if (code.has_value() == qr.has_value())
        return fail(Error::invalidField(r.fieldPath(code ? "qr" : "code"),
                                        r.fieldPath("code") + " or " + r.fieldPath("qr") +
                                            " is required (one of them)"));
    if (code && code->empty())
        return fail(Error::invalidField(r.fieldPath("code"), r.fieldPath("code") + " is empty"));
    return {};
}

// A gate's or a scanner's name: 1–64 characters, none of them a control character.
Result<std::string> readName(const FieldReader& r, std::string_view key) {
    BILHETERIA_TRY(name, r.string(key, kMaxGateLength));
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || control)
        return fail(Error::invalidField(r.fieldPath(key),
                                        r.fieldPath(key) + " must be 1–64 printable characters"));
    return name;
}

} // namespace

Result<CheckinRequest> parseCheckinRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    CheckinRequest request;
    BILHETERIA_CHECK(readTicketReference(r, request.code, request.qr));
    BILHETERIA_TRY(gate, readName(r, "gate"));
    request.gate = std::move(gate);
    if (r.has("direction")) {
        BILHETERIA_TRY(direction, r.string("direction", 16));
        if (direction == "exit")
            request.direction = ScanDirection::Exit;
        else if (direction != "entry")
            return fail(Error::invalidField("direction", "direction must be entry or exit"));
    }
    return request;
}

Result<SyncRequest> parseSyncRequest(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    SyncRequest request;
    BILHETERIA_TRY(scanner, readName(r, "scanner_id"));
    request.scannerId = std::move(scanner);
    BILHETERIA_TRY(scans, r.array("scans"));
    request.scans.reserve(scans->size());
    for (std::size_t i = 0; i < scans->size(); ++i) {
        const auto path = indexed("", "scans", i);
        if (auto ok = requireObject((*scans)[i], path); !ok) return fail(ok.error());
        FieldReader s((*scans)[i], path);
        OfflineScan scan;
        BILHETERIA_CHECK(readTicketReference(s, scan.code, scan.qr));
        BILHETERIA_TRY(gate, readName(s, "gate"));
        BILHETERIA_TRY(at, s.time("scanned_at"));
        scan.gate = std::move(gate);
        scan.scannedAt = at;
        request.scans.push_back(std::move(scan));
    }
    return request;
}

json toJson(const PublicKeyInfo& key) {
    return {{"key_id", key.keyId}, {"algorithm", key.algorithm}, {"public_key", key.publicKey}};
}

json toJson(const Checkin& checkin) {
    return {{"result", checkin.result},
            {"ticket", toJson(checkin.ticket)},
            {"checked_in_at", formatRfc3339(checkin.checkedInAt)},
            {"gate", checkin.gate}};
}

json toJson(const ScanResult& scan) {
    json out{{"result", scan.result}};
    if (scan.ticketId) out["ticket_id"] = *scan.ticketId;
    if (scan.checkedInAt) out["checked_in_at"] = formatRfc3339(*scan.checkedInAt);
    if (scan.gate) out["gate"] = *scan.gate;
    if (scan.scanGate) out["scan_gate"] = *scan.scanGate;
    if (scan.reason) out["reason"] = *scan.reason;
    return out;
}

json toJson(const CheckinBundle& bundle) {
    json keys = json::array();
    for (const auto& key : bundle.keys)
        keys.push_back(toJson(key));
    json out{{"event_id", bundle.eventId},
             {"keys", std::move(keys)},
             {"revoked", bundle.revoked},
             {"since", bundle.since},
             {"generated_at", formatRfc3339(bundle.generatedAt)}};
    if (bundle.tickets) {
        json tickets = json::array();
        for (const auto& t : *bundle.tickets) {
            json ticket{
                {"id", t.id}, {"code", t.code}, {"section_id", t.sectionId}, {"status", t.status}};
            if (t.row) ticket["row"] = *t.row;
            if (t.number) ticket["number"] = *t.number;
            tickets.push_back(std::move(ticket));
        }
        out["tickets"] = std::move(tickets);
    }
    return out;
}

// The door and refunds as a client reads them back.

json toJson(const CheckinRequest& request) {
    json out{{"gate", request.gate}};
    if (request.code) out["code"] = *request.code;
    if (request.qr) out["qr"] = *request.qr;
    if (request.direction == ScanDirection::Exit) out["direction"] = "exit";
    return out;
}

json toJson(const SyncRequest& request) {
    json scans = json::array();
    for (const auto& scan : request.scans) {
        json item{{"gate", scan.gate}, {"scanned_at", formatRfc3339(scan.scannedAt)}};
        if (scan.code) item["code"] = *scan.code;
        if (scan.qr) item["qr"] = *scan.qr;
        scans.push_back(std::move(item));
    }
    return {{"scanner_id", request.scannerId}, {"scans", std::move(scans)}};
}

namespace {

Result<PublicKeyInfo> readPublicKey(const FieldReader& r) {
    BILHETERIA_TRY(keyId, r.string("key_id"));
    BILHETERIA_TRY(algorithm, r.string("algorithm", 32));
    BILHETERIA_TRY(publicKey, r.string("public_key", 200));
    return PublicKeyInfo{std::move(keyId), std::move(algorithm), std::move(publicKey)};
}

} // namespace

Result<PublicKeyInfo> parsePublicKeyInfo(const json& object) {
    if (auto ok = requireObject(object, "key"); !ok) return fail(ok.error());
    return readPublicKey(FieldReader(object, "key"));
}

Result<Checkin> parseCheckin(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    Checkin checkin;
    BILHETERIA_TRY(result, r.string("result", 32));
    BILHETERIA_TRY(ticketObject, r.object("ticket"));
    BILHETERIA_TRY(ticket, readTicket(FieldReader(*ticketObject, "ticket")));
    BILHETERIA_TRY(at, r.time("checked_in_at"));
    BILHETERIA_TRY(gate, r.optional<std::string>("gate", &FieldReader::text));
    checkin.result = std::move(result);
    checkin.ticket = std::move(ticket);
    checkin.checkedInAt = at;
    checkin.gate = gate.value_or("");
    return checkin;
}

Result<ScanResult> parseScanResult(const json& object) {
    if (auto ok = requireObject(object, "result"); !ok) return fail(ok.error());
    FieldReader r(object, "result");
    ScanResult scan;
    BILHETERIA_TRY(result, r.string("result", 32));
    BILHETERIA_TRY(ticketId, r.optional<std::int64_t>("ticket_id", &FieldReader::integer));
    BILHETERIA_TRY(at, r.optional<TimePoint>("checked_in_at", &FieldReader::time));
    BILHETERIA_TRY(gate, r.optional<std::string>("gate", &FieldReader::text));
    BILHETERIA_TRY(scanGate, r.optional<std::string>("scan_gate", &FieldReader::text));
    BILHETERIA_TRY(reason, r.optional<std::string>("reason", &FieldReader::text));
    scan.result = std::move(result);
    scan.ticketId = ticketId;
    scan.checkedInAt = at;
    scan.gate = std::move(gate);
    scan.scanGate = std::move(scanGate);
    scan.reason = std::move(reason);
    return scan;
}

Result<CheckinBundle> parseCheckinBundle(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    CheckinBundle bundle;
    BILHETERIA_TRY(eventId, r.integer("event_id"));
    bundle.eventId = eventId;
    BILHETERIA_CHECK(
        forEachObject(r, "", "keys", [&](const FieldReader& k, const std::string&) -> Result<void> {
            BILHETERIA_TRY(key, readPublicKey(k));
            bundle.keys.push_back(std::move(key));
            return {};
        }));
    BILHETERIA_TRY(revoked, r.array("revoked"));
    for (std::size_t i = 0; i < revoked->size(); ++i) {
        const json& id = (*revoked)[i];
        if (!id.is_number_integer())
            return fail(Error::invalidField(indexed("", "revoked", i),
                                            indexed("", "revoked", i) + " must be an integer"));
        bundle.revoked.push_back(id.get<Id>());
    }
    if (r.has("tickets")) {
        std::vector<BundleTicket> tickets;
        BILHETERIA_CHECK(forEachObject(
            r, "", "tickets", [&](const FieldReader& t, const std::string&) -> Result<void> {
                BundleTicket ticket;
                BILHETERIA_TRY(id, t.integer("id"));
                BILHETERIA_TRY(code, t.string("code"));
                BILHETERIA_TRY(sectionId, t.integer("section_id"));
                BILHETERIA_TRY(row, t.optional<std::string>("row", &FieldReader::text));
                BILHETERIA_TRY(number, t.optional<std::int64_t>("number", &FieldReader::integer));
                BILHETERIA_TRY(status, t.string("status", 32));
                ticket.id = id;
                ticket.code = std::move(code);
                ticket.sectionId = sectionId;
                ticket.row = std::move(row);
                if (number) ticket.number = static_cast<int>(*number);
                ticket.status = std::move(status);
                tickets.push_back(std::move(ticket));
                return {};
            }));
        bundle.tickets = std::move(tickets);
    }
    BILHETERIA_TRY(since, r.string("since", 64));
    BILHETERIA_TRY(generatedAt, r.time("generated_at"));
    bundle.since = std::move(since);
    bundle.generatedAt = generatedAt;
    return bundle;
}

Result<Refund> parseRefund(const json& object) {
    if (auto ok = requireObject(object, "refund"); !ok) return fail(ok.error());
    FieldReader r(object, "refund");
    Refund refund;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(orderId, r.optional<std::int64_t>("order_id", &FieldReader::integer));
    BILHETERIA_TRY(amount, r.integer("amount_cents"));
    BILHETERIA_TRY(currency, r.optional<std::string>("currency", &FieldReader::text));
    BILHETERIA_TRY(method, r.string("method", 16));
    BILHETERIA_TRY(status, r.optional<std::string>("status", &FieldReader::text));
    BILHETERIA_TRY(reason, r.optional<std::string>("reason", &FieldReader::text));
    BILHETERIA_TRY(createdAt, r.time("created_at"));
    refund.id = id;
    refund.orderId = orderId.value_or(0);
    refund.amountCents = amount;
    refund.currency = currency.value_or("BRL");
    refund.method = std::move(method);
    refund.status = status.value_or("settled");
    refund.reason = std::move(reason);
    refund.createdAt = createdAt;
    if (r.has("ticket_ids")) {
        BILHETERIA_TRY(ids, r.array("ticket_ids"));
        for (const json& ticketId : *ids)
            if (ticketId.is_number_integer()) refund.ticketIds.push_back(ticketId.get<Id>());
    }
    return refund;
}

json toJson(const EventCancellation& cancellation) {
    return {{"event", toJson(cancellation.event)},
            {"refunded_orders", cancellation.refundedOrders},
            {"refunded_cents", cancellation.refundedCents}};
}

Result<EventCancellation> parseEventCancellation(const json& object) {
    if (auto ok = requireObject(object, ""); !ok) return fail(ok.error());
    FieldReader r(object, "");
    BILHETERIA_TRY(event, r.object("event"));
    BILHETERIA_TRY(parsed, parseEvent(*event));
    BILHETERIA_TRY(orders, r.integer("refunded_orders"));
    BILHETERIA_TRY(cents, r.integer("refunded_cents"));
    return EventCancellation{std::move(parsed), orders, cents};
}

Result<Exchange> parseExchange(const json& object) {
    if (auto ok = requireObject(object, "exchange"); !ok) return fail(ok.error());
    FieldReader r(object, "exchange");
    Exchange exchange;
    BILHETERIA_TRY(id, r.integer("id"));
    BILHETERIA_TRY(orderId, r.integer("order_id"));
    BILHETERIA_TRY(oldTicketId, r.integer("old_ticket_id"));
    BILHETERIA_TRY(newTicketId, r.integer("new_ticket_id"));
    BILHETERIA_TRY(difference, r.integer("difference_cents"));
    // Servers before exchanges with a price difference send neither price: the same one.
    BILHETERIA_TRY(oldPrice, r.optional<std::int64_t>("old_price_cents", &FieldReader::integer));
    BILHETERIA_TRY(newPrice, r.optional<std::int64_t>("new_price_cents", &FieldReader::integer));
    BILHETERIA_TRY(currency, r.optional<std::string>("currency", &FieldReader::text));
    BILHETERIA_TRY(createdAt, r.time("created_at"));
    exchange.id = id;
    exchange.orderId = orderId;
    exchange.oldTicketId = oldTicketId;
    exchange.newTicketId = newTicketId;
    exchange.differenceCents = difference;
    exchange.oldPriceCents = oldPrice.value_or(0);
    exchange.newPriceCents = newPrice.value_or(exchange.oldPriceCents + difference);
    exchange.currency = currency.value_or("BRL");
    exchange.createdAt = createdAt;
    if (r.has("payment")) {
        BILHETERIA_TRY(paid, r.object("payment"));
        FieldReader p(*paid, "exchange.payment");
        ExchangePayment payment;
        BILHETERIA_TRY(method, p.string("method", 16));
        BILHETERIA_TRY(amount, p.integer("amount_cents"));
        BILHETERIA_TRY(brand, p.optional<std::string>("brand", &FieldReader::text));
        BILHETERIA_TRY(last4, p.optional<std::string>("last4", &FieldReader::text));
        BILHETERIA_TRY(change, p.optional<std::int64_t>("change_cents", &FieldReader::integer));
        payment.method = std::move(method);
        payment.amountCents = amount;
        payment.brand = std::move(brand);
        payment.last4 = std::move(last4);
        payment.changeCents = change;
        exchange.payment = std::move(payment);
    }
    if (r.has("refund")) {
        BILHETERIA_TRY(refund, parseRefund(object.at("refund")));
        exchange.refund = std::move(refund);
    }
    return exchange;
}

} // namespace bilheteria
