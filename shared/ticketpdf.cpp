#include "shared/ticketpdf.h"

#include <memory>

#include <cairo-pdf.h>
#include <cairo.h>

#include "shared/qrcode.h"

namespace bilheteria {

namespace {

// A6 portrait in points, as the desktop client prints.
constexpr double kWidth = 297.6, kHeight = 419.5, kMargin = 18;

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

// Draws the pages onto a PDF surface made by `create` (a file's or a stream's) and finishes it.
template <typename Create> bool drawPdf(const std::vector<TicketPage>& tickets, Create&& create) {
    const std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        create(kWidth, kHeight), &cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return false;
    const std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                                     &cairo_destroy);
    cairo_t* cr = context.get();
    const double inner = kWidth - 2 * kMargin;
    for (const TicketPage& t : tickets) {
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
    return cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS;
}

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

Result<void> writeTicketPdf(const std::filesystem::path& path,
                            const std::vector<TicketPage>& tickets) {
    if (!drawPdf(tickets, [&](double width, double height) {
            return cairo_pdf_surface_create(path.c_str(), width, height);
        }))
        return fail(Error::unavailable("cannot write " + path.string()));
    return {};
}

Result<std::string> ticketPdf(const std::vector<TicketPage>& tickets) {
    std::string out;
    if (!drawPdf(tickets, [&](double width, double height) {
            return cairo_pdf_surface_create_for_stream(&appendTo, &out, width, height);
        }))
        return fail(Error::internal("the tickets' PDF could not be drawn"));
    return out;
}

} // namespace bilheteria
