#include "client-qt/ui/confirmationpage.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "client-qt/models/cardform.h"
#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/money.h"

namespace bilheteria::client {

namespace {

// A ticket on screen, drawn by the same code that prints it.
class TicketPreview : public QWidget {
public:
    TicketPreview(TicketView ticket, QWidget* parent)
        : QWidget(parent)
        , m_ticket(std::move(ticket)) {
        setFixedSize(300, 424); // A6's proportions
        setAccessibleName(QCoreApplication::translate("ConfirmationPage", "Ticket: %1, %2")
                              .arg(m_ticket.section, m_ticket.place));
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        paintTicket(painter, QRectF(rect()), m_ticket);
    }

private:
    TicketView m_ticket;
};

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

ConfirmationPage::ConfirmationPage(CheckoutModel* checkout, QWidget* parent)
    : QWidget(parent)
    , m_checkout(checkout) {
    setObjectName(QStringLiteral("confirmationPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_orderNumber = new QLabel(this);
    m_orderNumber->setObjectName(QStringLiteral("orderNumberLabel"));
    m_orderNumber->setStyleSheet(QStringLiteral("font-size: 22pt; font-weight: 700;"));
    m_orderNumber->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_paid = new QLabel(this);
    m_paid->setObjectName(QStringLiteral("orderTotalLabel"));
    m_paid->setStyleSheet(QStringLiteral("font-size: 14pt;"));
    m_payment = new QLabel(this);
    m_payment->setObjectName(QStringLiteral("orderPaymentLabel"));
    m_payment->setStyleSheet(QStringLiteral("font-size: 14pt;"));

    m_ticketArea = new QWidget;
    m_ticketArea->setObjectName(QStringLiteral("ticketArea"));
    m_ticketGrid = new QGridLayout(m_ticketArea);
    m_ticketGrid->setSpacing(16);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("ticketScroll"));
    scroll->setWidget(m_ticketArea);
    scroll->setWidgetResizable(true);
    scroll->setFocusPolicy(Qt::StrongFocus);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_print = new QPushButton(this);
    m_print->setObjectName(QStringLiteral("printButton"));
    m_print->setIcon(QIcon(QStringLiteral(":/icons/print.svg")));
    m_savePdf = new QPushButton(this);
    m_savePdf->setObjectName(QStringLiteral("savePdfButton"));
    m_savePdf->setIcon(QIcon(QStringLiteral(":/icons/pdf.svg")));
    m_newSale = new QPushButton(this);
    m_newSale->setObjectName(QStringLiteral("newSaleButton"));
    m_newSale->setDefault(true);

    auto* head = new QVBoxLayout;
    head->addWidget(m_title);
    head->addWidget(m_orderNumber);
    head->addWidget(m_paid);
    head->addWidget(m_payment);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_print);
    buttons->addWidget(m_savePdf);
    buttons->addWidget(m_newSale);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);

    connect(m_print, &QPushButton::clicked, this, &ConfirmationPage::askPrint);
    connect(m_savePdf, &QPushButton::clicked, this, &ConfirmationPage::askSavePdf);
    connect(m_newSale, &QPushButton::clicked, this, &ConfirmationPage::newSaleRequested);
    auto* printKey = new QShortcut(QKeySequence::Print, this);
    connect(printKey, &QShortcut::activated, this, &ConfirmationPage::askPrint);
    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    connect(saveKey, &QShortcut::activated, this, &ConfirmationPage::askSavePdf);
    auto* newKey = new QShortcut(QKeySequence::New, this);
    connect(newKey, &QShortcut::activated, this, &ConfirmationPage::newSaleRequested);
    setTabOrder(m_newSale, m_print);
    setTabOrder(m_print, m_savePdf);
    // The event's details may arrive after the order (their read runs beside the hold's):
    // the tickets are drawn again with the name, venue and date.
    connect(m_checkout, &CheckoutModel::eventLoaded, this, [this] {
        if (isVisible() && m_checkout->lastOrder()) showOrder();
    });

