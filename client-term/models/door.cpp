#include "client-term/models/door.h"

#include <algorithm>
#include <cctype>

#include "shared/ticketqr.h"
#include "shared/timeformat.h"

namespace bilheteria::term {

using nlohmann::json;

namespace {

std::string trimmed(std::string_view text) {
    const auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return std::string(text);
}

// details.reason of a verification's refusal (malformed, unknown_key, bad_signature).
std::string reasonOf(const Error& error) {
    return error.details.is_object() ? error.details.value("reason", "") : "";
}

std::optional<std::string> detailString(const ApiError& error, const char* key) {
    const json& details = error.error.details;
    if (details.is_object() && details.contains(key) && details[key].is_string())
        return details[key].get<std::string>();
    return std::nullopt;
}

} // namespace

Door::Door(ApiClient& api, Event event, std::string gate, std::filesystem::path dataFolder,
           Clock clock)
    : m_api(api)
    , m_event(std::move(event))
    , m_gate(std::move(gate))
    , m_clock(std::move(clock))
    , m_log(std::move(dataFolder), api.address(), m_event.summary.id) {
    if (auto saved = m_log.savedBundle()) setBundle(std::move(*saved));
}

std::chrono::system_clock::time_point Door::now() const {
    return m_clock ? m_clock() : std::chrono::system_clock::now();
}

ApiResult<void> Door::refreshBundle() {
    auto bundle = m_api.checkinBundle(m_event.summary.id, true);
    if (!bundle) {
        if (bundle.error().kind == ApiError::Kind::Network) goOffline(false);
        return std::unexpected(bundle.error());
    }
    (void)m_log.saveBundle(*bundle); // a copy for a restart offline; the scans do not need it
    setBundle(std::move(*bundle));
    return {};
}

void Door::setBundle(CheckinBundle bundle) {
    m_bundle.emplace(std::move(bundle));
    m_admittedBySection.clear();
    m_sold = 0;
    if (!m_bundle->bundle().tickets) return;
    for (const BundleTicket& ticket : *m_bundle->bundle().tickets) {
        if (isVoidTicketStatus(ticket.status) || m_bundle->revoked(ticket.id)) continue;
        ++m_sold;
        if (ticket.status == "checked_in") ++m_admittedBySection[ticket.sectionId];
    }
}

std::optional<TimePoint> Door::bundleTime() const {
    if (!m_bundle) return std::nullopt;
    return m_bundle->bundle().generatedAt;
}

const BundleTicket* Door::listedByCode(const std::string& code) const {
    return m_bundle ? m_bundle->ticketByCode(code) : nullptr;
}

std::int64_t Door::admitted() const {
    std::int64_t total = 0;
    for (const auto& [section, count] : m_admittedBySection)
        total += count;
    for (const auto& logged : m_log.scans())
        if (logged.pending()) ++total;
    return total;
}

bool Door::apply(const StreamEvent& event) {
    if (event.type != "checkin") return false;
    const json data = json::parse(event.data, nullptr, false);
    if (!data.is_object() || !data.contains("section_id") || !data.contains("admitted") ||
        !data["section_id"].is_number_integer() || !data["admitted"].is_number_integer())
        return false;
    m_admittedBySection[data["section_id"].get<Id>()] = data["admitted"].get<std::int64_t>();
    return true;
}

void Door::goOffline(bool forced) {
    m_offline = true;
    m_forced = m_forced || forced;
}

void Door::goOnline() {
    m_offline = false;
    m_forced = false;
}

bool Door::reconnect() {
    if (!m_offline || m_forced) return false;
    if (!m_api.health()) return false;
    goOnline();
    return true;
}

DoorAnswer Door::scan(std::string_view typed) {
    const std::string text = trimmed(typed);
    if (text.empty()) return {};
    const bool token = isTicketToken(text);
    if (!m_offline) {
        DoorAnswer answer = online(text, token);
        if (!m_offline) return answer;
        // No answer: the server may be gone for a while; this gate goes on by itself.
    }
    return offlineScan(text, token);
}

DoorAnswer Door::online(const std::string& text, bool token) {
    // Let in here offline and not synced yet: the server does not know it, this scanner does.
    std::optional<Id> known;
    if (token) {
        if (auto claims = readTicketToken(text)) known = claims->ticketId;
    } else if (const BundleTicket* listed = listedByCode(text)) {
        known = listed->id;
    }
    if (const LoggedScan* earlier = known ? m_log.admissionOf(*known) : nullptr;
        earlier && earlier->pending()) {
        DoorAnswer answer;
        answer.verdict = DoorAnswer::Verdict::AlreadyIn;
        answer.at = earlier->scan.scannedAt;
        answer.gate = earlier->scan.gate;
        describe(answer, known, text, token);
        return answer;
    }
    CheckinRequest request;
    (token ? request.qr : request.code) = text;
    request.gate = m_gate;
    auto checkin = m_api.checkin(request);
    DoorAnswer answer;
    if (checkin) {
        answer.verdict = DoorAnswer::Verdict::Admitted;
        const Ticket& t = checkin->ticket;
        answer.ticketId = t.id;
        answer.sectionId = t.sectionId;
        answer.section = t.section;
        answer.row = t.row;
        answer.number = t.number;
        answer.at = checkin->checkedInAt;
        return answer;
    }
    const ApiError& error = checkin.error();
    if (error.kind == ApiError::Kind::Network) {
        goOffline(false);
        answer.reason = error.error.message;
        return answer;
    }
    std::optional<Id> ticketId;
    const json& details = error.error.details;
    if (details.is_object() && details.contains("ticket_id") &&
        details["ticket_id"].is_number_integer())
        ticketId = details["ticket_id"].get<Id>();
    if (error.is(ErrorCode::AlreadyCheckedIn)) {
        answer.verdict = DoorAnswer::Verdict::AlreadyIn;
        if (auto at = detailString(error, "checked_in_at")) answer.at = parseRfc3339(*at);
        answer.gate = detailString(error, "gate");
    } else if (error.is(ErrorCode::TicketVoid)) {
        answer.verdict = DoorAnswer::Verdict::Void;
        answer.reason = detailString(error, "reason").value_or("");
    } else if (error.is(ErrorCode::NotFound)) {
        answer.verdict = DoorAnswer::Verdict::Unknown;
        // A token the server refused that does not verify with the keys here either: forged.
        if (token && m_bundle) {
            auto verified = verifyTicketToken(text, m_bundle->bundle().keys);
            if (!verified) {
                answer.verdict = DoorAnswer::Verdict::Forged;
                answer.reason = reasonOf(verified.error());
            }
        }
        return answer;
    } else {
        answer.reason = error.error.message;
        return answer;
    }
    describe(answer, ticketId, text, token);
    return answer;
}

DoorAnswer Door::offlineScan(const std::string& text, bool token) {
    DoorAnswer answer;
    answer.offline = true;
    if (!m_bundle) {
        answer.reason = "no_bundle"; // nothing to verify with: the screen says so in words
        return answer;
    }
    // The door's one offline rule (shared/offlinedoor.h); this scanner's log says what it let in.
    const DoorVerdict verdict = m_bundle->verify(
        text, m_event.summary.id, [this](Id ticketId) -> std::optional<EarlierAdmission> {
            const LoggedScan* earlier = m_log.admissionOf(ticketId);
            if (!earlier) return std::nullopt;
            return EarlierAdmission{earlier->scan.scannedAt, earlier->scan.gate};
        });
    answer.ticketId = verdict.ticketId;
    answer.sectionId = verdict.sectionId;
    if (verdict.sectionId) answer.section = sectionName(*verdict.sectionId);
    answer.row = verdict.row;
    answer.number = verdict.number;
    answer.reason = verdict.reason;
    switch (verdict.kind) {
    case DoorVerdict::Kind::Forged:
        answer.verdict = DoorAnswer::Verdict::Forged;
        return answer;
    case DoorVerdict::Kind::Unknown:
        answer.verdict = DoorAnswer::Verdict::Unknown;
        return answer;
    case DoorVerdict::Kind::Void:
        answer.verdict = DoorAnswer::Verdict::Void;
        return answer;
    case DoorVerdict::Kind::AlreadyIn:
        answer.verdict = DoorAnswer::Verdict::AlreadyIn;
        answer.at = verdict.at;
        answer.gate = verdict.gate;
        return answer;
    case DoorVerdict::Kind::Admit:
        break;
    }
    LoggedScan logged;
    (token ? logged.scan.qr : logged.scan.code) = text;
    logged.scan.gate = m_gate;
    logged.scan.scannedAt = std::chrono::time_point_cast<std::chrono::seconds>(now());
    logged.ticketId = verdict.ticketId;
    if (auto kept = m_log.append(logged); !kept) {
        answer.verdict = DoorAnswer::Verdict::Failed;
        answer.reason = kept.error().message;
        return answer;
    }
    answer.verdict = DoorAnswer::Verdict::Admitted;
    answer.at = logged.scan.scannedAt;
    return answer;
}

void Door::describe(DoorAnswer& answer, std::optional<Id> ticketId, const std::string& text,
                    bool token) const {
    if (!ticketId && token)
        if (auto claims = readTicketToken(text)) ticketId = claims->ticketId;
    if (!ticketId && !token)
        if (const BundleTicket* listed = listedByCode(text)) ticketId = listed->id;
    answer.ticketId = ticketId;
    if (!ticketId) return;
    if (const BundleTicket* t = m_bundle ? m_bundle->ticket(*ticketId) : nullptr) {
        answer.sectionId = t->sectionId;
        answer.row = t->row;
        answer.number = t->number;
    } else if (token) {
        // What the token says (the server or the keys here have vouched for the ticket).
        if (auto claims = readTicketToken(text)) {
            answer.sectionId = claims->sectionId;
            answer.row = claims->row;
            answer.number = claims->number;
        }
    }
    if (answer.sectionId) answer.section = sectionName(*answer.sectionId);
}

std::string Door::sectionName(Id sectionId) const {
    for (const auto& section : m_event.sections)
        if (section.id == sectionId) return section.name;
    return {};
}

ApiResult<SyncOutcome> Door::sync() {
    SyncOutcome outcome;
    const auto scans = m_log.pendingScans();
    if (scans.empty()) return outcome;
    auto results = m_api.syncCheckins(m_event.summary.id, {m_log.scannerId(), scans});
    if (!results) {
        if (results.error().kind == ApiError::Kind::Network) goOffline(false);
        return std::unexpected(results.error());
    }
    const std::size_t before = m_log.scans().size() - scans.size();
    if (auto kept = m_log.settle(*results); !kept) {
        ApiError error;
        error.kind = ApiError::Kind::BadResponse;
        error.error = kept.error();
        return std::unexpected(error);
    }
    for (std::size_t i = before; i < m_log.scans().size(); ++i) {
        const LoggedScan& logged = m_log.scans()[i];
        outcome.scans.push_back(logged);
        if (logged.verdict && logged.verdict->result == "admitted")
            ++outcome.admitted;
        else
            ++outcome.refused;
    }
    // The server's counts now include these scans.
    (void)refreshBundle();
    return outcome;
}

} // namespace bilheteria::term
