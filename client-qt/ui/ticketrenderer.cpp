#include "client-qt/ui/ticketrenderer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QFontMetricsF>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <memory>
#include <qrencode.h>

namespace bilheteria::client {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Draws `text` in the box, shrinking the font until it fits one line (long event names).
void drawFitted(QPainter& painter, const QRectF& box, const QString& text, QFont font,
                Qt::Alignment alignment) {
    QFontMetricsF metrics(font, painter.device());
    while (metrics.horizontalAdvance(text) > box.width() && font.pixelSize() > 6) {
        font.setPixelSize(font.pixelSize() * 9 / 10);
        metrics = QFontMetricsF(font, painter.device());
    }
    painter.setFont(font);
    painter.drawText(box, alignment | Qt::TextSingleLine,
                     metrics.elidedText(text, Qt::ElideRight, box.width()));
}

QFont fontOf(qreal pixels, bool bold = false) {
    QFont font;
    font.setPixelSize(std::max(6, qRound(pixels)));
    font.setBold(bold);
    return font;
}

} // namespace

QString localTimeText(TimePoint time) {
    const QDateTime local =
        QDateTime::fromSecsSinceEpoch(time.time_since_epoch().count(), Qt::UTC).toLocalTime();
    const QLocale locale;
    // "Tuesday, 31 December 2030, 22:00": the long date reads well; seconds and the zone
    // name (this machine's) only clutter a ticket.
    return QCoreApplication::translate("TicketRenderer", "%1, %2")
        .arg(locale.toString(local.date(), QLocale::LongFormat),
             locale.toString(local.time(), QLocale::ShortFormat));
}

QList<TicketView> ticketViews(const Order& order, const std::optional<Event>& event) {
    QList<TicketView> views;
    const int count = static_cast<int>(order.tickets.size());
    int index = 0;
    for (const Ticket& ticket : order.tickets) {
        TicketView view;
        if (event) {
            view.eventName = fromStd(event->summary.name);
            view.venue = fromStd(event->summary.venue);
            view.when = localTimeText(event->summary.startsAt);
        }
        view.section = fromStd(ticket.section);
        if (ticket.row && ticket.number)
            view.place = QCoreApplication::translate("TicketRenderer", "Row %1 · Seat %2")
                             .arg(fromStd(*ticket.row))
                             .arg(*ticket.number);
        else
            view.place = QCoreApplication::translate("TicketRenderer", "General admission");
        view.code = fromStd(ticket.code);
        // A server before signed tickets sends no token: the code still gets people in.
        view.qr = ticket.qr ? fromStd(*ticket.qr) : view.code;
        view.orderRef = QCoreApplication::translate("TicketRenderer", "Order %1 · ticket %2 of %3")
                            .arg(order.id)
                            .arg(++index)
                            .arg(count);
        views.append(view);
    }
    return views;
}

QImage qrImage(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) return {};
    const int width = code->width;
    const int side = width + 2 * kQrQuietZone;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < width; ++y) {
        uchar* line = image.scanLine(y + kQrQuietZone);
        for (int x = 0; x < width; ++x)
            if (code->data[y * width + x] & 1) line[x + kQrQuietZone] = 0; // bit 0: dark
    }
    return image;
}

