#include "client-qt/ui/aftersalepage.h"

#include "client-qt/ui/messagelabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include "client-qt/models/aftersalemodel.h"
#include "client-qt/models/exchangemodel.h"
#include "client-qt/models/money.h"
#include "client-qt/ui/exchangedialog.h"
#include "client-qt/ui/ticketrenderer.h"

namespace bilheteria::client {

namespace {
QString toQString(const std::string& text) {
    return QString::fromStdString(text);
}
} // namespace

AfterSalePage::AfterSalePage(AfterSaleModel* model, ExchangeModel* exchange, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_exchange(exchange) {
    setObjectName(QStringLiteral("afterSalePage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_findCaption = new QLabel(this);
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("orderFindEdit"));
    m_find->setClearButtonEnabled(true);
    m_findCaption->setBuddy(m_find);
    m_findButton = new QPushButton(this);
    m_findButton->setObjectName(QStringLiteral("orderFindButton"));
    auto* findRow = new QHBoxLayout;
    findRow->addWidget(m_findCaption);
    findRow->addWidget(m_find, 1);
    findRow->addWidget(m_findButton);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("orderSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_tickets = new QTableView(this);
    m_tickets->setObjectName(QStringLiteral("orderTickets"));
    m_tickets->setModel(m_model);
    m_tickets->verticalHeader()->hide();
    m_tickets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tickets->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tickets->setAlternatingRowColors(true);
    m_tickets->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tickets->horizontalHeader()->setStretchLastSection(true);

    m_all = new QPushButton(this);
    m_all->setObjectName(QStringLiteral("refundAllButton"));
    m_reasonCaption = new QLabel(this);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("refundReasonEdit"));
    m_reason->setMaxLength(500);
    m_reasonCaption->setBuddy(m_reason);
    m_refund = new QPushButton(this);
    m_refund->setObjectName(QStringLiteral("refundButton"));
    m_refund->setProperty("primary", true);
    m_exchangeButton = new QPushButton(this);
    m_exchangeButton->setObjectName(QStringLiteral("exchangeButton"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_exchangeButton);
    actions->addSpacing(16);
    actions->addWidget(m_all);
    actions->addSpacing(16);
    actions->addWidget(m_reasonCaption);
    actions->addWidget(m_reason, 1);
    actions->addWidget(m_refund);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("afterSaleMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(16, 12, 16, 12);
    column->addWidget(m_title);
    column->addLayout(findRow);
    column->addWidget(m_summary);
    column->addWidget(m_tickets, 1);
    column->addLayout(actions);
    column->addWidget(m_message);

    // A scanner types the ticket and Enter, as at the door.
    const auto find = [this] {
        m_message->hide();
        m_model->find(m_find->text());
        m_find->selectAll();
    };
    connect(m_find, &QLineEdit::returnPressed, this, find);
    connect(m_findButton, &QPushButton::clicked, this, find);
    connect(m_all, &QPushButton::clicked, this,
            [this] { m_model->checkAll(m_model->checkedTickets().isEmpty()); });
    connect(m_refund, &QPushButton::clicked, this, &AfterSalePage::confirmRefund);
    connect(m_exchangeButton, &QPushButton::clicked, this, &AfterSalePage::openExchange);
    connect(m_tickets->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AfterSalePage::updateButtons);
    // The order as the exchange left it: the new ticket in it, the old one exchanged.
    connect(m_exchange, &ExchangeModel::exchanged, this,
            [this](const Order& order, const Exchange& exchange) {
                m_model->showOrder(order);
                showMessage(tr("Ticket %1 exchanged for ticket %2.")
                                .arg(exchange.oldTicketId)
                                .arg(exchange.newTicketId),
                            false);
            });
    connect(m_model, &AfterSaleModel::orderLoaded, this, &AfterSalePage::updateOrder);
    connect(m_model, &AfterSaleModel::checkedChanged, this, &AfterSalePage::updateButtons);
    connect(m_model, &AfterSaleModel::busyChanged, this, &AfterSalePage::updateButtons);
    connect(m_model, &AfterSaleModel::notFound, this,
            [this](const QString& message) { showMessage(message, true); });
    connect(m_model, &AfterSaleModel::refunded, this, [this](const Refund& refund) {
        m_retry = false;
        const QString amount = formatMoney(refund.amountCents, refund.currency);
        showMessage(refund.method == "cash"
                        ? tr("Refunded %1. Hand back %1 in cash now.").arg(amount)
                        : tr("Refunded %1 to the card.").arg(amount),
                    false);
        m_reason->clear();
        updateButtons();
    });
    connect(m_model, &AfterSaleModel::confirming, this,
            [this] { showMessage(tr("Confirming the refund…"), false); });
    connect(m_model, &AfterSaleModel::failed, this, [this](const QString& message, bool retry) {
        m_retry = retry;
        showMessage(retry ? tr("%1 Press “Check again”: the same refund is asked about again, "
                               "never a second one made.")
                                .arg(message)
                          : message,
                    true);
        updateButtons();
    });

    retranslate();
    updateOrder();
}

void AfterSalePage::activate() {
    m_find->setFocus();
    m_find->selectAll();
}

void AfterSalePage::showMessage(const QString& text, bool error) {
    client::showMessage(m_message, text, error);
}

void AfterSalePage::updateOrder() {
    const auto& order = m_model->order();
    if (!order) {
        m_summary->setText(tr("Scan a ticket, or type its code or the order's number."));
        updateButtons();
        return;
    }
    const QString eventName =
        m_model->event() ? toQString(m_model->event()->summary.name) : QString();
    const QString payment =
        order->payment.method == "cash"
            ? tr("cash")
            : tr("card ending %1").arg(toQString(order->payment.last4.value_or("")));
    // The clerk's keys act on the current ticket: the first one that can be exchanged.
    if (!m_tickets->currentIndex().isValid())
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->isExchangeable(row)) {
                m_tickets->setCurrentIndex(m_model->index(row, 0));
                break;
            }
    m_summary->setText(tr("Order %1 · %2 · %3 · paid by %4 · %5")
                           .arg(order->id)
                           .arg(eventName, localTimeText(order->createdAt), payment,
                                formatMoney(order->totalCents, order->currency)) +
                       QStringLiteral(" · ") +
                       AfterSaleModel::statusText(toQString(order->status)));
    updateButtons();
}

void AfterSalePage::updateButtons() {
    const bool busy = m_model->isBusy();
    const int checked = static_cast<int>(m_model->checkedTickets().size());
    m_findButton->setEnabled(!busy);
    m_all->setEnabled(!busy && m_model->order().has_value());
    m_all->setText(checked > 0 ? tr("Tick &none") : tr("Tick &all"));
    m_refund->setEnabled(!busy && checked > 0);
    m_exchangeButton->setEnabled(!busy && m_model->isExchangeable(m_tickets->currentIndex().row()));
    m_refund->setText(m_retry        ? tr("&Check again")
                      : checked == 0 ? tr("&Refund…")
                                     : tr("&Refund %n ticket(s)…", nullptr, checked));
}

QString AfterSalePage::confirmationText() const {
    const auto& order = m_model->order();
    if (!order) return {};
    const int count = static_cast<int>(m_model->checkedTickets().size());
    const QString amount = formatMoney(m_model->checkedAmount(), order->currency);
    QString text =
        tr("Refund %n ticket(s) of order %1 for %2?", nullptr, count).arg(order->id).arg(amount);
    text += QStringLiteral("\n\n");
    text += m_model->isCash() ? tr("Paid in cash: hand back %1 to the customer.").arg(amount)
                              : tr("Paid by card: %1 goes back to the card ending %2.")
                                    .arg(amount, toQString(order->payment.last4.value_or("")));
    text += QStringLiteral("\n") + tr("The tickets become void at once and their places go back "
                                      "on sale.");
    return text;
}

void AfterSalePage::confirmRefund() {
    if (m_model->checkedTickets().isEmpty()) return;
    if (!m_retry) {
        QMessageBox box(QMessageBox::Question, tr("Refund"), confirmationText(),
                        QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("refundConfirmation"));
        QPushButton* yes = box.addButton(tr("Refund"), QMessageBox::AcceptRole);
        yes->setObjectName(QStringLiteral("confirmRefundButton"));
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != yes) return;
    }
    m_message->hide();
    m_model->refundChecked(m_reason->text());
}

bool AfterSalePage::openExchange() {
    const auto& order = m_model->order();
    const int row = m_tickets->currentIndex().row();
    if (!order || m_model->isBusy() || !m_model->isExchangeable(row)) return false;
    if (!m_exchange->start(*order, order->tickets.at(static_cast<std::size_t>(row)).id))
        return false;
    m_message->hide();
    // Not exec(): the page (and the tests) keep their event loop; the dialog is modal anyway.
    auto* dialog = new ExchangeDialog(m_exchange, m_cashAllowed, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this] { m_tickets->setFocus(); });
    dialog->open();
    return true;
}

void AfterSalePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void AfterSalePage::retranslate() {
    m_title->setText(tr("Orders and refunds"));
    m_findCaption->setText(tr("&Find:"));
    m_find->setPlaceholderText(tr("Scan a ticket, or type its code or the order's number"));
    m_findButton->setText(tr("Find"));
    m_exchangeButton->setText(tr("E&xchange…"));
    m_exchangeButton->setToolTip(
        tr("Exchange the current ticket for another place of the event (Alt+X)"));
    m_reasonCaption->setText(tr("R&eason:"));
    m_reason->setPlaceholderText(tr("optional, kept with the refund"));
    m_tickets->setAccessibleName(tr("The order's tickets"));
    updateOrder();
}

} // namespace bilheteria::client
