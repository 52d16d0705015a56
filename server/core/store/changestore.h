// The change outbox behind live notifications (core/changefeed.h): the transactions of the other
// parts write the places they move (and a sale's order, a queue's joins and admissions) to it
// in their own transaction; this part reads it for this process's one LiveHub, and prunes it.
#pragma once

#include <memory>
#include <vector>

#include "server/core/changefeed.h"
#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// A section's tickets neither sold nor under an active hold, for the live availability events.
struct SectionAvailability {
    Id sectionId = 0;
    std::int64_t available = 0;
};

// The admitted (checked-in) tickets of one section.
struct SectionAdmitted {
    Id sectionId = 0;
    std::int64_t admitted = 0;
};

class ChangeStore {
public:
    virtual ~ChangeStore() = default;

    // The outbox's reader and wake-ups, for this process's one LiveHub.
    virtual Result<std::unique_ptr<ChangeSource>> openChangeSource() = 0;
    // The availability (as of `now`) of those of `sectionIds` that belong to `eventId`.
    virtual Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) = 0;
    // The tickets checked in at the door (inside now) of those of `sectionIds` that belong to
    // `eventId`, ascending by section id; sections with none are left out.
    virtual Result<std::vector<SectionAdmitted>>
    sectionAdmitted(Id eventId, const std::vector<Id>& sectionIds) = 0;
    // Deletes the outbox rows written before `before`, oldest first, and moves the horizon
    // below which a replay reports them pruned; returns how many rows it deleted.
    virtual Result<std::int64_t> pruneChanges(TimePoint before) = 0;
};

} // namespace bilheteria
