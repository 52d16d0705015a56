// The door's offline admission rule (shared/offlinedoor.h), with real Ed25519 keys: each
// verdict, the token verified before anything else, the reasons both door clients show, and
// this scanner's own admissions before the bundle's checked_in.
#include <chrono>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "shared/crypto/crypto.h"
#include "shared/offlinedoor.h"
#include "shared/ticketqr.h"

namespace bilheteria {
namespace {

using Kind = DoorVerdict::Kind;

constexpr Id kEvent = 42;
constexpr const char* kKeyId = "e42g1-abcdefgh";

BundleTicket listed(Id id, std::string code, std::string status, Id sectionId = 7,
                    std::optional<std::string> row = std::nullopt,
                    std::optional<int> number = std::nullopt) {
    BundleTicket ticket;
    ticket.id = id;
    ticket.code = std::move(code);
    ticket.sectionId = sectionId;
    ticket.row = std::move(row);
    ticket.number = number;
    ticket.status = std::move(status);
    return ticket;
}

class OfflineDoorTest : public ::testing::Test {
protected:
    OfflineDoorTest()
        : m_key(crypto::ed25519Generate())
        , m_otherKey(crypto::ed25519Generate()) {}

    CheckinBundle bundle(bool withTickets = true) const {
        CheckinBundle b;
        b.eventId = kEvent;
        b.keys = {{kKeyId, "Ed25519", crypto::base64UrlEncode(m_key.publicKey)}};
        b.revoked = {1006, 1007};
        if (withTickets)
            b.tickets = std::vector<BundleTicket>{
                listed(1001, "code-valid", "valid", 7, "B", 12),
                listed(1002, "code-refunded", "refunded"),
                listed(1003, "code-cancelled", "cancelled"),
                listed(1004, "code-exchanged", "exchanged"),
                listed(1005, "code-in", "checked_in", 8),
                listed(1006, "code-revoked", "valid"),
                // Revoked after the list was read: void all the same, as refunded.
                listed(1007, "code-revoked-in", "checked_in"),
            };
        return b;
    }

