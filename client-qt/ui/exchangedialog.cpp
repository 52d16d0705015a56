#include "client-qt/ui/exchangedialog.h"

#include "client-qt/ui/messagelabel.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include "client-qt/models/exchangemodel.h"
#include "client-qt/models/money.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/ui/seatmapview.h"
#include "shared/payment.h"

namespace bilheteria::client {

namespace {

// The new ticket as it will print: the ticket painter at A6's proportions, centred.
class TicketPreview : public QWidget {
public:
    explicit TicketPreview(const std::optional<TicketView>* ticket, QWidget* parent)
        : QWidget(parent)
        , m_ticket(ticket) {
        setMinimumSize(240, 340);
    }

protected:
    void paintEvent(QPaintEvent*) override {
        if (!*m_ticket) return;
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const double height = std::min<double>(this->height() - 16, (width() - 16) * 1.414);
        const double width = height / 1.414;
        paintTicket(
            painter,
            QRectF((this->width() - width) / 2.0, (this->height() - height) / 2.0, width, height),
            **m_ticket);
    }

private:
    const std::optional<TicketView>* m_ticket;
};

void setBig(QLabel* label, int points) {
    QFont font = label->font();
    font.setPointSize(points);
    font.setBold(true);
    label->setFont(font);
}

} // namespace

ExchangeDialog::ExchangeDialog(ExchangeModel* model, bool cashAllowed, QWidget* parent)
    : QDialog(parent)
    , m_model(model)
    , m_cashAllowed(cashAllowed) {
    setObjectName(QStringLiteral("exchangeDialog"));
    setModal(true);
    resize(1040, 660);

    m_ticketLabel = new QLabel(this);
    m_ticketLabel->setObjectName(QStringLiteral("exchangeTicketLabel"));
    m_ticketLabel->setWordWrap(true);
    setBig(m_ticketLabel, 12);

    // The middle: the map while choosing, the new ticket once exchanged.
    m_middle = new QStackedWidget(this);
    auto* mapPage = new QWidget(m_middle);
    m_map = new SeatMapView(m_model->seatMap(), mapPage);
    m_map->setObjectName(QStringLiteral("exchangeSeatMap"));
    m_mapHint = new QLabel(mapPage);
    m_mapHint->setWordWrap(true);
    auto* mapColumn = new QVBoxLayout(mapPage);
    mapColumn->setContentsMargins(0, 0, 0, 0);
    mapColumn->addWidget(m_map, 1);
    mapColumn->addWidget(m_mapHint);
    m_preview = new TicketPreview(&m_newTicket, m_middle);
    m_preview->setObjectName(QStringLiteral("exchangeTicketPreview"));
    m_middle->addWidget(mapPage);
    m_middle->addWidget(m_preview);

    // The right: place, prices, difference, payment.
    m_placeCaption = new QLabel(this);
    m_place = new QLabel(this);
    m_place->setObjectName(QStringLiteral("exchangeNewPlace"));
    m_place->setWordWrap(true);
    m_oldCaption = new QLabel(this);
    m_oldPrice = new QLabel(this);
    m_oldPrice->setObjectName(QStringLiteral("exchangeOldPrice"));
    m_newCaption = new QLabel(this);
    m_newPrice = new QLabel(this);
    m_newPrice->setObjectName(QStringLiteral("exchangeNewPrice"));
    auto* figures = new QFormLayout;
    figures->addRow(m_placeCaption, m_place);
    figures->addRow(m_oldCaption, m_oldPrice);
    figures->addRow(m_newCaption, m_newPrice);
    m_difference = new QLabel(this);
    m_difference->setObjectName(QStringLiteral("exchangeDifference"));
    m_difference->setWordWrap(true);
    setBig(m_difference, 16);

    m_paymentBox = new QGroupBox(this);
    m_paymentBox->setObjectName(QStringLiteral("exchangePaymentBox"));
    m_tabs = new QTabWidget(m_paymentBox);
    m_tabs->setObjectName(QStringLiteral("exchangePaymentTabs"));
    if (m_cashAllowed) {
        m_cashTab = buildCashTab();
        m_tabs->addTab(m_cashTab, QString());
    }
    m_cardTab = buildCardTab();
    m_tabs->addTab(m_cardTab, QString());
    auto* paymentColumn = new QVBoxLayout(m_paymentBox);
    paymentColumn->addWidget(m_tabs);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("exchangeMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto* side = new QWidget(this);
    side->setFixedWidth(360);
    auto* sideColumn = new QVBoxLayout(side);
    sideColumn->setContentsMargins(0, 0, 0, 0);
    sideColumn->addLayout(figures);
    sideColumn->addWidget(m_difference);
    sideColumn->addWidget(m_paymentBox);
    sideColumn->addWidget(m_message);
    sideColumn->addStretch(1);

    m_exchange = new QPushButton(this);
    m_exchange->setObjectName(QStringLiteral("exchangeConfirmButton"));
    m_exchange->setProperty("primary", true);
    m_exchange->setDefault(true);
    m_print = new QPushButton(QIcon(QStringLiteral(":/icons/print.svg")), QString(), this);
    m_print->setObjectName(QStringLiteral("exchangePrintButton"));
    m_savePdf = new QPushButton(QIcon(QStringLiteral(":/icons/pdf.svg")), QString(), this);
    m_savePdf->setObjectName(QStringLiteral("exchangeSavePdfButton"));
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("exchangeCloseButton"));
    m_close->setAutoDefault(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_print);
    buttons->addWidget(m_savePdf);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    buttons->addWidget(m_exchange);

    auto* middle = new QHBoxLayout;
    middle->addWidget(m_middle, 1);
    middle->addSpacing(12);
    middle->addWidget(side);
    auto* column = new QVBoxLayout(this);
    column->addWidget(m_ticketLabel);
    column->addLayout(middle, 1);
    column->addLayout(buttons);

    connect(m_exchange, &QPushButton::clicked, this, &ExchangeDialog::exchangeNow);
    connect(m_close, &QPushButton::clicked, this, &ExchangeDialog::reject);
    connect(m_print, &QPushButton::clicked, this, &ExchangeDialog::askPrint);
    connect(m_savePdf, &QPushButton::clicked, this, &ExchangeDialog::askSavePdf);
    connect(m_map, &SeatMapView::generalSectionActivated, this,
            [this](Id sectionId) { m_model->chooseSection(sectionId); });
    connect(m_model, &ExchangeModel::choiceChanged, this, [this] {
        // A new place is a new request; a place lost (taken) keeps the message saying so.
        if (m_model->hasChoice() && !m_done) m_message->hide();
        m_retry = false;
        updateFigures();
    });
    connect(m_model, &ExchangeModel::pricesChanged, this, &ExchangeDialog::updateFigures);
    connect(m_model, &ExchangeModel::busyChanged, this, &ExchangeDialog::updateButtons);
    connect(m_model, &ExchangeModel::exchanged, this, &ExchangeDialog::onExchanged);
    connect(m_model, &ExchangeModel::confirming, this,
            [this] { showMessage(tr("Confirming the exchange…"), false); });
    connect(m_model, &ExchangeModel::failed, this,
            [this](const QString& message, ErrorCode, bool retryable) {
                m_retry = retryable;
                // The card's secrets go with the answer, as on the payment page.
                if (!retryable) {
                    m_number->clear();
                    m_cvc->clear();
                }
                showMessage(retryable ? tr("%1 Press “Check again”: the same exchange is asked "
                                           "about again, never a second one made.")
                                            .arg(message)
                                      : message,
                            true);
                updateButtons();
            });

    const auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* key = new QShortcut(keys, this);
        connect(key, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { exchangeNow(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { exchangeNow(); });
    shortcut(QKeySequence::Print, [this] { askPrint(); });
    shortcut(QKeySequence::Save, [this] { askSavePdf(); });
    shortcut(QKeySequence(Qt::Key_F2), [this] {
        if (!m_cashTab || m_paymentBox->isHidden()) return;
        m_tabs->setCurrentWidget(m_cashTab);
        m_tendered->setFocus();
    });
    shortcut(QKeySequence(Qt::Key_F3), [this] {
        if (m_paymentBox->isHidden()) return;
        m_tabs->setCurrentWidget(m_cardTab);
        m_number->setFocus();
    });
    // The best free seat of the ticket's own section: the quickest same-price exchange.
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_B), [this] {
        if (m_done || !m_model->ticket()) return;
        const auto best = m_model->seatMap()->bestAvailable(m_model->ticket()->sectionId, 1);
        if (!best.empty()) m_model->chooseSeat(m_model->seatMap()->seatId(best.front()));
    });

    retranslate();
    m_map->setFocus();
}

ExchangeDialog::~ExchangeDialog() {
    // The model may have gone first when the whole window closes with the dialog open.
    if (m_model) m_model->finish();
}

QWidget* ExchangeDialog::buildCashTab() {
    auto* tab = new QWidget(m_tabs);
    m_tenderedCaption = new QLabel(tab);
    m_tendered = new QLineEdit(tab);
    m_tendered->setObjectName(QStringLiteral("exchangeTenderedEdit"));
    m_tendered->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9.,]{0,12}")), m_tendered));
    m_tenderedCaption->setBuddy(m_tendered);
    m_change = new QLabel(tab);
    m_change->setObjectName(QStringLiteral("exchangeChange"));
    m_change->setWordWrap(true);
    auto* form = new QFormLayout(tab);
    form->addRow(m_tenderedCaption, m_tendered);
    form->addRow(m_change);
    connect(m_tendered, &QLineEdit::textChanged, this, &ExchangeDialog::updateCash);
    connect(m_tendered, &QLineEdit::returnPressed, this, &ExchangeDialog::exchangeNow);
    return tab;
}

