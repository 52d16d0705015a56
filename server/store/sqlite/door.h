// The SQLite store's DoorStore (core/store/doorstore.h): signing keys, check-ins, offline sync
// and the bundle.
#pragma once

#include "server/core/store/doorstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteDoorStore final : public DoorStore {
public:
    explicit SqliteDoorStore(SqliteDatabase& db);

    Result<std::vector<SigningKey>> signingKeys(Id eventId) override;
    Result<std::vector<SigningKey>> addFirstSigningKey(const SigningKey& key) override;
    Result<DoorTicket> findTicket(const std::string& code) override;
    Result<DoorTicket> checkIn(const std::string& code, const std::string& gate, Id actorId,
                               TimePoint now) override;
    Result<DoorTicket> checkOut(const std::string& code, const std::string& gate, Id actorId,
                                TimePoint now) override;
    Result<std::vector<ScanResult>> syncScans(Id eventId, const std::string& scannerId,
                                              const std::vector<SyncScan>& scans, Id actorId,
                                              TimePoint now) override;
    Result<CheckinBundle> checkinBundle(Id eventId, std::optional<TimePoint> since,
                                        bool withTickets, TimePoint now) override;

private:
    Result<DoorTicket> pass(const std::string& code, const std::string& gate, Id actorId,
                            TimePoint now, ScanDirection direction);

    SqliteDatabase& m_db;
};

} // namespace bilheteria
