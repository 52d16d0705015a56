#include "client-term/models/scanlog.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "client-term/net/apiclient.h"
#include "shared/jsonmapping.h"
#include "shared/timeformat.h"

namespace bilheteria::term {

using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Written to a new file renamed over the old: the log is whole or as it was, never half.
Result<void> writeWhole(const std::filesystem::path& path, const std::string& text) {
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return fail(Error::internal("cannot create " + path.parent_path().string()));
    const auto temporary = path.string() + ".new";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file << text;
        file.flush();
        if (!file) return fail(Error::internal("cannot write " + temporary));
    }
    std::filesystem::rename(temporary, path, error);
    if (error) return fail(Error::internal("cannot write " + path.string()));
    return {};
}

std::string serverFolderName(const ServerAddress& server) {
    std::string name = server.host + "_" + std::to_string(server.port);
    for (auto& c : name)
        if (c == '/' || c == '\\' || c == ':') c = '_';
    return name;
}

json scanJson(const LoggedScan& logged) {
    json out{{"gate", logged.scan.gate}, {"scanned_at", formatRfc3339(logged.scan.scannedAt)}};
    if (logged.scan.code) out["code"] = *logged.scan.code;
    if (logged.scan.qr) out["qr"] = *logged.scan.qr;
    if (logged.ticketId) out["ticket_id"] = *logged.ticketId;
    if (logged.verdict) out["verdict"] = toJson(*logged.verdict);
    return out;
}

std::optional<LoggedScan> scanFromJson(const json& item) {
    if (!item.is_object() || !item.contains("gate") || !item.contains("scanned_at")) return {};
    LoggedScan logged;
    logged.scan.gate = item.value("gate", "");
    const auto at = parseRfc3339(item.value("scanned_at", ""));
    if (!at) return {};
    logged.scan.scannedAt = *at;
    if (item.contains("code")) logged.scan.code = item.value("code", "");
    if (item.contains("qr")) logged.scan.qr = item.value("qr", "");
    if (item.contains("ticket_id") && item["ticket_id"].is_number_integer())
        logged.ticketId = item["ticket_id"].get<Id>();
    if (item.contains("verdict"))
        if (auto verdict = parseScanResult(item["verdict"])) logged.verdict = std::move(*verdict);
    return logged;
}

} // namespace

std::filesystem::path ScanLog::defaultDataFolder() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return std::filesystem::path(data) / "bilheteria";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "bilheteria";
}

ScanLog::ScanLog(std::filesystem::path dataFolder, const ServerAddress& server, Id eventId)
    : m_folder(std::move(dataFolder)) {
    const auto folder = m_folder / "door" / serverFolderName(server);
    m_file = folder / ("event-" + std::to_string(eventId) + "-scans.json");
    m_bundleFile = folder / ("event-" + std::to_string(eventId) + "-bundle.json");

    // The scanner's id: made once, then the same for every event and run.
    const auto idFile = m_folder / "door" / "scanner-id";
    m_scannerId = slurp(idFile);
    while (!m_scannerId.empty() && std::isspace(static_cast<unsigned char>(m_scannerId.back())))
        m_scannerId.pop_back();
    if (m_scannerId.empty()) {
        m_scannerId = "term-" + newIdempotencyKey().substr(0, 16);
        (void)writeWhole(idFile, m_scannerId + "\n");
    }

    const json saved = json::parse(slurp(m_file), nullptr, false);
    if (saved.is_object() && saved.contains("scans") && saved["scans"].is_array())
        for (const json& item : saved["scans"])
            if (auto logged = scanFromJson(item)) m_scans.push_back(std::move(*logged));
}

std::string ScanLog::lastGate() const {
    std::string gate = slurp(m_folder / "door" / "gate");
    while (!gate.empty() && (gate.back() == '\n' || gate.back() == '\r'))
        gate.pop_back();
    return gate;
}

Result<void> ScanLog::saveGate(const std::string& gate) const {
    return writeWhole(m_folder / "door" / "gate", gate + "\n");
}

std::size_t ScanLog::pendingCount() const {
    return static_cast<std::size_t>(std::count_if(m_scans.begin(), m_scans.end(),
                                                  [](const LoggedScan& s) { return s.pending(); }));
}

const LoggedScan* ScanLog::admissionOf(Id ticketId) const {
    for (const auto& logged : m_scans)
        if (logged.ticketId == ticketId) return &logged;
    return nullptr;
}

Result<void> ScanLog::append(LoggedScan scan) {
    m_scans.push_back(std::move(scan));
    auto written = write();
    if (!written) m_scans.pop_back(); // not kept on disk: not counted as taken either
    return written;
}

std::vector<OfflineScan> ScanLog::pendingScans() const {
    std::vector<OfflineScan> out;
    for (const auto& logged : m_scans)
        if (logged.pending()) out.push_back(logged.scan);
    return out;
}

Result<void> ScanLog::settle(const std::vector<ScanResult>& verdicts) {
    std::size_t next = 0;
    for (auto& logged : m_scans)
        if (logged.pending() && next < verdicts.size()) logged.verdict = verdicts[next++];
    return write();
}

std::optional<CheckinBundle> ScanLog::savedBundle() const {
    const json saved = json::parse(slurp(m_bundleFile), nullptr, false);
    if (saved.is_discarded()) return std::nullopt;
    auto bundle = parseCheckinBundle(saved);
    if (!bundle) return std::nullopt;
    return std::move(*bundle);
}

Result<void> ScanLog::saveBundle(const CheckinBundle& bundle) {
    return writeWhole(m_bundleFile, toJson(bundle).dump());
}

Result<void> ScanLog::write() const {
    json scans = json::array();
    for (const auto& logged : m_scans)
        scans.push_back(scanJson(logged));
    return writeWhole(m_file,
                      json{{"scanner_id", m_scannerId}, {"scans", std::move(scans)}}.dump(1));
}

} // namespace bilheteria::term