QWidget* ExchangeDialog::buildCardTab() {
    auto* tab = new QWidget(m_tabs);
    const auto field = [tab](QLineEdit*& edit, QLabel*& caption, const char* name) {
        caption = new QLabel(tab);
        edit = new QLineEdit(tab);
        edit->setObjectName(QLatin1String(name));
        caption->setBuddy(edit);
    };
    field(m_number, m_numberCaption, "exchangeCardNumberEdit");
    field(m_expiry, m_expiryCaption, "exchangeCardExpiryEdit");
    field(m_cvc, m_cvcCaption, "exchangeCardCvcEdit");
    field(m_holder, m_holderCaption, "exchangeCardHolderEdit");
    m_number->setMaxLength(23);
    m_expiry->setMaxLength(7);
    m_cvc->setMaxLength(4);
    m_cvc->setEchoMode(QLineEdit::Password);
    m_cardCheck = new QLabel(tab);
    m_cardCheck->setObjectName(QStringLiteral("exchangeCardCheck"));
    m_cardCheck->setWordWrap(true);
    m_cardCheck->setProperty("fieldMessage", true);
    m_cardCheck->hide();
    auto* form = new QFormLayout(tab);
    form->addRow(m_numberCaption, m_number);
    form->addRow(m_expiryCaption, m_expiry);
    form->addRow(m_cvcCaption, m_cvc);
    form->addRow(m_holderCaption, m_holder);
    form->addRow(m_cardCheck);
    connect(m_number, &QLineEdit::textEdited, this, [this](const QString& text) {
        const QString formatted = CardForm::formatNumber(text);
        if (formatted != text) m_number->setText(formatted);
        validateCard();
    });
    for (QLineEdit* edit : {m_expiry, m_cvc, m_holder}) {
        connect(edit, &QLineEdit::textChanged, this, &ExchangeDialog::validateCard);
        connect(edit, &QLineEdit::returnPressed, this, &ExchangeDialog::exchangeNow);
    }
    connect(m_number, &QLineEdit::textChanged, this, &ExchangeDialog::validateCard);
    return tab;
}

