#include "client-qt/ui/seatmapview.h"

#include <QAccessible>
#include <QApplication>
#include <QGestureEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPinchGesture>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "client-qt/models/money.h"
#include "client-qt/models/seatmapmodel.h"

namespace bilheteria::client {

namespace {

using Look = SeatMapModel::SeatLook;

// Seat size on screen (pixels) at which the detail changes: below kMarksFrom sections are
// blocks, below kShapesFrom seats are plain marks, from there on shapes.
constexpr double kMarksFrom = 3.0;
constexpr double kShapesFrom = 8.0;
constexpr double kMaxScale = 80.0;    // a seat 64 px wide
constexpr double kWheelStep = 1.0015; // per 1/8 degree: one notch (120) zooms by about 20 %

const QColor kFreeColor(0x2e, 0x7d, 0x32);
const QColor kHeldColor(0x9e, 0x9e, 0x9e);
const QColor kSoldColor(0x37, 0x47, 0x4f);
const QColor kAccent(0x15, 0x65, 0xc0);
const QColor kStageColor(0x45, 0x45, 0x45);

// A section's block colour by the share of places left (always with the figure written on
// it or in its tooltip, so colour is never the only sign).
QColor blockColor(std::int64_t available, std::int64_t capacity) {
    if (capacity <= 0 || available <= 0) return QColor(0xbd, 0xbd, 0xbd);
    const double share = static_cast<double>(available) / static_cast<double>(capacity);
    if (share > 0.5) return QColor(0xa5, 0xd6, 0xa7);
    if (share > 0.1) return QColor(0xff, 0xe0, 0x82);
    return QColor(0xff, 0xab, 0x91);
}

void drawCheck(QPainter& p, const QRectF& r, qreal width) {
    p.setPen(QPen(Qt::white, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const QPointF a(r.left() + r.width() * 0.25, r.top() + r.height() * 0.52);
    const QPointF b(r.left() + r.width() * 0.43, r.top() + r.height() * 0.70);
    const QPointF c(r.left() + r.width() * 0.76, r.top() + r.height() * 0.32);
    const QPointF points[] = {a, b, c};
    p.drawPolyline(points, 3);
}

} // namespace

SeatMapView::SeatMapView(SeatMapModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model) {
    setObjectName(QStringLiteral("seatMapView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_AcceptTouchEvents);
    grabGesture(Qt::PinchGesture);
    setAccessibleName(tr("Seat map"));
    connect(m_model, &SeatMapModel::layoutChanged, this, &SeatMapView::onLayoutChanged);
    connect(m_model, &SeatMapModel::seatsChanged, this, &SeatMapView::onSeatsChanged);
    connect(m_model, &SeatMapModel::sectionsChanged, this, qOverload<>(&SeatMapView::update));
    connect(m_model, &SeatMapModel::selectionChanged, this, [this] {
        updateAccessibleDescription();
        // Seats repaint through seatsChanged; a general box shows its choice by its border.
        const auto general = std::make_pair(m_model->generalSection(), m_model->generalQuantity());
        if (general != m_shownGeneral) update();
        m_shownGeneral = general;
    });
    updateAccessibleDescription();
}

QSize SeatMapView::sizeHint() const {
    return {800, 600};
}

QSize SeatMapView::minimumSizeHint() const {
    return {240, 180};
}

SeatMapView::Detail SeatMapView::detail() const {
    const double seatPixels = m_scale * SeatMapModel::kSeatSize;
    if (seatPixels < kMarksFrom) return Detail::Blocks;
    if (seatPixels < kShapesFrom) return Detail::Marks;
    return Detail::Shapes;
}

QPointF SeatMapView::toLayout(QPointF widgetPos) const {
    return m_origin + widgetPos / m_scale;
}

QPointF SeatMapView::toWidget(QPointF layoutPos) const {
    return (layoutPos - m_origin) * m_scale;
}

QRectF SeatMapView::toWidget(const QRectF& layoutRect) const {
    return QRectF(toWidget(layoutRect.topLeft()), layoutRect.size() * m_scale);
}

QRectF SeatMapView::visibleLayoutRect() const {
    return QRectF(m_origin, QSizeF(width(), height()) / m_scale);
}

double SeatMapView::minimumScale() const {
    const QRectF bounds = m_model->bounds();
    if (bounds.isEmpty() || width() <= 0 || height() <= 0) return 0.01;
    // Half the fitted size: room to see the whole venue with a margin, no further.
    return 0.5 * std::min(width() / bounds.width(), height() / bounds.height());
}

void SeatMapView::fitToView() {
    const QRectF bounds = m_model->bounds().adjusted(-2, -2, 2, 2);
    if (bounds.isEmpty() || width() <= 0 || height() <= 0) return;
    m_scale = std::min(width() / bounds.width(), height() / bounds.height());
    centreOn(bounds.center());
    m_fitted = true;
    Q_EMIT scaleChanged(m_scale);
}

void SeatMapView::centreOn(QPointF layoutPos) {
    m_origin = layoutPos - QPointF(width(), height()) / (2 * m_scale);
    clampOrigin();
    update();
}

void SeatMapView::clampOrigin() {
    // Keep at least part of the venue on screen: panning never loses it.
    const QRectF bounds = m_model->bounds();
    if (bounds.isEmpty()) return;
    const QSizeF view = QSizeF(width(), height()) / m_scale;
    const double x = std::clamp(m_origin.x(), bounds.left() - view.width() * 0.8,
                                bounds.right() - view.width() * 0.2);
    const double y = std::clamp(m_origin.y(), bounds.top() - view.height() * 0.8,
                                bounds.bottom() - view.height() * 0.2);
    m_origin = QPointF(x, y);
}

void SeatMapView::setScale(double scale) {
    zoomBy(scale / m_scale, QPointF(width() / 2.0, height() / 2.0));
}

void SeatMapView::zoomBy(double factor) {
    zoomBy(factor, QPointF(width() / 2.0, height() / 2.0));
}

void SeatMapView::zoomBy(double factor, QPointF anchor) {
    const QPointF fixed = toLayout(anchor);
    const double scale = std::clamp(m_scale * factor, minimumScale(), kMaxScale);
    if (scale == m_scale) return;
    m_scale = scale;
    m_origin = fixed - anchor / m_scale;
    clampOrigin();
    update();
    Q_EMIT scaleChanged(m_scale);
}

void SeatMapView::panBy(QPointF pixels) {
    m_origin -= pixels / m_scale;
    clampOrigin();
    update();
}

int SeatMapView::seatAtPosition(QPointF widgetPos) const {
    return m_model->seatAt(toLayout(widgetPos));
}

void SeatMapView::onLayoutChanged() {
    if (m_model->bounds().isEmpty()) {
        m_fitted = false; // fit the next map that comes, whichever event it is
        update();
        return;
    }
    if (m_model->eventId() != m_shownEvent || !m_fitted) {
        m_shownEvent = m_model->eventId();
        fitToView();
    }
    update();
}

void SeatMapView::onSeatsChanged(const QRectF& layoutRect) {
    if (detail() == Detail::Blocks) {
        update(); // blocks show the selection by their border
        return;
    }
    update(toWidget(layoutRect).toAlignedRect().adjusted(-2, -2, 2, 2));
}

void SeatMapView::updateAccessibleDescription() {
    const QString text = tr("%n seat(s) or place(s) selected, total %1", nullptr,
                            static_cast<int>(m_model->selectedTicketCount()))
                             .arg(formatMoney(m_model->selectedTotalCents(), m_model->currency()));
    setAccessibleDescription(text);
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
}

void SeatMapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (!m_fitted && !m_model->bounds().isEmpty()) fitToView();
}

// --- Painting ---

QPixmap SeatMapView::seatShape(SeatMapModel::SeatLook look, int size, qreal dpr) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal line = std::max<qreal>(1.0, size / 10.0);
    const QRectF r = QRectF(0, 0, size, size).adjusted(line / 2, line / 2, -line / 2, -line / 2);
    switch (look) {
    case Look::Free:
        p.setPen(QPen(kFreeColor, line * 1.3));
        p.setBrush(Qt::white);
        p.drawEllipse(r);
        break;
    case Look::Held:
        p.setPen(QPen(kHeldColor.darker(130), line));
        p.setBrush(kHeldColor);
        p.drawRect(r);
        p.setPen(QPen(Qt::white, line * 1.2));
        p.drawLine(r.bottomLeft(), r.topRight());
        break;
    case Look::Sold: {
        p.setPen(QPen(kSoldColor, line * 2.4, Qt::SolidLine, Qt::RoundCap));
        const QRectF x = r.adjusted(line, line, -line, -line);
        p.drawLine(x.topLeft(), x.bottomRight());
        p.drawLine(x.bottomLeft(), x.topRight());
        break;
    }
    case Look::Selected:
        p.setPen(Qt::NoPen);
        p.setBrush(kAccent);
        p.drawEllipse(r);
        drawCheck(p, r, line * 1.5);
        break;
    case Look::Mine:
        p.setPen(QPen(kAccent.darker(150), line));
        p.setBrush(kAccent);
        p.drawRoundedRect(r, size / 6.0, size / 6.0);
        drawCheck(p, r, line * 1.5);
        break;
    }
    p.end();
    pixmap.setDevicePixelRatio(dpr);
    return pixmap;
}

void SeatMapView::ensureSprites(int size) {
    if (size == m_spriteSize) return;
    m_spriteSize = size;
    for (std::size_t look = 0; look < m_sprites.size(); ++look)
        m_sprites[look] = seatShape(static_cast<Look>(look), size, 1.0)
                              .toImage()
                              .convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

void SeatMapView::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.fillRect(event->rect(), palette().color(QPalette::Base));
    if (m_model->bounds().isEmpty()) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(rect(), Qt::AlignCenter,
                         m_model->isLoading() ? tr("Loading the seat map…") : tr("No seat map"));
        return;
    }
    // Only the part that needs painting: an update of a few seats repaints a few seats.
    const QRectF visible =
        QRectF(toLayout(event->rect().topLeft()), QSizeF(event->rect().size()) / m_scale)
            .adjusted(-1, -1, 1, 1);

    const QRectF stage = toWidget(m_model->stageRect());
    if (stage.intersects(event->rect())) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(kStageColor);
        const qreal radius = std::min(6.0, stage.height() / 2);
        painter.drawRoundedRect(stage, radius, radius);
        painter.setPen(Qt::white);
        if (stage.height() >= fontMetrics().height())
            painter.drawText(stage, Qt::AlignCenter, tr("STAGE"));
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    paintSections(painter, visible);
    if (detail() != Detail::Blocks) {
        paintSeats(painter, visible, event->rect());
        if (m_scale >= 10) paintRowLabels(painter, visible);
    }

    if (m_drag == Drag::RubberBand) {
        painter.setPen(QPen(kAccent, 1, Qt::DashLine));
        QColor fill = kAccent;
        fill.setAlpha(40);
        painter.setBrush(fill);
        painter.drawRect(m_rubberBand);
    }
    if (hasFocus()) {
        // Focus is visible: a frame, and the centre mark that Space toggles.
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect().adjusted(1, 1, -1, -1));
        const QPointF c(width() / 2.0, height() / 2.0);
        painter.drawLine(c - QPointF(8, 0), c + QPointF(8, 0));
        painter.drawLine(c - QPointF(0, 8), c + QPointF(0, 8));
    }
}

void SeatMapView::paintSections(QPainter& painter, const QRectF& visible) {
    const Detail level = detail();
    const QFontMetrics metrics(font());
    const std::vector<int> selectedPerSection = [this, level] {
        std::vector<int> counts(m_model->sections().size(), 0);
        if (level == Detail::Blocks && m_model->selectedSeatCount() > 0)
            for (const int index : m_model->selectedSeats())
                ++counts[static_cast<std::size_t>(m_model->seatSection(index))];
        return counts;
    }();
    for (std::size_t i = 0; i < m_model->sections().size(); ++i) {
        const SeatMapModel::Section& section = m_model->sections()[i];
        if (!section.bounds.intersects(visible)) continue;
        const QRectF box = toWidget(section.bounds);
        const bool general = section.kind == SectionKind::General;
        const bool chosen =
            (general && m_model->generalSection() == section.id) || selectedPerSection[i] > 0;
        if (general || level == Detail::Blocks) {
            painter.setPen(chosen ? QPen(kAccent, 3) : QPen(palette().color(QPalette::Mid), 1));
            painter.setBrush(blockColor(section.available, section.capacity));
            painter.drawRect(box);
            // The figures in words, when they fit: colour is never the only sign.
            QString text = section.name;
            if (box.height() > metrics.height() * 2.2)
                text += u'\n' + (section.available > 0 ? tr("%L1 left").arg(section.available)
                                                       : tr("Sold out"));
            if (general && box.height() > metrics.height() * 3.3)
                text += u'\n' + formatMoney(section.priceCents, m_model->currency());
            if (box.width() > metrics.horizontalAdvance(section.name) + 4 &&
                box.height() > metrics.height()) {
                painter.setPen(Qt::black);
                painter.drawText(box, Qt::AlignCenter, text);
            }
            continue;
        }
        painter.setPen(QPen(palette().color(QPalette::Mid), 1));
        painter.setBrush(palette().color(QPalette::AlternateBase));
        painter.drawRect(box);
        const QRectF header(box.left() + 4, box.top(), box.width() - 8, 2.0 * m_scale);
        if (header.height() >= metrics.height()) {
            // The longest caption that fits: name, price and places left, or less.
            const QString price = formatMoney(section.priceCents, m_model->currency());
            const QString captions[] = {
                tr("%1 · %2 · %L3 left").arg(section.name, price).arg(section.available),
                tr("%1 · %2").arg(section.name, price), section.name};
            QString caption;
            for (const QString& candidate : captions)
                if (metrics.horizontalAdvance(candidate) <= header.width()) {
                    caption = candidate;
                    break;
                }
            if (caption.isEmpty())
                caption = metrics.elidedText(section.name, Qt::ElideRight,
                                             static_cast<int>(header.width()));
            painter.setPen(palette().color(QPalette::Text));
            painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, caption);
        }
    }
}

