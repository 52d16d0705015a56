// The audit log and the integrity checks of `bilheteria-server check` and `audit verify`.
//
// Holds, releases, expiries, sales, logins and event creation append their entry inside their
// own transaction (each store's audit helper). Entries form 64 hash chains (so concurrent sales
// do not queue on one chain head); each carries the SHA-256 of the previous entry of its chain,
// and a head row per chain pins the last one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// What the checks report: empty `problems` means all is well.
struct IntegrityReport {
    std::vector<std::string> problems;
    std::int64_t checkedItems = 0;
    bool ok() const { return problems.empty(); }
};

class AuditStore {
public:
    virtual ~AuditStore() = default;

    // Recomputes every audit chain and names the first broken entry of each broken one.
    virtual Result<IntegrityReport> verifyAudit() = 0;
    // In one snapshot: free + held + sold = capacity per section, no seat sold twice, every
    // ticket's seat sold, each sold place has one ticket, every order paid once, quotas and
    // card limits respected; and the audit chains as verifyAudit.
    virtual Result<IntegrityReport> checkInvariants(TimePoint now) = 0;
};

} // namespace bilheteria
