#include "client-term/models/ticketprint.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "client-term/models/qrtext.h"
#include "client-term/models/translations.h"
#include "shared/ticketpdf.h"

namespace bilheteria::term {

namespace {

std::vector<TicketPage> linesOf(const std::optional<Event>& event, const Order& order,
                                Language language) {
    std::vector<TicketPage> tickets;
    const auto count = order.tickets.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Ticket& ticket = order.tickets[i];
        TicketPage lines;
        if (event) {
            lines.eventName = event->summary.name;
            lines.venue = event->summary.venue;
            lines.when = formatTime(event->summary.startsAt, language);
        } else {
            lines.eventName = tr(language, "Ticket");
        }
        lines.section = ticket.section;
        lines.place = ticket.row && ticket.number
                          ? trArgs(language, "Row %1 · Seat %2",
                                   {*ticket.row, std::to_string(*ticket.number)})
                          : tr(language, "General admission");
        lines.code = ticket.code;
        lines.qr = ticket.qr.value_or(ticket.code);
        lines.orderRef =
            trArgs(language, "Order %1 · ticket %2 of %3",
                   {std::to_string(order.id), std::to_string(i + 1), std::to_string(count)});
        tickets.push_back(std::move(lines));
    }
    return tickets;
}

Result<void> writeText(const std::filesystem::path& path, const std::vector<TicketPage>& tickets,
                       Language language) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(Error::unavailable("cannot write " + path.string()));
    for (std::size_t i = 0; i < tickets.size(); ++i) {
        const TicketPage& t = tickets[i];
        if (i > 0) out << "\f\n"; // a page break between tickets
        out << t.eventName << '\n';
        if (!t.venue.empty()) out << t.venue << '\n';
        if (!t.when.empty()) out << t.when << '\n';
        out << '\n' << t.section << " — " << t.place << '\n';
        out << tr(language, "Code") << ": " << t.code << '\n' << t.orderRef << "\n\n";
        for (const auto& line : qrHalfBlocks(qrModules(t.qr), true))
            out << line << '\n';
    }
    out.flush();
    if (!out) return fail(Error::unavailable("cannot write " + path.string()));
    return {};
}

} // namespace

TicketFileFormat ticketFileFormatOf(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (auto& ch : extension)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return extension == ".pdf" ? TicketFileFormat::Pdf : TicketFileFormat::Text;
}

Result<void> writeTickets(const std::filesystem::path& path, TicketFileFormat format,
                          const std::optional<Event>& event, const Order& order,
                          Language language) {
    const auto tickets = linesOf(event, order, language);
    if (format == TicketFileFormat::Pdf) return writeTicketPdf(path, tickets);
    return writeText(path, tickets, language);
}

} // namespace bilheteria::term
