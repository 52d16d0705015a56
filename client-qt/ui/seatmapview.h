// The seat map as one widget that paints every seat itself (not one item per seat: 100,000
// items cost half a second to show and a quarter second per frame). Level of detail by zoom:
// far, each section is a block coloured and labelled by what is left; nearer, seats are small
// marks; near, each seat is a shape that says its state without colour (free: outlined
// circle, held: grey square with a diagonal, sold: dark cross, selected: accent circle with a
// check, yours: accent square with a check). Only what is visible is painted: sections are
// culled by their bounds and rows and seats inside by division (the layout is a regular grid
// per section).
//
// Mouse: click toggles a seat (a general-admission box asks the page for a quantity), drag
// pans, Shift+drag selects the free seats in a rectangle, the wheel or a pinch zooms around
// the cursor. Keys: + and - zoom, 0 fits, arrows pan, Space or Enter toggles the seat under
// the centre mark.
#pragma once

#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QRect>
#include <QWidget>
#include <array>
#include <optional>
#include <utility>

#include "client-qt/models/seatmapmodel.h"
#include "shared/protocol.h"

namespace bilheteria::client {

class SeatMapView : public QWidget {
    Q_OBJECT
public:
    enum class Detail { Blocks, Marks, Shapes };
    Q_ENUM(Detail)

    explicit SeatMapView(SeatMapModel* model, QWidget* parent = nullptr);

    SeatMapModel* model() const { return m_model; }
    // Pixels per seat pitch.
    double scale() const { return m_scale; }
    Detail detail() const;
    // Layout ↔ widget coordinates.
    QPointF toLayout(QPointF widgetPos) const;
    QPointF toWidget(QPointF layoutPos) const;
    QRectF toWidget(const QRectF& layoutRect) const;
    QRectF visibleLayoutRect() const;

    void fitToView();
    // Zooms by `factor` keeping the layout point under `anchor` (widget coordinates) still.
    void zoomBy(double factor, QPointF anchor);
    void zoomBy(double factor);
    void setScale(double scale);
    void panBy(QPointF pixels);
    // Puts the layout point `layoutPos` at the centre of the widget.
    void centreOn(QPointF layoutPos);
    // The seat index at a widget position, or -1.
    int seatAtPosition(QPointF widgetPos) const;

    // A seat's shape for `look`, `size` device pixels square (also the page's legend).
    static QPixmap seatShape(SeatMapModel::SeatLook look, int size, qreal dpr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // A general-admission section was clicked: the page offers its quantity picker.
    void generalSectionActivated(bilheteria::Id sectionId);
    void scaleChanged(double scale);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    bool event(QEvent* event) override;

private:
    enum class Drag { None, Pending, Pan, RubberBand };

    void paintSections(QPainter& painter, const QRectF& visible);
    void paintSeats(QPainter& painter, const QRectF& visible, const QRect& exposed);
    void paintRowLabels(QPainter& painter, const QRectF& visible);
    void ensureSprites(int size);
    void activateAt(QPointF widgetPos);
    void onLayoutChanged();
    void onSeatsChanged(const QRectF& layoutRect);
    void updateAccessibleDescription();
    double minimumScale() const;
    void clampOrigin();

    SeatMapModel* m_model;
    double m_scale = 1.0;
    QPointF m_origin; // the layout point at the widget's top-left
    Id m_shownEvent = 0;
    std::pair<std::optional<Id>, std::int64_t> m_shownGeneral;
    bool m_fitted = false;

    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    QPointF m_lastPos;
    QRectF m_rubberBand; // widget coordinates

    // Seat shapes pre-drawn at the current size (device pixels), one per SeatLook, and the
    // layer the seats are written into before it is laid over the sections.
    std::array<QImage, 5> m_sprites;
    int m_spriteSize = 0;
    QImage m_layer;
};

} // namespace bilheteria::client
