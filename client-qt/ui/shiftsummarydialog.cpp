#include "client-qt/ui/shiftsummarydialog.h"

#include <algorithm>

#include <QAbstractTextDocumentLayout>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QShortcut>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

#include "client-qt/models/money.h"
#include "client-qt/models/shiftsummarymodel.h"

namespace bilheteria::client {

namespace {

// The document is laid out as on a 96-dpi screen, then scaled to the device: a printer's
// 600 dpi and a PDF's 1200 dpi give the same page, with sharp text.
constexpr qreal kLayoutDpi = 96.0;
constexpr int kDotsPerMeterAt96Dpi = 3780;

QString escaped(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QString when(const QDateTime& time) {
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped();
}

QString cell(const QString& text, bool number = false) {
    return number ? QStringLiteral("<td align=\"right\">%1</td>").arg(text)
                  : QStringLiteral("<td>%1</td>").arg(text);
}

QString headerCell(const QString& text, bool number = false) {
    return number ? QStringLiteral("<th align=\"right\">%1</th>").arg(text.toHtmlEscaped())
                  : QStringLiteral("<th align=\"left\">%1</th>").arg(text.toHtmlEscaped());
}

// The refunds the clerk made and the price differences taken for exchanges, and the cash the
// drawer should hold with them.
QString shiftRefundsHtml(const ShiftSummary& summary) {
    QString html;
    const bool exchanges = std::any_of(summary.totals.begin(), summary.totals.end(),
                                       [](const ShiftTotals& t) { return t.exchangesPaid > 0; });
    if (summary.refunds == 0 && !exchanges) return html;
    html += QStringLiteral("<h3>%1</h3>")
                .arg(ShiftSummaryDialog::tr("Refunds and exchanges").toHtmlEscaped());
    for (const ShiftTotals& totals : summary.totals) {
        if (totals.refunds == 0 && totals.exchangesPaid == 0) continue;
        const auto money = [&totals](Cents cents) {
            return formatMoney(cents, totals.currency).toHtmlEscaped();
        };
        html += QStringLiteral("<p>");
        if (totals.refunds > 0)
            html +=
                ShiftSummaryDialog::tr("%n refund(s)", nullptr, static_cast<int>(totals.refunds))
                    .toHtmlEscaped() +
                QStringLiteral(" · ") +
                ShiftSummaryDialog::tr("%1 paid back: %2 in cash, %3 to cards")
                    .toHtmlEscaped()
                    .arg(money(totals.refundedCents), money(totals.cashRefundedCents),
                         money(totals.cardRefundedCents)) +
                QStringLiteral("<br/>");
        if (totals.exchangesPaid > 0)
            html += ShiftSummaryDialog::tr("%n exchange(s) to dearer places", nullptr,
                                           static_cast<int>(totals.exchangesPaid))
                        .toHtmlEscaped() +
                    QStringLiteral(" · ") +
                    ShiftSummaryDialog::tr("%1 taken: %2 in cash, %3 by card")
                        .toHtmlEscaped()
                        .arg(money(totals.exchangePaidCents), money(totals.cashExchangePaidCents),
                             money(totals.cardExchangePaidCents)) +
                    QStringLiteral("<br/>");
        html += ShiftSummaryDialog::tr("Cash in the drawer from this shift (%1): <b>%2</b> (%3 "
                                       "taken, %4 handed back)")
                    .arg(escaped(totals.currency), money(totals.drawerCashCents()),
                         money(totals.payments.cashCents + totals.cashExchangePaidCents),
                         money(totals.cashRefundedCents)) +
                QStringLiteral("</p>");
    }
    return html;
}

} // namespace

QString shiftSummaryHtml(const ShiftSummary& summary, const ShiftSummaryHeading& heading) {
    const QLocale locale;
    QString html;
    html += QStringLiteral("<html><body>");
    html +=
        QStringLiteral("<h2>%1</h2>").arg(ShiftSummaryDialog::tr("Shift summary").toHtmlEscaped());
    html +=
        QStringLiteral("<p>%1<br/>%2<br/>%3</p>")
            .arg(ShiftSummaryDialog::tr("Clerk: %1")
                     .toHtmlEscaped()
                     .arg(heading.clerk.toHtmlEscaped()),
                 ShiftSummaryDialog::tr("From %1 to %2")
                     .toHtmlEscaped()
                     .arg(when(heading.since), when(heading.until)),
                 ShiftSummaryDialog::tr("Printed %1").toHtmlEscaped().arg(when(heading.printedAt)));
    if (summary.orders == 0) {
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(ShiftSummaryDialog::tr("No sales in this period.").toHtmlEscaped());
    } else {
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(ShiftSummaryDialog::tr("%n order(s)", nullptr,
                                                static_cast<int>(summary.orders))
                             .toHtmlEscaped() +
                         QStringLiteral(" · ") +
                         ShiftSummaryDialog::tr("%n ticket(s)", nullptr,
                                                static_cast<int>(summary.tickets))
                             .toHtmlEscaped());
        html += QStringLiteral("<h3>%1</h3>").arg(ShiftSummaryDialog::tr("Totals").toHtmlEscaped());
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" "
                               "border=\"1\" style=\"border-collapse: collapse;\"><tr>");
        html += headerCell(ShiftSummaryDialog::tr("Currency")) +
                headerCell(ShiftSummaryDialog::tr("Orders"), true) +
                headerCell(ShiftSummaryDialog::tr("Tickets"), true) +
                headerCell(ShiftSummaryDialog::tr("Cash"), true) +
                headerCell(ShiftSummaryDialog::tr("Card"), true) +
                headerCell(ShiftSummaryDialog::tr("Change given"), true) +
                headerCell(ShiftSummaryDialog::tr("Total"), true) + QStringLiteral("</tr>");
        for (const ShiftTotals& totals : summary.totals) {
            const auto money = [&totals](Cents cents) {
                return formatMoney(cents, totals.currency).toHtmlEscaped();
            };
            html += QStringLiteral("<tr>") + cell(escaped(totals.currency)) +
                    cell(locale.toString(totals.orders), true) +
                    cell(locale.toString(totals.tickets), true) +
                    cell(money(totals.payments.cashCents) +
                             QStringLiteral("<br/><small>%1</small>")
                                 .arg(ShiftSummaryDialog::tr(
                                          "%n order(s)", nullptr,
                                          static_cast<int>(totals.payments.cashOrders))
                                          .toHtmlEscaped()),
                         true) +
                    cell(money(totals.payments.cardCents) +
                             QStringLiteral("<br/><small>%1</small>")
                                 .arg(ShiftSummaryDialog::tr(
                                          "%n order(s)", nullptr,
                                          static_cast<int>(totals.payments.cardOrders))
                                          .toHtmlEscaped()),
                         true) +
                    cell(money(totals.changeCents), true) +
                    cell(QStringLiteral("<b>%1</b>").arg(money(totals.totalCents)), true) +
                    QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
        for (const ShiftTotals& totals : summary.totals)
            if (totals.refunds == 0 && totals.exchangesPaid == 0)
                html += QStringLiteral("<p>%1</p>")
                            .arg(ShiftSummaryDialog::tr(
                                     "Cash in the drawer from these sales (%1): <b>%2</b>")
                                     .arg(escaped(totals.currency),
                                          formatMoney(totals.payments.cashCents, totals.currency)
                                              .toHtmlEscaped()));

        html +=
            QStringLiteral("<h3>%1</h3>").arg(ShiftSummaryDialog::tr("By event").toHtmlEscaped());
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" "
                               "border=\"1\" style=\"border-collapse: collapse;\"><tr>");
        html += headerCell(ShiftSummaryDialog::tr("Event")) +
                headerCell(ShiftSummaryDialog::tr("Orders"), true) +
                headerCell(ShiftSummaryDialog::tr("Tickets"), true) +
                headerCell(ShiftSummaryDialog::tr("Total"), true) + QStringLiteral("</tr>");
        for (const ShiftEvent& event : summary.byEvent)
            html += QStringLiteral("<tr>") + cell(escaped(event.name)) +
                    cell(locale.toString(event.orders), true) +
                    cell(locale.toString(event.tickets), true) +
                    cell(formatMoney(event.totalCents, event.currency).toHtmlEscaped(), true) +
                    QStringLiteral("</tr>");
        html += QStringLiteral("</table>");
    }
    html += shiftRefundsHtml(summary);
    html += QStringLiteral("<p><br/><br/>%1 ______________________________</p>")
                .arg(ShiftSummaryDialog::tr("Counted and signed:").toHtmlEscaped());
    html += QStringLiteral("</body></html>");
    return html;
}

void paintShiftSummary(QPainter& painter, QPagedPaintDevice& device, const QString& html) {
    QImage reference(1, 1, QImage::Format_RGB32);
    reference.setDotsPerMeterX(kDotsPerMeterAt96Dpi);
    reference.setDotsPerMeterY(kDotsPerMeterAt96Dpi);
    QTextDocument document;
    document.documentLayout()->setPaintDevice(&reference);
    QFont font = QGuiApplication::font();
    font.setPointSizeF(10);
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    document.setHtml(html);
    const qreal scaleX = device.logicalDpiX() / kLayoutDpi;
    const qreal scaleY = device.logicalDpiY() / kLayoutDpi;
    const QSizeF page(device.width() / scaleX, device.height() / scaleY);
    document.setPageSize(page);

    painter.save();
    painter.scale(scaleX, scaleY);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, Qt::black);
    const int pages = document.pageCount();
    for (int i = 0; i < pages; ++i) {
        if (i > 0) device.newPage();
        painter.save();
        painter.translate(0, -i * page.height());
        context.clip = QRectF(QPointF(0, i * page.height()), page);
        document.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    painter.restore();
}

bool writeShiftSummaryPdf(const QString& path, const QString& html) {
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setTitle(ShiftSummaryDialog::tr("Shift summary"));
    writer.setCreator(QStringLiteral("Bilheteria"));
    QPainter painter;
    if (!painter.begin(&writer)) return false;
    paintShiftSummary(painter, writer, html);
    return painter.end();
}

ShiftSummaryDialog::ShiftSummaryDialog(ShiftSummaryModel* model, const QString& clerk,
                                       const QDateTime& since, QWidget* parent)
    : QDialog(parent)
    , m_model(model)
    , m_clerk(clerk) {
    setObjectName(QStringLiteral("shiftSummaryDialog"));
    m_sinceLabel = new QLabel(this);
    m_since = new QDateTimeEdit(since.toLocalTime(), this);
    m_since->setObjectName(QStringLiteral("shiftSince"));
    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
    m_sinceLabel->setBuddy(m_since);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("shiftRefresh"));
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("shiftSummaryView"));
    m_view->setOpenLinks(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    m_print = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_print->setObjectName(QStringLiteral("shiftPrint"));
    m_pdf = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_pdf->setObjectName(QStringLiteral("shiftSavePdf"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("shiftClose"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_sinceLabel);
    top->addWidget(m_since);
    top->addWidget(m_refresh);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &ShiftSummaryDialog::refresh);
    connect(m_since, &QDateTimeEdit::editingFinished, this, &ShiftSummaryDialog::refresh);
    connect(m_print, &QPushButton::clicked, this, &ShiftSummaryDialog::print);
    connect(m_pdf, &QPushButton::clicked, this, &ShiftSummaryDialog::savePdf);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* printKey = new QShortcut(QKeySequence::Print, this);
    connect(printKey, &QShortcut::activated, this, &ShiftSummaryDialog::print);
    auto* refreshKey = new QShortcut(QKeySequence::Refresh, this);
    connect(refreshKey, &QShortcut::activated, this, &ShiftSummaryDialog::refresh);
    connect(m_model, &ShiftSummaryModel::summaryChanged, this, &ShiftSummaryDialog::render);
    connect(m_model, &ShiftSummaryModel::failed, this,
            [this](const QString& message) { m_status->setText(message); });
    connect(m_model, &ShiftSummaryModel::loadingChanged, this, [this](bool loading) {
        if (loading) m_status->setText(tr("Reading the shift…"));
    });

    setTabOrder(m_since, m_refresh);
    setTabOrder(m_refresh, m_view);
    setTabOrder(m_view, m_print);
    setTabOrder(m_print, m_pdf);
    setTabOrder(m_pdf, m_close);
    resize(720, 640);
    retranslate();
    m_print->setEnabled(false);
    m_pdf->setEnabled(false);
    refresh();
    m_print->setFocus();
}

void ShiftSummaryDialog::refresh() {
    m_model->setSince(m_since->dateTime());
    m_model->setUntil(std::nullopt);
    m_model->refresh();
}

void ShiftSummaryDialog::render() {
    const auto& summary = m_model->summary();
    if (!summary) return;
    const ShiftSummaryHeading heading{m_clerk, m_model->summarySince(), m_model->summaryUntil(),
                                      QDateTime::currentDateTime()};
    m_html = shiftSummaryHtml(*summary, heading);
    m_view->setHtml(m_html);
    m_view->setAccessibleDescription(m_view->toPlainText());
    m_status->setText(
        tr("Up to %1.")
            .arg(QLocale().toString(m_model->summaryUntil().toLocalTime(), QLocale::ShortFormat)));
    m_print->setEnabled(true);
    m_pdf->setEnabled(true);
}

void ShiftSummaryDialog::print() {
    if (m_html.isEmpty()) return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(tr("Shift summary"));
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print the shift summary"));
    if (dialog.exec() != QDialog::Accepted) return;
    QPainter painter;
    if (!painter.begin(&printer)) {
        m_status->setText(tr("The printer could not be opened."));
        return;
    }
    paintShiftSummary(painter, printer, m_html);
    painter.end();
    m_status->setText(tr("Sent to the printer."));
}

void ShiftSummaryDialog::savePdf() {
    if (m_html.isEmpty()) return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        folder + QStringLiteral("/") +
        tr("shift-%1.pdf")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd-HHmm")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the shift summary"), suggested,
                                                      tr("PDF files (*.pdf)"));
    if (path.isEmpty()) return;
    if (writeShiftSummaryPdf(path, m_html))
        m_status->setText(tr("Saved to %1.").arg(path));
    else
        m_status->setText(tr("%1 could not be written.").arg(path));
}

void ShiftSummaryDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void ShiftSummaryDialog::retranslate() {
    setWindowTitle(tr("Shift summary"));
    m_sinceLabel->setText(tr("Shift &since"));
    m_since->setAccessibleName(tr("Shift since"));
    m_since->setToolTip(tr("By default, when you signed in"));
    m_refresh->setText(tr("&Refresh"));
    m_refresh->setToolTip(tr("Read the figures again, up to now (F5)"));
    m_view->setAccessibleName(tr("Shift summary"));
    m_print->setText(tr("&Print…"));
    m_print->setToolTip(tr("Print the summary (Ctrl+P)"));
    m_pdf->setText(tr("Save P&DF…"));
    m_close->setText(tr("Close"));
    if (!m_html.isEmpty()) render();
}

} // namespace bilheteria::client