void SeatMapView::paintSeats(QPainter& painter, const QRectF& visible, const QRect& exposed) {
    // Seats are written straight into a transparent layer, pixel by pixel (marks) or sprite
    // row by sprite row (shapes), then laid over the sections in one blend: the cost follows
    // the screen's pixels, not the number of seats (a QPainter call per seat costs about a
    // microsecond, 60 ms for the 60,000 seats a 1200×800 view shows at the marks' size).
    const Detail level = detail();
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const QSize size = (QSizeF(exposed.size()) * dpr).toSize();
    if (size.isEmpty()) return;
    if (m_layer.width() < size.width() || m_layer.height() < size.height())
        m_layer = QImage(size.expandedTo(m_layer.size()), QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < size.height(); ++y)
        std::fill_n(reinterpret_cast<quint32*>(m_layer.scanLine(y)), size.width(), 0u);

    const double inset = (1.0 - SeatMapModel::kSeatSize) / 2;
    const double unit = m_scale * dpr; // device pixels per seat pitch
    const int side = std::max(1, static_cast<int>(std::lround(SeatMapModel::kSeatSize * unit)));
    if (level == Detail::Shapes) ensureSprites(side);
    const QPointF corner = m_origin + QPointF(exposed.topLeft()) / m_scale;
    const int width = size.width();
    const int height = size.height();

    const quint32 free = kFreeColor.rgba();
    const quint32 white = QColor(Qt::white).rgba();
    const std::array<quint32, 5> fills = {white, kHeldColor.rgba(), kSoldColor.rgba(),
                                          kAccent.rgba(), kAccent.rgba()};
    const quint32 mineBorder = QColor(Qt::black).rgba();

    const auto& rows = m_model->rows();
    for (const SeatMapModel::Section& section : m_model->sections()) {
        if (section.rowCount == 0 || !section.bounds.intersects(visible)) continue;
        const SeatMapModel::Row& first = rows[static_cast<std::size_t>(section.firstRow)];
        const int r0 = std::max(0, static_cast<int>(std::floor(visible.top() - first.top)));
        const int r1 = std::min(section.rowCount - 1,
                                static_cast<int>(std::floor(visible.bottom() - first.top)));
        for (int r = r0; r <= r1; ++r) {
            const SeatMapModel::Row& row = rows[static_cast<std::size_t>(section.firstRow + r)];
            const int top = static_cast<int>(std::lround((row.top + inset - corner.y()) * unit));
            const int y0 = std::max(0, top);
            const int y1 = std::min(height, top + side);
            if (y0 >= y1) continue;
            const int p0 = std::max(0, static_cast<int>(std::floor(visible.left() - row.left)));
            const int p1 =
                std::min(row.count - 1, static_cast<int>(std::floor(visible.right() - row.left)));
            for (int p = p0; p <= p1; ++p) {
                const int left =
                    static_cast<int>(std::lround((row.left + p + inset - corner.x()) * unit));
                const int x0 = std::max(0, left);
                const int x1 = std::min(width, left + side);
                if (x0 >= x1) continue;
                const int index = row.firstSeat + p;
                const auto look = m_model->seatLook(index);
                if (level == Detail::Shapes) {
                    const QImage& sprite = m_sprites[static_cast<std::size_t>(look)];
                    for (int y = y0; y < y1; ++y)
                        std::copy_n(
                            reinterpret_cast<const quint32*>(sprite.constScanLine(y - top)) +
                                (x0 - left),
                            x1 - x0, reinterpret_cast<quint32*>(m_layer.scanLine(y)) + x0);
                    continue;
                }
                // Marks: free a ring with a white middle, yours with a dark border, the others
                // solid (held grey, sold dark, selected accent).
                const bool ring = side >= 3 && (look == Look::Free || look == Look::Mine);
                const quint32 edge = look == Look::Free ? free : mineBorder;
                const quint32 fill = fills[static_cast<std::size_t>(look)];
                for (int y = y0; y < y1; ++y) {
                    quint32* line = reinterpret_cast<quint32*>(m_layer.scanLine(y));
                    const bool edgeLine = y == top || y == top + side - 1;
                    if (ring && edgeLine) {
                        std::fill(line + x0, line + x1, edge);
                        continue;
                    }
                    std::fill(line + x0, line + x1, fill);
                    if (ring) {
                        if (x0 == left) line[x0] = edge;
                        if (x1 == left + side) line[x1 - 1] = edge;
                    }
                }
            }
        }
    }
    m_layer.setDevicePixelRatio(dpr);
    painter.drawImage(QRectF(exposed), m_layer, QRectF(QPointF(0, 0), QSizeF(size)));
    m_layer.setDevicePixelRatio(1.0);
}

