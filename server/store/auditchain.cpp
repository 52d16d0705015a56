#include "server/store/auditchain.h"

#include "shared/crypto/crypto.h"

namespace bilheteria {

int auditChainFor(Id subjectId) {
    return static_cast<int>(((subjectId % kAuditChains) + kAuditChains) % kAuditChains);
}

std::string auditEntryHash(const AuditEntry& entry) {
    // Fields are length-prefixed so that no two different entries serialise alike.
    std::string canonical;
    auto field = [&canonical](const std::string& value) {
        canonical += std::to_string(value.size());
        canonical += ':';
        canonical += value;
        canonical += '\n';
    };
    field(entry.prevHash);
    field(std::to_string(entry.chain));
    field(std::to_string(entry.seq));
    field(std::to_string(entry.at));
    field(std::to_string(entry.actorId));
    field(entry.action);
    field(entry.subject);
    field(entry.details);
    return crypto::sha256Hex(canonical);
}

} // namespace bilheteria