    std::string token(Id ticketId, Id eventId = kEvent, Id sectionId = 7,
                      std::optional<std::string> row = "B", std::optional<int> number = 12,
                      const std::string& keyId = kKeyId) const {
        TicketClaims c;
        c.eventId = eventId;
        c.ticketId = ticketId;
        c.code = "code-" + std::to_string(ticketId);
        c.sectionId = sectionId;
        c.row = std::move(row);
        c.number = number;
        c.issuedAt = TimePoint{std::chrono::seconds{1'800'000'000}};
        c.keyId = keyId;
        return signTicketToken(c, m_key.privateKey);
    }

    // This scanner's own log.
    OfflineDoor::AdmittedHere here() const {
        return [this](Id ticketId) -> std::optional<EarlierAdmission> {
            if (auto it = m_admitted.find(ticketId); it != m_admitted.end()) return it->second;
            return std::nullopt;
        };
    }

    DoorVerdict verify(const std::string& text) const {
        return OfflineDoor(bundle()).verify(text, kEvent, here());
    }

    crypto::Ed25519KeyPair m_key;
    crypto::Ed25519KeyPair m_otherKey;
    std::map<Id, EarlierAdmission> m_admitted;
};

TEST_F(OfflineDoorTest, AdmitsAValidTicketByTokenOrCodeWithItsPlace) {
    for (const std::string& scan :
         {token(1001), std::string("code-valid"), "  " + token(1001) + "\n"}) {
        const DoorVerdict v = verify(scan);
        EXPECT_EQ(v.kind, Kind::Admit) << scan;
        EXPECT_EQ(v.ticketId, Id{1001});
        EXPECT_EQ(v.sectionId, Id{7});
        EXPECT_EQ(v.row, "B");
        EXPECT_EQ(v.number, 12);
        EXPECT_TRUE(v.reason.empty());
        EXPECT_FALSE(v.at);
        EXPECT_FALSE(v.gate);
    }
}

TEST_F(OfflineDoorTest, RefusesAForgedTokenBeforeAnythingElse) {
    std::string tampered = token(1001);
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    DoorVerdict v = verify(tampered);
    EXPECT_EQ(v.kind, Kind::Forged);
    EXPECT_EQ(v.reason, "bad_signature");
    EXPECT_FALSE(v.ticketId);

    // Signed by a key that is not the event's, under the event's key id.
    TicketClaims c;
    c.eventId = kEvent;
    c.ticketId = 1001;
    c.code = "code-valid";
    c.sectionId = 7;
    c.keyId = kKeyId;
    EXPECT_EQ(verify(signTicketToken(c, m_otherKey.privateKey)).reason, "bad_signature");
    EXPECT_EQ(verify(token(1001, kEvent, 7, "B", 12, "e42g9-unknown")).reason, "unknown_key");
    v = verify("BLH1.not-a-token");
    EXPECT_EQ(v.kind, Kind::Forged);
    EXPECT_EQ(v.reason, "malformed");

    // Neither a revoked ticket nor one admitted here is looked at before the signature.
    m_admitted[1001] = {TimePoint{std::chrono::seconds{1'900'000'000}}, "North"};
    for (Id id : {Id{1001}, Id{1006}}) {
        std::string bad = token(id);
        bad[bad.size() - 3] = bad[bad.size() - 3] == 'A' ? 'B' : 'A';
        EXPECT_EQ(verify(bad).kind, Kind::Forged) << id;
    }
    // Nor is an event: a forged token of another event is forged, not another event's.
    std::string otherForged = token(1001, 43);
    otherForged[otherForged.size() - 3] = otherForged[otherForged.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_EQ(verify(otherForged).kind, Kind::Forged);
}

TEST_F(OfflineDoorTest, AnotherEventsTicketIsUnknown) {
    const DoorVerdict v = verify(token(1001, 43));
    EXPECT_EQ(v.kind, Kind::Unknown);
    EXPECT_EQ(v.reason, "other_event");
    EXPECT_FALSE(v.ticketId);
}

TEST_F(OfflineDoorTest, ACodeNotListedIsUnknown) {
    for (const std::string scan : {"no-such-code", "CODE-VALID", ""}) {
        const DoorVerdict v = verify(scan);
        EXPECT_EQ(v.kind, Kind::Unknown) << scan;
        EXPECT_EQ(v.reason, "not_found");
        EXPECT_FALSE(v.ticketId);
    }
    // Without the ticket list no code is known; a token still is.
    const OfflineDoor keysOnly(bundle(false));
    EXPECT_EQ(keysOnly.verify("code-valid", kEvent, here()).reason, "not_found");
    const DoorVerdict v = keysOnly.verify(token(1001), kEvent, here());
    EXPECT_EQ(v.kind, Kind::Admit);
    EXPECT_EQ(v.sectionId, Id{7});
    EXPECT_EQ(v.row, "B");
    EXPECT_EQ(v.number, 12);
    EXPECT_EQ(keysOnly.verify(token(1006), kEvent, here()).kind, Kind::Void);
}

TEST_F(OfflineDoorTest, RevokedAndListedVoidTicketsAreVoidWithTheirReason) {
    const std::map<std::string, std::pair<Id, std::string>> cases = {
        {"code-refunded", {1002, "refunded"}},   {"code-cancelled", {1003, "cancelled"}},
        {"code-exchanged", {1004, "exchanged"}}, {"code-revoked", {1006, "refunded"}},
        {"code-revoked-in", {1007, "refunded"}},
    };
    for (const auto& [code, expected] : cases) {
        for (const std::string& scan : {code, token(expected.first)}) {
            const DoorVerdict v = verify(scan);
            EXPECT_EQ(v.kind, Kind::Void) << scan;
            EXPECT_EQ(v.reason, expected.second) << scan;
            EXPECT_EQ(v.ticketId, expected.first);
            EXPECT_EQ(v.sectionId, Id{7}); // the place, for the person at the gate
        }
    }
    // Void before admitted here: the ticket was refunded since.
    m_admitted[1002] = {TimePoint{std::chrono::seconds{1'900'000'000}}, "North"};
    EXPECT_EQ(verify("code-refunded").kind, Kind::Void);
}

TEST_F(OfflineDoorTest, AdmittedHereIsAlreadyInWithWhenAndWhere) {
    const TimePoint when{std::chrono::seconds{1'900'000'000}};
    m_admitted[1001] = {when, "North"};
    for (const std::string& scan : {token(1001), std::string("code-valid")}) {
        const DoorVerdict v = verify(scan);
        EXPECT_EQ(v.kind, Kind::AlreadyIn) << scan;
        EXPECT_EQ(v.ticketId, Id{1001});
        EXPECT_EQ(v.at, when);
        EXPECT_EQ(v.gate, "North");
        EXPECT_EQ(v.row, "B");
    }
    // A ticket not listed but admitted here (by its token) is known here all the same.
    m_admitted[1010] = {when, "East"};
    const DoorVerdict unlisted = verify(token(1010));
    EXPECT_EQ(unlisted.kind, Kind::AlreadyIn);
    EXPECT_EQ(unlisted.gate, "East");
    // No log at all: nothing admitted here.
    EXPECT_EQ(OfflineDoor(bundle()).verify("code-valid", kEvent, {}).kind, Kind::Admit);
}

TEST_F(OfflineDoorTest, ListedCheckedInIsAlreadyInUnlessAdmittedHere) {
    DoorVerdict v = verify("code-in");
    EXPECT_EQ(v.kind, Kind::AlreadyIn);
    EXPECT_EQ(v.ticketId, Id{1005});
    EXPECT_EQ(v.sectionId, Id{8}); // the listed place, over the token's claims
    EXPECT_FALSE(v.at);            // before the bundle: when and where unknown
    EXPECT_FALSE(v.gate);
    EXPECT_EQ(verify(token(1005, kEvent, 7)).sectionId, Id{8});
    // This scanner's own entry says more.
    const TimePoint when{std::chrono::seconds{1'900'000'000}};
    m_admitted[1005] = {when, "South"};
    v = verify("code-in");
    EXPECT_EQ(v.kind, Kind::AlreadyIn);
    EXPECT_EQ(v.at, when);
    EXPECT_EQ(v.gate, "South");
}

TEST_F(OfflineDoorTest, IndexesTheBundleOnce) {
    CheckinBundle big = bundle();
    for (Id id = 2000; id < 102'000; ++id)
        big.tickets->push_back(listed(id, "code-" + std::to_string(id), "valid"));
    const OfflineDoor door(std::move(big));
    EXPECT_EQ(door.bundle().tickets->size(), 100'007u);
    ASSERT_NE(door.ticketByCode("code-101999"), nullptr);
    EXPECT_EQ(door.ticketByCode("code-101999")->id, Id{101'999});
    EXPECT_EQ(door.ticket(1005)->code, "code-in");
    EXPECT_EQ(door.ticket(99), nullptr);
    EXPECT_TRUE(door.revoked(1006));
    EXPECT_FALSE(door.revoked(1001));
    for (Id id = 2000; id < 102'000; id += 997)
        EXPECT_EQ(door.verify("code-" + std::to_string(id), kEvent, here()).kind, Kind::Admit);
    EXPECT_EQ(door.verify(token(101'999), kEvent, here()).ticketId, Id{101'999});
}

} // namespace
} // namespace bilheteria