void SeatMapView::paintRowLabels(QPainter& painter, const QRectF& visible) {
    QFont small = font();
    small.setPixelSize(std::clamp(static_cast<int>(m_scale * 0.6), 7, 14));
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::Text));
    for (const SeatMapModel::Row& row : m_model->rows()) {
        if (row.top + 1 < visible.top() || row.top > visible.bottom()) continue;
        const QRectF label = toWidget(QRectF(row.left - 2.0, row.top, 1.8, 1.0));
        if (!label.intersects(QRectF(rect()))) continue;
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, row.label);
    }
    painter.setFont(font());
}

// --- Input ---

void SeatMapView::activateAt(QPointF widgetPos) {
    const QPointF at = toLayout(widgetPos);
    // Far away a click cannot aim at one seat: it goes to the section instead (below).
    const int seat = detail() == Detail::Blocks ? -1 : m_model->seatAt(at);
    if (seat >= 0) {
        m_model->toggleSeat(seat);
        return;
    }
    const int section = m_model->sectionAt(at);
    if (section < 0) return;
    const SeatMapModel::Section& s = m_model->sections()[static_cast<std::size_t>(section)];
    if (s.kind == SectionKind::General) {
        Q_EMIT generalSectionActivated(s.id);
    } else if (detail() == Detail::Blocks) {
        // A far click on a block goes there.
        const double target = kShapesFrom / SeatMapModel::kSeatSize * 1.5;
        m_scale = std::clamp(target, minimumScale(), kMaxScale);
        centreOn(s.bounds.center());
        Q_EMIT scaleChanged(m_scale);
    }
}

