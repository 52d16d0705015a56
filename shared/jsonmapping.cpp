#include "shared/jsonmapping.h"

#include <limits>

namespace bilheteria {

using nlohmann::json;

namespace {

// Reads typed fields of one JSON object, naming each failing field by its full path.
class FieldReader {
public:
    FieldReader(const json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

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
        if (text.size() > maxLength)
            return fail(Error::invalidField(fieldPath(key), fieldPath(key) + " is longer than " +
                                                                std::to_string(maxLength) +
                                                                " characters"));
        return text;
    }
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
            return fail(Error::invalidField(
                fieldPath(key), fieldPath(key) + " must be an RFC 3339 time such as "
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
    Result<std::optional<T>> optional(std::string_view key,
                                      Result<T> (FieldReader::*read)(std::string_view) const) const {
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
        return fail(Error::invalidField(fieldPath(key),
                                        fieldPath(key) + " must be " + std::string(what)));
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
    return {{"id", user.id}, {"email", user.email}, {"name", user.name},
            {"role", roleName(user.role)}};
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
    return {{"id", summary.id},
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
}

json toJson(const Event& event) {
    json out = toJson(event.summary);
    out["max_tickets_per_customer"] = event.maxTicketsPerCustomer;
    out["hold_seconds"] = event.holdSeconds;
    out["queue"] = {{"enabled", event.summary.queueEnabled},
                    {"admit_per_minute", event.admitPerMinute}};
    json sections = json::array();
    for (const auto& section : event.sections) sections.push_back(toJson(section));
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
    json out{{"name", draft.name}, {"venue", draft.venue},
             {"starts_at", formatRfc3339(draft.startsAt)}};
    if (draft.saleStartsAt) out["sale_starts_at"] = formatRfc3339(*draft.saleStartsAt);
    if (draft.saleEndsAt) out["sale_ends_at"] = formatRfc3339(*draft.saleEndsAt);
    if (draft.currency) out["currency"] = *draft.currency;
    if (draft.maxTicketsPerCustomer) out["max_tickets_per_customer"] = *draft.maxTicketsPerCustomer;
    if (draft.holdSeconds) out["hold_seconds"] = *draft.holdSeconds;
    if (draft.queueEnabled || draft.admitPerMinute) {
        json queue = json::object();
        if (draft.queueEnabled) queue["enabled"] = *draft.queueEnabled;
        if (draft.admitPerMinute) queue["admit_per_minute"] = *draft.admitPerMinute;
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
    return s;
}

Result<Event> parseEvent(const json& object) {
    BILHETERIA_TRY(summary, parseEventSummary(object));
    FieldReader r(object, "event");
    Event event;
    event.summary = std::move(summary);
    BILHETERIA_TRY(maxTickets, r.integer("max_tickets_per_customer"));
    BILHETERIA_TRY(holdSeconds, r.integer("hold_seconds"));
    event.maxTicketsPerCustomer = static_cast<int>(maxTickets);
    event.holdSeconds = static_cast<int>(holdSeconds);
    if (r.has("queue") && object["queue"].is_object())
        event.admitPerMinute = object["queue"].value("admit_per_minute", 600);
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
        info.kind = kind == "general" ? SectionKind::General : SectionKind::Seated;
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
    BILHETERIA_TRY(number, r.integer("number"));
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
    BILHETERIA_TRY(holdSeconds, r.optional<std::int64_t>("hold_seconds", &FieldReader::integer));
    draft.name = std::move(name);
    draft.venue = std::move(venue);
    draft.startsAt = startsAt;
    draft.saleStartsAt = saleStartsAt;
    draft.saleEndsAt = saleEndsAt;
    draft.maxTicketsPerCustomer = maxTickets;
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
        draft.queueEnabled = enabled;
        draft.admitPerMinute = perMinute;
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

} // namespace bilheteria