void ExchangeDialog::validateCard() {
    m_form.setNumber(m_number->text());
    m_form.setExpiry(m_expiry->text());
    m_form.setCvc(m_cvc->text());
    m_form.setHolderName(m_holder->text());
    // The first field with something to say (an empty form says nothing yet).
    QString say;
    for (const CardForm::Check& check :
         {m_form.numberCheck(), m_form.expiryCheck(), m_form.cvcCheck(), m_form.holderNameCheck()})
        if (check.status == CardForm::Check::Status::Invalid && say.isEmpty()) say = check.message;
    m_cardCheck->setText(say);
    m_cardCheck->setVisible(!say.isEmpty());
    updateButtons();
}

void ExchangeDialog::updateCash() {
    if (!m_tendered) return;
    const Cents due = m_model->differenceCents();
    const Cents tendered = parseMoneyCents(m_tendered->text());
    if (m_tendered->text().isEmpty() || tendered < 0) {
        m_change->clear();
    } else if (tendered < due) {
        m_change->setText(
            tr("Still missing: %1").arg(formatMoney(due - tendered, m_model->currency())));
    } else {
        m_change->setText(tr("Change: %1").arg(formatMoney(tendered - due, m_model->currency())));
    }
    updateButtons();
}

void ExchangeDialog::updateFigures() {
    const auto& ticket = m_model->ticket();
    const auto& order = m_model->order();
    if (ticket && order && !m_done)
        m_ticketLabel->setText(tr("Exchange ticket %1 of order %2 — %3")
                                   .arg(ticket->id)
                                   .arg(order->id)
                                   .arg(m_model->ticketPlaceText()));
    const bool known = m_model->pricesKnown();
    const QString currency = m_model->currency();
    if (!m_done) {
        m_place->setText(m_model->hasChoice() ? m_model->chosenPlaceText()
                                              : tr("none yet: choose it on the map"));
        m_oldPrice->setText(known ? formatMoney(m_model->oldPriceCents(), currency) : QString());
        m_newPrice->setText(known && m_model->hasChoice()
                                ? formatMoney(m_model->newPriceCents(), currency)
                                : QString());
        m_difference->setText(m_model->differenceText());
        const Cents difference = m_model->differenceCents();
        m_difference->setStyleSheet(difference > 0   ? QStringLiteral("color: #9b1c1c;")
                                    : difference < 0 ? QStringLiteral("color: #0b6e4f;")
                                                     : QString());
    }
    const bool pay = !m_done && m_model->needsPayment();
    const bool wasHidden = m_paymentBox->isHidden();
    m_paymentBox->setVisible(pay);
    if (pay) {
        m_paymentBox->setTitle(
            tr("Payment of %1").arg(formatMoney(m_model->differenceCents(), currency)));
        if (wasHidden) {
            // A new amount to pay: whatever was typed for another one goes.
            if (m_tendered) m_tendered->clear();
            m_number->clear();
            m_cvc->clear();
        }
    }
    updateCash();
    updateButtons();
}

