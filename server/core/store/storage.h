// The storage the domain core depends on, split by aggregate: one interface per part, each in its
// own header beside this one. Implementations live in server/store/ (SQLite and PostgreSQL), one
// file per part over one connection/transaction helper per backend, and pass the same
// conformance suites (tests/server/store/).
//
// Every method of every part is one transaction: it either does all it says or nothing.
// Implementations are thread-safe, translate their driver's exceptions into Error values
// (email_taken, not_found, unavailable, ...) and never let one escape.
//
// Services take only the parts they use (wired in server/app/); a Storage owns the parts, which
// live as long as it does.
#pragma once

#include <string>

#include "server/core/store/accountstore.h"
#include "server/core/store/auditstore.h"
#include "server/core/store/changestore.h"
#include "server/core/store/doorstore.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/fieldkeystore.h"
#include "server/core/store/holdstore.h"
#include "server/core/store/notificationstore.h"
#include "server/core/store/refundstore.h"
#include "server/core/store/reportstore.h"
#include "server/core/store/salestore.h"
#include "server/core/store/waitingroomstore.h"
#include "shared/error.h"

namespace bilheteria {

class Storage {
public:
    virtual ~Storage() = default;

    // "sqlite" or "postgresql", for logs and metrics.
    virtual std::string backendName() const = 0;
    // A cheap round trip to the database; unavailable when it cannot be reached.
    virtual Result<void> ping() = 0;
    // Upkeep the store wants done off the request path, called every second or so by the
    // server's housekeeper (SQLite: checkpointing the write-ahead log; PostgreSQL: nothing).
    virtual Result<void> maintain() = 0;
    // A random secret shared by every server on this database, made on first use (keys for
    // request hashes, card fingerprints and proofs of work).
    virtual Result<std::string> serverSecret(const std::string& name) = 0;

    virtual AccountStore& accounts() = 0;
    virtual EventStore& events() = 0;
    virtual HoldStore& holds() = 0;
    virtual SaleStore& sales() = 0;
    virtual WaitingRoomStore& waitingRoom() = 0;
    virtual ChangeStore& changes() = 0;
    virtual ReportStore& reports() = 0;
    virtual AuditStore& audit() = 0;
    virtual DoorStore& door() = 0;
    virtual RefundStore& refunds() = 0;
    virtual FieldKeyStore& fieldKeys() = 0;
    virtual NotificationStore& notifications() = 0;
};

} // namespace bilheteria