void SeatMapView::mousePressEvent(QMouseEvent* event) {
    m_pressPos = m_lastPos = event->position();
    if (event->button() == Qt::LeftButton)
        m_drag = (event->modifiers() & Qt::ShiftModifier) ? Drag::RubberBand : Drag::Pending;
    else if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton)
        m_drag = Drag::Pan;
    if (m_drag == Drag::RubberBand) m_rubberBand = QRectF(m_pressPos, QSizeF());
    event->accept();
}

void SeatMapView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (m_drag == Drag::Pending &&
        (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_drag == Drag::Pan) {
        panBy(pos - m_lastPos);
    } else if (m_drag == Drag::RubberBand) {
        const QRect old = m_rubberBand.toAlignedRect();
        m_rubberBand = QRectF(m_pressPos, pos).normalized();
        update(old.united(m_rubberBand.toAlignedRect()).adjusted(-2, -2, 2, 2));
    }
    m_lastPos = pos;
}

void SeatMapView::mouseReleaseEvent(QMouseEvent* event) {
    const Drag drag = m_drag;
    m_drag = Drag::None;
    unsetCursor();
    if (drag == Drag::Pending && event->button() == Qt::LeftButton) {
        activateAt(event->position());
    } else if (drag == Drag::RubberBand) {
        const QRectF band = QRectF(toLayout(m_rubberBand.topLeft()), m_rubberBand.size() / m_scale);
        update(m_rubberBand.toAlignedRect().adjusted(-2, -2, 2, 2));
        if (band.isEmpty()) return;
        if (detail() == Detail::Blocks) {
            // Seats too small to see are not chosen blindly: the band zooms to its area.
            const double scale = std::min(width() / band.width(), height() / band.height());
            m_scale = std::clamp(scale, minimumScale(), kMaxScale);
            centreOn(band.center());
            Q_EMIT scaleChanged(m_scale);
            return;
        }
        m_model->selectSeats(m_model->seatsIn(band));
    }
}

