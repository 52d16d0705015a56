// The clerk's end-of-shift summary: since when (the sign-in, editable), the totals per currency
// (orders, tickets, cash, card, change handed back, total) and per event, to read, print or
// save as PDF. The screen, the printer and the PDF show one document, painted by one function.
#pragma once

#include <QDateTime>
#include <QDialog>
#include <QString>

#include "shared/protocol.h"

class QDateTimeEdit;
class QLabel;
class QPagedPaintDevice;
class QPainter;
class QPushButton;
class QTextBrowser;

namespace bilheteria::client {

class ShiftSummaryModel;

// Who and where, for the summary's heading.
struct ShiftSummaryHeading {
    QString clerk;   // "Ana Souza (ana@venue.example)"
    QDateTime since; // the window the figures cover
    QDateTime until;
    QDateTime printedAt;
};

// The summary as a rich-text document (the screen shows it; printing paints it).
QString shiftSummaryHtml(const ShiftSummary& summary, const ShiftSummaryHeading& heading);
// Paints the document onto `painter`, which is open on `device` (a printer or a PDF writer),
// page after page.
void paintShiftSummary(QPainter& painter, QPagedPaintDevice& device, const QString& html);
// A PDF of the summary at `path` (A4); false when the file cannot be written.
bool writeShiftSummaryPdf(const QString& path, const QString& html);

class ShiftSummaryDialog : public QDialog {
    Q_OBJECT
public:
    ShiftSummaryDialog(ShiftSummaryModel* model, const QString& clerk, const QDateTime& since,
                       QWidget* parent = nullptr);

    QString html() const { return m_html; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void render();
    void print();
    void savePdf();
    void retranslate();

    ShiftSummaryModel* m_model;
    QString m_clerk;
    QString m_html;
    QLabel* m_sinceLabel;
    QDateTimeEdit* m_since;
    QPushButton* m_refresh;
    QTextBrowser* m_view;
    QLabel* m_status;
    QPushButton* m_print;
    QPushButton* m_pdf;
    QPushButton* m_close;
};

} // namespace bilheteria::client
