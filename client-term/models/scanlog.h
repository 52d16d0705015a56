// A door scanner's memory on disk, so that nothing is lost when the program or the machine
// restarts while the server is out of reach: the scans made offline for one event (until the
// server has taken them, then with its verdict), the last check-in bundle (keys and revoked
// tickets, to verify offline after a restart) and the scanner's id for checkins/sync. One
// folder per server under $XDG_DATA_HOME/bilheteria (else ~/.local/share/bilheteria); each
// file is written whole to a new file that is then renamed over the old one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "client-term/net/httpsconnection.h"
#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria::term {

// One scan made offline and what became of it.
struct LoggedScan {
    OfflineScan scan;
    std::optional<Id> ticketId;        // as verified here
    std::optional<ScanResult> verdict; // the server's, once synced
    bool pending() const { return !verdict.has_value(); }
};

class ScanLog {
public:
    // $XDG_DATA_HOME/bilheteria, else ~/.local/share/bilheteria.
    static std::filesystem::path defaultDataFolder();

    // The log of `eventId` at `server`, in `dataFolder`; reads what an earlier run left.
    ScanLog(std::filesystem::path dataFolder, const ServerAddress& server, Id eventId);

    // This scanner's id (made once per data folder and kept).
    const std::string& scannerId() const { return m_scannerId; }
    // The gate this scanner stood at last (empty the first time), for the next run.
    std::string lastGate() const;
    Result<void> saveGate(const std::string& gate) const;

    const std::vector<LoggedScan>& scans() const { return m_scans; }
    std::size_t pendingCount() const;
    // The scan that let this ticket in here, if any.
    const LoggedScan* admissionOf(Id ticketId) const;

    // Adds a scan and writes the log before returning.
    Result<void> append(LoggedScan scan);
    // The pending scans in order, to send; settle() takes the server's verdicts in that order.
    std::vector<OfflineScan> pendingScans() const;
    Result<void> settle(const std::vector<ScanResult>& verdicts);

    // The bundle kept from the last download (nullopt when there is none).
    std::optional<CheckinBundle> savedBundle() const;
    Result<void> saveBundle(const CheckinBundle& bundle);

    const std::filesystem::path& file() const { return m_file; }

private:
    Result<void> write() const;

    std::filesystem::path m_folder;
    std::filesystem::path m_file;
    std::filesystem::path m_bundleFile;
    std::string m_scannerId;
    std::vector<LoggedScan> m_scans;
};

} // namespace bilheteria::term
