// An order's tickets written to a file, to print or to send: one page per ticket as PDF
// (cairo, with the QR drawn as vector squares, A6 like the desktop client's) or as plain text
// (the QR in half blocks, dark ink on paper). Each ticket carries the event, where and when,
// the place, its code and its QR, which carries the signed token the door verifies (the code
// when the order has none).
#pragma once

#include <filesystem>
#include <optional>

#include "client-term/models/format.h"
#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria::term {

enum class TicketFileFormat { Pdf, Text };

// From the file's extension: .pdf is PDF, anything else plain text.
TicketFileFormat ticketFileFormatOf(const std::filesystem::path& path);

// `event` may be absent (the tickets then say only what the order knows).
Result<void> writeTickets(const std::filesystem::path& path, TicketFileFormat format,
                          const std::optional<Event>& event, const Order& order, Language language);

} // namespace bilheteria::term