    retranslate();
}

void ConfirmationPage::activate() {
    m_status->clear();
    showOrder();
    m_newSale->setFocus();
}

void ConfirmationPage::showOrder() {
    while (QLayoutItem* item = m_ticketGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_tickets.clear();
    const auto& order = m_checkout->lastOrder();
    if (!order) {
        m_orderNumber->clear();
        m_paid->clear();
        m_payment->clear();
        return;
    }
    m_orderNumber->setText(tr("Order %1").arg(order->id));
    m_paid->setText(tr("Paid %1 · %n ticket(s)", nullptr, static_cast<int>(order->tickets.size()))
                        .arg(formatMoney(order->totalCents, order->currency)));
    const PaymentSummary& payment = order->payment;
    if (payment.method == "cash") {
        const Cents change = payment.changeCents.value_or(0);
        const auto tendered = m_checkout->lastTendered();
        m_payment->setText(tendered
                               ? tr("Cash: given %1, change %2")
                                     .arg(formatMoney(*tendered, order->currency),
                                          formatMoney(change, order->currency))
                               : tr("Cash: change %1").arg(formatMoney(change, order->currency)));
    } else {
        QString brand = CardForm::brandName(fromStd(payment.brand.value_or(std::string())));
        if (brand.isEmpty()) brand = tr("Card");
        m_payment->setText(
            tr("%1 ending in %2").arg(brand, fromStd(payment.last4.value_or(std::string()))));
    }
    m_tickets = ticketViews(*order, m_checkout->event());
    constexpr int kColumns = 3;
    for (qsizetype i = 0; i < m_tickets.size(); ++i) {
        auto* preview = new TicketPreview(m_tickets.at(i), m_ticketArea);
        preview->setObjectName(QStringLiteral("ticketPreview%1").arg(i));
        m_ticketGrid->addWidget(preview, static_cast<int>(i / kColumns),
                                static_cast<int>(i % kColumns));
    }
    m_ticketGrid->setRowStretch(static_cast<int>((m_tickets.size() + kColumns - 1) / kColumns), 1);
    m_ticketGrid->setColumnStretch(kColumns, 1);
    m_print->setEnabled(!m_tickets.isEmpty());
    m_savePdf->setEnabled(!m_tickets.isEmpty());
}

bool ConfirmationPage::savePdf(const QString& path) {
    const auto& order = m_checkout->lastOrder();
    const bool ok = writeTicketsPdf(path, m_tickets,
                                    order ? tr("Tickets, order %1").arg(order->id) : QString());
    m_status->setText(
        ok ? tr("Saved to %1").arg(QDir::toNativeSeparators(path))
           : tr("Could not write %1. Choose another folder.").arg(QDir::toNativeSeparators(path)));
    return ok;
}

bool ConfirmationPage::print(QPrinter* printer) {
    const bool ok = paintTickets(*printer, m_tickets);
    m_status->setText(ok ? tr("Sent to the printer.") : tr("The printer could not be used."));
    return ok;
}

void ConfirmationPage::askPrint() {
    if (m_tickets.isEmpty()) return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageSize(QPageSize(QPageSize::A6));
    printer.setDocName(m_orderNumber->text());
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print tickets"));
    if (dialog.exec() != QDialog::Accepted) return;
    print(&printer);
}

void ConfirmationPage::askSavePdf() {
    if (m_tickets.isEmpty()) return;
    const auto& order = m_checkout->lastOrder();
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        QDir(folder).filePath(tr("tickets-order-%1.pdf").arg(order ? order->id : 0));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save tickets as PDF"), suggested,
                                                      tr("PDF files (*.pdf)"));
    if (path.isEmpty()) return;
    savePdf(path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)
                ? path
                : path + QStringLiteral(".pdf"));
}

void ConfirmationPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ConfirmationPage::retranslate() {
    m_title->setText(tr("Paid: here are the tickets"));
    m_print->setText(tr("&Print"));
    m_print->setToolTip(tr("Print the tickets (Ctrl+P)"));
    m_savePdf->setText(tr("&Save as PDF"));
    m_savePdf->setToolTip(tr("One ticket per page (Ctrl+S)"));
    m_newSale->setText(tr("&New sale"));
    m_newSale->setToolTip(tr("Start again with the events (Ctrl+N)"));
    showOrder();
}

} // namespace bilheteria::client
