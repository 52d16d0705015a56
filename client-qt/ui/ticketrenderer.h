// One way to draw a ticket: paintTicket() paints it onto any QPainter (a widget on screen, a
// printer, a PDF), so what the person sees is what the printer prints. The QR code holds the
// ticket's signed token (a door scanner verifies it even offline), comes from libqrencode and is
// drawn module by module as filled squares: sharp at any size and resolution.
#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <optional>

#include "shared/protocol.h"

class QPainter;
class QPagedPaintDevice;
class QRectF;

namespace bilheteria::client {

// What a ticket shows, in words ready to print.
struct TicketView {
    QString eventName;
    QString venue;
    QString when;     // the event's start, local time
    QString section;  // "Plateia"
    QString place;    // "Row A · Seat 12", or "General admission"
    QString code;     // the door's code (printed small under the QR code, for typing)
    QString orderRef; // "Order 123 · ticket 1 of 3"
    QString qr;       // what the QR code holds: the signed token (BLH1.…), else the code
};

// A moment as people read it: local time, the app's locale, long format.
QString localTimeText(TimePoint time);

// The tickets of `order`, with the event's name, venue and date when `event` is known.
QList<TicketView> ticketViews(const Order& order, const std::optional<Event>& event);

// The QR code of `text` (error correction M, 8-bit) as an image of one pixel per module with a
// quiet zone of four modules around it: black on white. Null when the text cannot be encoded.
QImage qrImage(const QString& text);
inline constexpr int kQrQuietZone = 4;

// Paints `ticket` to fill `rect` (portrait proportions look best, about 1 : 1.41).
void paintTicket(QPainter& painter, const QRectF& rect, const TicketView& ticket);
// Paints the tickets one per page of `device` (a QPrinter or a QPdfWriter). False when the
// device cannot be painted on (e.g. a file that cannot be written).
bool paintTickets(QPagedPaintDevice& device, const QList<TicketView>& tickets);
// Writes the tickets to a PDF file, one A6 page each.
bool writeTicketsPdf(const QString& path, const QList<TicketView>& tickets,
                     const QString& title = QString());

} // namespace bilheteria::client