void SeatMapView::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        // A horizontal wheel or a trackpad swipe pans.
        panBy(QPointF(event->pixelDelta()));
        return;
    }
    zoomBy(std::pow(kWheelStep, delta), event->position());
    event->accept();
}

void SeatMapView::keyPressEvent(QKeyEvent* event) {
    const double step = (event->modifiers() & Qt::ShiftModifier) ? 0.5 : 0.1;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(1 / 1.25);
        return;
    case Qt::Key_0:
        fitToView();
        update();
        return;
    case Qt::Key_Left:
        panBy(QPointF(width() * step, 0));
        return;
    case Qt::Key_Right:
        panBy(QPointF(-width() * step, 0));
        return;
    case Qt::Key_Up:
        panBy(QPointF(0, height() * step));
        return;
    case Qt::Key_Down:
        panBy(QPointF(0, -height() * step));
        return;
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (event->modifiers() & Qt::ControlModifier) break; // the page's "Hold seats"
        activateAt(QPointF(width() / 2.0, height() / 2.0));
        return;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void SeatMapView::focusInEvent(QFocusEvent* event) {
    QWidget::focusInEvent(event);
    update();
}

void SeatMapView::focusOutEvent(QFocusEvent* event) {
    QWidget::focusOutEvent(event);
    update();
}

bool SeatMapView::event(QEvent* event) {
    switch (event->type()) {
    case QEvent::ToolTip: {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPointF at = toLayout(help->pos());
        QString text;
        if (const int seat = m_model->seatAt(at); seat >= 0 && detail() != Detail::Blocks) {
            text = m_model->describeSeat(seat);
        } else if (const int s = m_model->sectionAt(at); s >= 0) {
            const SeatMapModel::Section& section = m_model->sections()[static_cast<std::size_t>(s)];
            text = tr("%1 — %2 — %L3 of %L4 left")
                       .arg(section.name, formatMoney(section.priceCents, m_model->currency()))
                       .arg(section.available)
                       .arg(section.capacity);
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    case QEvent::NativeGesture: {
        auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1.0 + gesture->value(), gesture->position());
            return true;
        }
        break;
    }
    case QEvent::Gesture: {
        auto* gestures = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(gestures->gesture(Qt::PinchGesture))) {
            zoomBy(pinch->scaleFactor(), mapFromGlobal(pinch->centerPoint()));
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QWidget::event(event);
}

} // namespace bilheteria::client
