#include "client-term/models/ticketprint.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>

#include "client-term/models/qrtext.h"
#include "client-term/models/translations.h"

namespace bilheteria::term {

namespace {

// What one ticket says, in the order it is laid out.
struct TicketLines {
    std::string eventName, venue, when, section, place, code, orderRef;
    std::string qr; // what the QR carries: the signed token, or the code from an older server
};

std::vector<TicketLines> linesOf(const std::optional<Event>& event, const Order& order,
                                 Language language) {
    std::vector<TicketLines> tickets;
    const auto count = order.tickets.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Ticket& ticket = order.tickets[i];
        TicketLines lines;
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

Result<void> writeText(const std::filesystem::path& path, const std::vector<TicketLines>& tickets,
                       Language language) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(Error::unavailable("cannot write " + path.string()));
    for (std::size_t i = 0; i < tickets.size(); ++i) {
        const TicketLines& t = tickets[i];
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

// Text in one line at (x, y), shrunk until it fits `width`.
void drawFitted(cairo_t* cr, const std::string& text, double x, double y, double width, double size,
                bool bold) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_text_extents_t extents;
    for (;;) {
        cairo_set_font_size(cr, size);
        cairo_text_extents(cr, text.c_str(), &extents);
        if (extents.x_advance <= width || size < 4) break;
        size *= 0.9;
    }
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text.c_str());
}

Result<void> writePdf(const std::filesystem::path& path, const std::vector<TicketLines>& tickets) {
    // A6 portrait in points, as the desktop client prints.
    constexpr double kWidth = 297.6, kHeight = 419.5, kMargin = 18;
    const std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create(path.c_str(), kWidth, kHeight), &cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return fail(Error::unavailable("cannot write " + path.string()));
    const std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                                     &cairo_destroy);
    cairo_t* cr = context.get();
    const double inner = kWidth - 2 * kMargin;
    for (const TicketLines& t : tickets) {
        // Header band: the event, where and when.
        cairo_set_source_rgb(cr, 0x0b / 255.0, 0x6e / 255.0, 0x4f / 255.0);
        cairo_rectangle(cr, 0, 0, kWidth, 92);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        drawFitted(cr, t.eventName, kMargin, 34, inner, 20, true);
        drawFitted(cr, t.venue, kMargin, 56, inner, 12, false);
        drawFitted(cr, t.when, kMargin, 76, inner, 12, false);

        cairo_set_source_rgb(cr, 0x1f / 255.0, 0x23 / 255.0, 0x28 / 255.0);
        drawFitted(cr, t.section, kMargin, 122, inner, 16, true);
        drawFitted(cr, t.place, kMargin, 142, inner, 13, false);

        // The QR, one filled square per dark module, centred.
        const QrModules qr = qrModules(t.qr);
        if (qr.size > 0) {
            const double side = 170, module = side / qr.size;
            const double left = (kWidth - side) / 2, top = 158;
            cairo_set_source_rgb(cr, 0, 0, 0);
            for (int y = 0; y < qr.size; ++y)
                for (int x = 0; x < qr.size; ++x)
                    if (qr.at(x, y))
                        cairo_rectangle(cr, left + x * module, top + y * module, module, module);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0x1f / 255.0, 0x23 / 255.0, 0x28 / 255.0);
        drawFitted(cr, t.code, kMargin, 352, inner, 11, true);
        cairo_set_source_rgb(cr, 0x55 / 255.0, 0x5d / 255.0, 0x66 / 255.0);
        drawFitted(cr, t.orderRef, kMargin, 372, inner, 10, false);
        cairo_show_page(cr);
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return fail(Error::unavailable("cannot write " + path.string()));
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
    if (format == TicketFileFormat::Pdf) return writePdf(path, tickets);
    return writeText(path, tickets, language);
}

} // namespace bilheteria::term