bool ExchangeDialog::paymentReady() const {
    if (!m_model->needsPayment()) return true;
    if (m_cashTab && m_tabs->currentWidget() == m_cashTab)
        return parseMoneyCents(m_tendered->text()) >= m_model->differenceCents();
    return m_form.isValid();
}

std::optional<PaymentRequest> ExchangeDialog::payment() const {
    if (!m_model->needsPayment()) return std::nullopt;
    if (m_cashTab && m_tabs->currentWidget() == m_cashTab)
        return PaymentRequest{CashPayment{parseMoneyCents(m_tendered->text())}};
    const auto card = m_form.payment();
    if (!card) return std::nullopt;
    return PaymentRequest{*card};
}

void ExchangeDialog::updateButtons() {
    const bool busy = m_model->isBusy();
    m_exchange->setVisible(!m_done);
    m_exchange->setEnabled(
        !busy && !m_done &&
        (m_retry || (m_model->hasChoice() && m_model->pricesKnown() && paymentReady())));
    m_exchange->setText(m_retry ? tr("&Check again") : tr("E&xchange"));
    m_print->setVisible(m_done);
    m_savePdf->setVisible(m_done);
    m_close->setText(m_done ? tr("&Done") : tr("Cancel"));
    m_close->setEnabled(!busy);
}

void ExchangeDialog::exchangeNow() {
    if (m_done || m_model->isBusy() || !m_exchange->isEnabled()) return;
    m_message->hide();
    if (m_retry) {
        m_model->retry();
        return;
    }
    m_model->exchange(payment());
}

void ExchangeDialog::showMessage(const QString& text, bool error) {
    client::showMessage(m_message, text, error);
}

void ExchangeDialog::onExchanged() {
    m_done = true;
    m_retry = false;
    m_number->clear();
    m_cvc->clear();
    const auto& exchange = m_model->lastExchange();
    const auto& order = m_model->order();
    const auto ticket = m_model->newTicket();
    if (order && ticket) {
        const QList<TicketView> views =
            ticketViews(*order, m_model->seatMap()->hasEvent()
                                    ? std::optional<Event>(m_model->seatMap()->event())
                                    : std::nullopt);
        for (std::size_t i = 0; i < order->tickets.size(); ++i)
            if (order->tickets[i].id == ticket->id)
                m_newTicket = views.at(static_cast<qsizetype>(i));
    }
    const QString currency = m_model->currency();
    // The figures beside the ticket: what was exchanged, as the server settled it.
    if (exchange) {
        if (m_newTicket)
            m_place->setText(m_newTicket->section + QStringLiteral(", ") + m_newTicket->place);
        m_oldPrice->setText(formatMoney(exchange->oldPriceCents, currency));
        m_newPrice->setText(formatMoney(exchange->newPriceCents, currency));
        const Cents difference = exchange->differenceCents;
        m_difference->setStyleSheet(difference > 0   ? QStringLiteral("color: #9b1c1c;")
                                    : difference < 0 ? QStringLiteral("color: #0b6e4f;")
                                                     : QString());
        m_difference->setText(
            difference > 0
                ? ExchangeModel::tr("Customer pays %1").arg(formatMoney(difference, currency))
            : difference < 0
                ? ExchangeModel::tr("Give back %1").arg(formatMoney(-difference, currency))
                : ExchangeModel::tr("Same price: nothing to pay"));
    }
    QString text = ticket ? tr("Exchanged. The new ticket %1 is %2.")
                                .arg(ticket->id)
                                .arg(m_newTicket ? m_newTicket->section + QStringLiteral(", ") +
                                                       m_newTicket->place
                                                 : QString())
                          : tr("Exchanged.");
    if (exchange) {
        if (exchange->payment) {
            const ExchangePayment& paid = *exchange->payment;
            text += QLatin1Char(' ');
            text += paid.method == "cash"
                        ? tr("Paid %1 in cash; change %2.")
                              .arg(formatMoney(paid.amountCents, currency),
                                   formatMoney(paid.changeCents.value_or(0), currency))
                        : tr("Paid %1 by card ending %2.")
                              .arg(formatMoney(paid.amountCents, currency),
                                   QString::fromStdString(paid.last4.value_or("")));
        }
        if (exchange->refund) {
            const Refund& back = *exchange->refund;
            text += QLatin1Char(' ');
            text +=
                back.method == "cash"
                    ? tr("Hand back %1 in cash now.").arg(formatMoney(back.amountCents, currency))
                    : tr("%1 goes back to the card.").arg(formatMoney(back.amountCents, currency));
        }
    }
    text += QLatin1Char(' ') + tr("Give the customer the new ticket (Ctrl+P prints it).");
    m_ticketLabel->setText(tr("Ticket exchanged"));
    m_middle->setCurrentWidget(m_preview);
    m_preview->update();
    m_paymentBox->hide();
    showMessage(text, false);
    updateButtons();
    m_print->setFocus();
}