void paintTicket(QPainter& painter, const QRectF& rect, const TicketView& ticket) {
    painter.save();
    const qreal h = rect.height();
    const qreal margin = rect.width() * 0.06;
    const QRectF inner = rect.adjusted(margin, margin, -margin, -margin);
    const QColor ink(0x1f, 0x23, 0x28);
    const QColor accent(0x0b, 0x6e, 0x4f);

    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(rect, Qt::white);
    painter.setPen(QPen(QColor(0x8c, 0x95, 0x9f), std::max<qreal>(1.0, h * 0.002)));
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), h * 0.015, h * 0.015);

    // Header band: the event, where and when.
    const QRectF band(rect.left(), rect.top(), rect.width(), h * 0.2);
    QPainterPath bandPath;
    bandPath.addRoundedRect(band.adjusted(1, 1, -1, 0), h * 0.015, h * 0.015);
    painter.fillPath(bandPath, accent);
    painter.setPen(Qt::white);
    qreal y = band.top() + h * 0.025;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.07),
               ticket.eventName.isEmpty() ? QCoreApplication::translate("TicketRenderer", "Ticket")
                                          : ticket.eventName,
               fontOf(h * 0.05, true), Qt::AlignLeft | Qt::AlignVCenter);
    y += h * 0.07;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.045), ticket.venue,
               fontOf(h * 0.032), Qt::AlignLeft | Qt::AlignVCenter);
    y += h * 0.045;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.045), ticket.when,
               fontOf(h * 0.032), Qt::AlignLeft | Qt::AlignVCenter);

    // Where to sit: large, the first thing an usher reads.
    painter.setPen(ink);
    y = band.bottom() + h * 0.025;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.06), ticket.section,
               fontOf(h * 0.045, true), Qt::AlignHCenter | Qt::AlignVCenter);
    y += h * 0.06;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.06), ticket.place,
               fontOf(h * 0.042), Qt::AlignHCenter | Qt::AlignVCenter);
    y += h * 0.075;

    // The QR code: whole squares per module, centred; the image carries its quiet zone.
    const QImage qr = qrImage(ticket.qr.isEmpty() ? ticket.code : ticket.qr);
    const qreal qrSide = std::min(inner.width(), h * 0.46);
    const QRectF qrBox(rect.center().x() - qrSide / 2, y, qrSide, qrSide);
    if (!qr.isNull()) {
        painter.setRenderHint(QPainter::Antialiasing, false);
        const qreal module = qrSide / qr.width();
        QPainterPath dark;
        for (int row = 0; row < qr.height(); ++row) {
            const uchar* line = qr.constScanLine(row);
            for (int col = 0; col < qr.width(); ++col)
                if (line[col] == 0)
                    dark.addRect(QRectF(qrBox.left() + col * module, qrBox.top() + row * module,
                                        module, module));
        }
        dark.setFillRule(Qt::WindingFill);
        painter.fillRect(qrBox, Qt::white);
        painter.fillPath(dark, Qt::black);
        painter.setRenderHint(QPainter::Antialiasing, true);
    }
    y = qrBox.bottom() + h * 0.01;
    painter.setPen(QColor(0x57, 0x60, 0x6a));
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), h * 0.035), ticket.code,
               fontOf(h * 0.026), Qt::AlignHCenter | Qt::AlignVCenter);
    drawFitted(painter, QRectF(inner.left(), inner.bottom() - h * 0.04, inner.width(), h * 0.04),
               ticket.orderRef, fontOf(h * 0.028), Qt::AlignHCenter | Qt::AlignVCenter);
    painter.restore();
}

bool paintTickets(QPagedPaintDevice& device, const QList<TicketView>& tickets) {
    QPainter painter;
    if (!painter.begin(&device)) return false;
    const QPageLayout layout = device.pageLayout();
    const QRectF page(QPointF(0, 0), QSizeF(layout.paintRectPixels(device.logicalDpiX()).size()));
    for (qsizetype i = 0; i < tickets.size(); ++i) {
        if (i > 0) device.newPage();
        paintTicket(painter, page, tickets.at(i));
    }
    return painter.end();
}

bool writeTicketsPdf(const QString& path, const QList<TicketView>& tickets, const QString& title) {
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A6), QPageLayout::Portrait,
                                     QMarginsF(4, 4, 4, 4), QPageLayout::Millimeter));
    writer.setTitle(title.isEmpty() ? QCoreApplication::translate("TicketRenderer", "Tickets")
                                    : title);
    writer.setCreator(QStringLiteral("Bilheteria"));
    return paintTickets(writer, tickets);
}

} // namespace bilheteria::client
