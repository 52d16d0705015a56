// Tickets as PDF, one A6 page per ticket (cairo, the QR drawn as vector squares, as the
// desktop client prints): the event, where and when, the place, the code and the QR, which
// carries the signed token the door verifies. The terminal client saves them to a file; the
// server attaches them to the buyer's confirmation e-mail. The words on a page come from the
// caller, in its language.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/error.h"

namespace bilheteria {

// What one ticket says, in the order it is laid out.
struct TicketPage {
    std::string eventName, venue, when, section, place, code, orderRef;
    std::string qr; // what the QR carries: the signed token, or the code
};

Result<void> writeTicketPdf(const std::filesystem::path& path,
                            const std::vector<TicketPage>& tickets);
// The same document in memory, for an e-mail attachment.
Result<std::string> ticketPdf(const std::vector<TicketPage>& tickets);

} // namespace bilheteria
