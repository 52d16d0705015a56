// The audit log's hash chain, computed the same way by both stores: each entry's hash covers
// the previous entry's hash and every field of the entry, so altering or deleting one breaks
// the chain from there on.
#pragma once

#include <cstdint>
#include <string>

#include "shared/protocol.h"

namespace bilheteria {

constexpr int kAuditChains = 64;

struct AuditEntry {
    int chain = 0;
    std::int64_t seq = 0;
    std::int64_t at = 0; // Unix seconds
    Id actorId = 0;      // 0: the server itself (the sweeper)
    std::string action;  // "hold.created", "order.paid", "user.login", ...
    std::string subject; // "hold:12", "event:3", "user:7"
    std::string details; // JSON text
    std::string prevHash;
};

// The chain an entry about `subjectId` goes to: one subject's entries stay in one chain.
int auditChainFor(Id subjectId);
// SHA-256 (hex) over the entry's fields and the previous hash.
std::string auditEntryHash(const AuditEntry& entry);

} // namespace bilheteria