bool ExchangeDialog::saveTicketPdf(const QString& path) {
    if (!m_newTicket) return false;
    const bool ok = writeTicketsPdf(
        path, {*m_newTicket},
        tr("Ticket %1").arg(m_model->newTicket() ? m_model->newTicket()->id : Id{0}));
    showMessage(
        ok ? tr("Saved to %1").arg(QDir::toNativeSeparators(path))
           : tr("Could not write %1. Choose another folder.").arg(QDir::toNativeSeparators(path)),
        !ok);
    return ok;
}

bool ExchangeDialog::printTicket(QPrinter* printer) {
    if (!m_newTicket) return false;
    const bool ok = paintTickets(*printer, {*m_newTicket});
    showMessage(ok ? tr("Sent to the printer.") : tr("The printer could not be used."), !ok);
    return ok;
}

void ExchangeDialog::askPrint() {
    if (!m_done || !m_newTicket) return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageSize(QPageSize(QPageSize::A6));
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print the new ticket"));
    if (dialog.exec() == QDialog::Accepted) printTicket(&printer);
}

void ExchangeDialog::askSavePdf() {
    if (!m_done || !m_newTicket) return;
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(QStringLiteral("ticket-%1.pdf")
                          .arg(m_model->newTicket() ? m_model->newTicket()->id : Id{0}));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the new ticket as PDF"),
                                                      suggested, tr("PDF files (*.pdf)"));
    if (path.isEmpty()) return;
    saveTicketPdf(path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)
                      ? path
                      : path + QStringLiteral(".pdf"));
}

void ExchangeDialog::reject() {
    // Not while an exchange is on its way: its answer must be seen.
    if (m_model->isBusy()) return;
    QDialog::reject();
}

void ExchangeDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void ExchangeDialog::retranslate() {
    setWindowTitle(tr("Exchange a ticket"));
    m_mapHint->setText(tr("Click a free seat or a general-admission section — or move with the "
                          "arrows and press Space. Ctrl+B: the best free seat of the same "
                          "section. Ctrl+Enter exchanges."));
    m_placeCaption->setText(tr("New place:"));
    m_oldCaption->setText(tr("Old price:"));
    m_newCaption->setText(tr("New price:"));
    if (m_cashTab) {
        m_tabs->setTabText(m_tabs->indexOf(m_cashTab), tr("Cash (F2)"));
        m_tenderedCaption->setText(tr("&Amount given:"));
        m_tendered->setPlaceholderText(tr("e.g. 100"));
    }
    m_tabs->setTabText(m_tabs->indexOf(m_cardTab), tr("Card (F3)"));
    m_numberCaption->setText(tr("Card n&umber:"));
    m_expiryCaption->setText(tr("Expir&y (MM/YY):"));
    m_cvcCaption->setText(tr("&CVC:"));
    m_holderCaption->setText(tr("&Name on card:"));
    m_print->setText(tr("&Print"));
    m_print->setToolTip(tr("Print the new ticket (Ctrl+P)"));
    m_savePdf->setText(tr("&Save as PDF"));
    m_savePdf->setToolTip(tr("The new ticket as a PDF (Ctrl+S)"));
    m_map->setAccessibleName(tr("Seat map: choose the new place"));
    updateFigures();
}

} // namespace bilheteria::client
