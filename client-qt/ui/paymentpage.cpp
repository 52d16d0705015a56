#include "client-qt/ui/paymentpage.h"

#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/money.h"
#include "client-qt/models/session.h"
#include "client-qt/ui/ticketrenderer.h"

namespace bilheteria::client {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QLabel* messageLabel(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setProperty("fieldMessage", true);
    label->setWordWrap(true);
    return label;
}

} // namespace

PaymentPage::PaymentPage(CheckoutModel* checkout, Session* session, QWidget* parent)
    : QWidget(parent)
    , m_checkout(checkout)
    , m_session(session) {
    setObjectName(QStringLiteral("paymentPage"));

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_eventLabel = new QLabel(this);
    m_eventLabel->setObjectName(QStringLiteral("paymentEventLabel"));
    m_eventLabel->setWordWrap(true);

    // What is held, line by line, and the total.
    auto* summary = new QGroupBox(this);
    summary->setObjectName(QStringLiteral("holdSummary"));
    m_summaryTitle = new QLabel(summary);
    m_summaryTitle->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_lines = new QGridLayout;
    m_lines->setColumnStretch(0, 1);
    m_totalCaption = new QLabel(summary);
    m_total = new QLabel(summary);
    m_total->setObjectName(QStringLiteral("holdTotalLabel"));
    m_total->setStyleSheet(QStringLiteral("font-size: 18pt; font-weight: 600;"));
    auto* totalRow = new QHBoxLayout;
    totalRow->addWidget(m_totalCaption, 1);
    totalRow->addWidget(m_total);
    auto* summaryLayout = new QVBoxLayout(summary);
    summaryLayout->addWidget(m_summaryTitle);
    summaryLayout->addLayout(m_lines);
    summaryLayout->addStretch(1);
    summaryLayout->addLayout(totalRow);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("paymentTabs"));
    m_cardTab = buildCardTab();
    m_tabs->addTab(m_cardTab, QIcon(QStringLiteral(":/icons/card.svg")), QString());
    m_cashTab = buildCashTab();
    m_tabs->addTab(m_cashTab, QIcon(QStringLiteral(":/icons/cash.svg")), QString());

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("paymentStatus"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("retryPaymentButton"));
    m_retry->hide();
    auto* errorRow = new QHBoxLayout;
    errorRow->addWidget(m_error, 1);
    errorRow->addWidget(m_retry, 0, Qt::AlignTop);

    auto* columns = new QHBoxLayout;
    columns->addWidget(summary, 2);
    columns->addWidget(m_tabs, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_eventLabel);
    layout->addLayout(columns, 1);
    layout->addLayout(errorRow);
    layout->addWidget(m_status);

    connect(m_retry, &QPushButton::clicked, m_checkout, &CheckoutModel::retryPayment);
    connect(m_checkout, &CheckoutModel::holdCreated, this, &PaymentPage::fillSummary);
    connect(m_checkout, &CheckoutModel::eventLoaded, this, &PaymentPage::fillSummary);
    connect(m_checkout, &CheckoutModel::paymentStarted, this, [this] {
        m_error->hide();
        m_retry->hide();
        setBusy(true);
    });
    connect(m_checkout, &CheckoutModel::confirmingPayment, this,
            [this] { m_status->setText(tr("Confirming your payment…")); });
    connect(m_checkout, &CheckoutModel::paymentFailed, this,
            [this](const QString& message, ErrorCode, bool, bool retryable) {
                setBusy(false);
                clearSecrets();
                showError(message, retryable);
            });
    connect(m_checkout, &CheckoutModel::orderCompleted, this, [this] {
        setBusy(false);
        clearSecrets();
    });
    connect(m_checkout, &CheckoutModel::holdExpired, this, [this] {
        setBusy(false);
        clearSecrets();
    });

    auto* cashKey = new QShortcut(QKeySequence(Qt::Key_F2), this);
    connect(cashKey, &QShortcut::activated, this, &PaymentPage::showCashTab);
    auto* cardKey = new QShortcut(QKeySequence(Qt::Key_F3), this);
    connect(cardKey, &QShortcut::activated, this, &PaymentPage::showCardTab);
    for (const QKeySequence& keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* payKey = new QShortcut(keys, this);
        connect(payKey, &QShortcut::activated, this, &PaymentPage::payCurrent);
    }

    retranslate();
}

QWidget* PaymentPage::buildCardTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("cardTab"));

    m_number.edit = new QLineEdit(tab);
    m_number.edit->setObjectName(QStringLiteral("cardNumberEdit"));
    m_number.edit->setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData |
                                       Qt::ImhNoPredictiveText);
    m_number.edit->setMaxLength(23); // 19 digits and their spaces
    m_number.message = messageLabel(tab, QStringLiteral("cardNumberMessage"));
    m_brand = new QLabel(tab);
    m_brand->setObjectName(QStringLiteral("cardBrandLabel"));
    m_brand->setMinimumWidth(
        m_brand->fontMetrics().horizontalAdvance(QStringLiteral("American Express")));

    m_expiry.edit = new QLineEdit(tab);
    m_expiry.edit->setObjectName(QStringLiteral("cardExpiryEdit"));
    m_expiry.edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9/ ]{0,7}")), m_expiry.edit));
    m_expiry.edit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_expiry.edit->setMaximumWidth(120);
    m_expiry.message = messageLabel(tab, QStringLiteral("cardExpiryMessage"));

    m_cvc.edit = new QLineEdit(tab);
    m_cvc.edit->setObjectName(QStringLiteral("cardCvcEdit"));
    m_cvc.edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{0,4}")), m_cvc.edit));
    m_cvc.edit->setEchoMode(QLineEdit::Password);
    m_cvc.edit->setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData |
                                    Qt::ImhNoPredictiveText);
    m_cvc.edit->setMaximumWidth(120);
    m_cvc.message = messageLabel(tab, QStringLiteral("cardCvcMessage"));

    m_holder.edit = new QLineEdit(tab);
    m_holder.edit->setObjectName(QStringLiteral("cardHolderEdit"));
    m_holder.message = messageLabel(tab, QStringLiteral("cardHolderMessage"));

    m_payCard = new QPushButton(tab);
    m_payCard->setObjectName(QStringLiteral("payCardButton"));
    m_payCard->setProperty("primary", true);

    m_numberCaption = new QLabel(tab);
    m_expiryCaption = new QLabel(tab);
    m_cvcCaption = new QLabel(tab);
    m_holderCaption = new QLabel(tab);
    m_numberCaption->setBuddy(m_number.edit);
    m_expiryCaption->setBuddy(m_expiry.edit);
    m_cvcCaption->setBuddy(m_cvc.edit);
    m_holderCaption->setBuddy(m_holder.edit);

    auto* numberRow = new QHBoxLayout;
    numberRow->addWidget(m_number.edit, 1);
    numberRow->addWidget(m_brand);
    // Each field over its message, so a hidden message takes no room.
    auto column = [](QLayout* field, QLabel* message) {
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        box->addLayout(field);
        box->addWidget(message);
        return box;
    };
    auto single = [](QWidget* widget, bool narrow) {
        auto* box = new QHBoxLayout;
        box->addWidget(widget);
        if (narrow) box->addStretch(1);
        return box;
    };
    auto* form = new QFormLayout;
    form->addRow(m_numberCaption, column(numberRow, m_number.message));
    form->addRow(m_expiryCaption, column(single(m_expiry.edit, true), m_expiry.message));
    form->addRow(m_cvcCaption, column(single(m_cvc.edit, true), m_cvc.message));
    form->addRow(m_holderCaption, column(single(m_holder.edit, false), m_holder.message));

    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_payCard, 0, Qt::AlignRight);

    connect(m_number.edit, &QLineEdit::textEdited, this, &PaymentPage::onNumberEdited);
    for (Field* field : {&m_number, &m_expiry, &m_cvc, &m_holder}) {
        connect(field->edit, &QLineEdit::textChanged, this, &PaymentPage::validateCard);
        connect(field->edit, &QLineEdit::editingFinished, this, [this, field] {
            if (!field->edit->text().isEmpty()) field->touched = true;
            validateCard();
        });
        connect(field->edit, &QLineEdit::returnPressed, this, &PaymentPage::payCard);
    }
    connect(m_payCard, &QPushButton::clicked, this, &PaymentPage::payCard);
    setTabOrder(m_number.edit, m_expiry.edit);
    setTabOrder(m_expiry.edit, m_cvc.edit);
    setTabOrder(m_cvc.edit, m_holder.edit);
    setTabOrder(m_holder.edit, m_payCard);
    return tab;
}

QWidget* PaymentPage::buildCashTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("cashTab"));
    m_cashTotalCaption = new QLabel(tab);
    m_cashTotal = new QLabel(tab);
    m_cashTotal->setObjectName(QStringLiteral("cashTotalLabel"));
    m_cashTotal->setStyleSheet(QStringLiteral("font-size: 18pt; font-weight: 600;"));
    m_tenderedCaption = new QLabel(tab);
    m_tendered = new QLineEdit(tab);
    m_tendered->setObjectName(QStringLiteral("tenderedEdit"));
    m_tendered->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9.,]{0,12}")), m_tendered));
    m_tendered->setStyleSheet(QStringLiteral("font-size: 18pt;"));
    m_tenderedCaption->setBuddy(m_tendered);
    m_quickAmounts = new QHBoxLayout;
    m_changeCaption = new QLabel(tab);
    m_change = new QLabel(tab);
    m_change->setObjectName(QStringLiteral("changeLabel"));
    // The change is what the clerk counts out with a queue waiting: large enough to read from
    // a step away.
    m_change->setStyleSheet(QStringLiteral("font-size: 36pt; font-weight: 700;"));
    m_change->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_payCash = new QPushButton(tab);
    m_payCash->setObjectName(QStringLiteral("payCashButton"));
    m_payCash->setProperty("primary", true);

    auto* form = new QFormLayout;
    form->addRow(m_cashTotalCaption, m_cashTotal);
    form->addRow(m_tenderedCaption, m_tendered);
    form->addRow(QString(), m_quickAmounts);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_changeCaption);
    layout->addWidget(m_change);
    layout->addWidget(m_payCash, 0, Qt::AlignRight);

    connect(m_tendered, &QLineEdit::textChanged, this, &PaymentPage::updateCash);
    connect(m_tendered, &QLineEdit::returnPressed, this, &PaymentPage::payCash);
    connect(m_payCash, &QPushButton::clicked, this, &PaymentPage::payCash);
    return tab;
}

void PaymentPage::activate() {
    m_form = CardForm(QDate::currentDate());
    for (Field* field : {&m_number, &m_expiry, &m_cvc, &m_holder}) {
        field->edit->clear();
        field->touched = false;
    }
    m_tendered->clear();
    m_error->hide();
    m_retry->hide();
    m_status->clear();
    const bool counter = m_session->isCounterStaff();
    m_tabs->setTabVisible(m_tabs->indexOf(m_cashTab), counter);
    fillSummary();
    setBusy(false);
    if (counter && m_tabs->currentWidget() == m_cashTab)
        showCashTab();
    else
        showCardTab();
}

void PaymentPage::showCardTab() {
    m_tabs->setCurrentWidget(m_cardTab);
    m_number.edit->setFocus();
}

void PaymentPage::showCashTab() {
    if (!m_session->isCounterStaff()) {
        showCardTab();
        return;
    }
    m_tabs->setCurrentWidget(m_cashTab);
    m_tendered->setFocus();
    m_tendered->selectAll();
}

void PaymentPage::payCurrent() {
    if (m_tabs->currentWidget() == m_cashTab)
        payCash();
    else
        payCard();
}

void PaymentPage::fillSummary() {
    const Hold& hold = m_checkout->hold();
    const auto& event = m_checkout->event();
    if (event) {
        m_eventLabel->setText(tr("%1 · %2 · %3")
                                  .arg(fromStd(event->summary.name), fromStd(event->summary.venue),
                                       localTimeText(event->summary.startsAt)));
    } else {
        m_eventLabel->clear();
    }
    while (QLayoutItem* item = m_lines->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int row = 0;
    auto addLine = [&](const QString& what, Cents cents) {
        auto* name = new QLabel(what, this);
        auto* price = new QLabel(formatMoney(cents, hold.currency), this);
        price->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_lines->addWidget(name, row, 0);
        m_lines->addWidget(price, row, 1);
        ++row;
    };
    for (const HeldSeat& seat : hold.seats)
        addLine(tr("%1 · Row %2 · Seat %3")
                    .arg(m_checkout->sectionName(seat.sectionId), fromStd(seat.row))
                    .arg(seat.number),
                seat.priceCents);
    for (const HeldGeneral& general : hold.general)
        addLine(tr("%1 · %n ticket(s)", nullptr, static_cast<int>(general.quantity))
                    .arg(m_checkout->sectionName(general.sectionId)),
                general.priceCents * general.quantity);
    const QString total = formatMoney(hold.totalCents, hold.currency);
    m_total->setText(total);
    m_total->setAccessibleName(tr("Total %1").arg(total));
    m_cashTotal->setText(total);
    m_payCard->setText(tr("&Pay %1").arg(total));
    m_payCash->setText(tr("Take &cash %1").arg(total));
    rebuildQuickAmounts();
    updateCash();
    validateCard();
}

void PaymentPage::onNumberEdited(const QString& text) {
    // Group the digits as the person types, keeping the cursor after the same digit.
    const int cursor = m_number.edit->cursorPosition();
    int digitsBefore = 0;
    for (int i = 0; i < cursor && i < text.size(); ++i)
        if (text.at(i).isDigit()) ++digitsBefore;
    const QString formatted = CardForm::formatNumber(text);
    if (formatted == text) return;
    m_number.edit->setText(formatted);
    int position = 0;
    for (int seen = 0; position < formatted.size() && seen < digitsBefore; ++position)
        if (formatted.at(position).isDigit()) ++seen;
    m_number.edit->setCursorPosition(position);
}

void PaymentPage::showCheck(Field& field, const CardForm::Check& check) {
    using Status = CardForm::Check::Status;
    // Wrong is said at once; empty and incomplete only once the person has left the field.
    const bool say = check.status == Status::Invalid ||
                     (field.touched && check.status != Status::Valid && !field.edit->hasFocus());
    field.message->setText(say ? check.message : QString());
    field.message->setVisible(say);
    if (field.edit->property("invalid").toBool() != say) {
        field.edit->setProperty("invalid", say);
        field.edit->style()->unpolish(field.edit);
        field.edit->style()->polish(field.edit);
    }
    field.edit->setAccessibleDescription(say ? check.message : QString());
}

void PaymentPage::validateCard() {
    m_form.setNumber(m_number.edit->text());
    m_form.setExpiry(m_expiry.edit->text());
    m_form.setCvc(m_cvc.edit->text());
    m_form.setHolderName(m_holder.edit->text());
    showCheck(m_number, m_form.numberCheck());
    showCheck(m_expiry, m_form.expiryCheck());
    showCheck(m_cvc, m_form.cvcCheck());
    showCheck(m_holder, m_form.holderNameCheck());
    m_brand->setText(CardForm::brandName(m_form.brand()));
    m_payCard->setEnabled(m_form.isValid() && m_checkout->state() == CheckoutModel::State::Held);
}

void PaymentPage::rebuildQuickAmounts() {
    while (QLayoutItem* item = m_quickAmounts->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const Hold& hold = m_checkout->hold();
    const std::vector<Cents> amounts = suggestedTenders(hold.totalCents);
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        const Cents amount = amounts[i];
        const QString money = formatMoney(amount, hold.currency);
        auto* button = new QPushButton(i == 0 ? tr("Exact %1").arg(money) : money, m_cashTab);
        button->setObjectName(QStringLiteral("quickAmount%1").arg(i));
        button->setAccessibleName(tr("Customer gives %1").arg(money));
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, [this, amount] {
            m_tendered->setText(QLocale().toString(static_cast<double>(amount) / 100.0, 'f', 2));
            m_tendered->setFocus();
        });
        m_quickAmounts->addWidget(button);
    }
    m_quickAmounts->addStretch(1);
}

void PaymentPage::updateCash() {
    const Hold& hold = m_checkout->hold();
    const Cents tendered = parseMoneyCents(m_tendered->text());
    const bool enough = tendered >= hold.totalCents && hold.totalCents > 0;
    if (tendered < 0) {
        m_changeCaption->setText(tr("Change"));
        m_change->setText(QStringLiteral("—"));
    } else if (!enough) {
        m_changeCaption->setText(tr("Still missing"));
        m_change->setText(formatMoney(hold.totalCents - tendered, hold.currency));
    } else {
        m_changeCaption->setText(tr("Change to give back"));
        m_change->setText(formatMoney(tendered - hold.totalCents, hold.currency));
    }
    m_change->setProperty("short", tendered >= 0 && !enough);
    m_change->setStyleSheet(
        QStringLiteral("font-size: 36pt; font-weight: 700; color: %1;")
            .arg(tendered >= 0 && !enough ? QStringLiteral("#9b1c1c") : QStringLiteral("#0b6e4f")));
    m_change->setAccessibleName(m_changeCaption->text() + QLatin1Char(' ') + m_change->text());
    m_payCash->setEnabled(enough && m_checkout->state() == CheckoutModel::State::Held);
}

void PaymentPage::payCard() {
    validateCard();
    const auto card = m_form.payment();
    if (!card) {
        // Say everything that is missing at once, rather than leaving Pay silently disabled.
        for (Field* field : {&m_number, &m_expiry, &m_cvc, &m_holder})
            field->touched = true;
        validateCard();
        return;
    }
    if (!m_payCard->isEnabled()) return;
    m_checkout->pay(*card);
}

void PaymentPage::payCash() {
    if (!m_session->isCounterStaff() || !m_payCash->isEnabled()) return;
    const Cents tendered = parseMoneyCents(m_tendered->text());
    if (tendered < m_checkout->hold().totalCents) return;
    m_checkout->pay(CashPayment{tendered});
}

void PaymentPage::setBusy(bool busy) {
    m_tabs->setEnabled(!busy);
    m_status->setText(busy ? tr("Paying… please wait.") : QString());
    if (!busy) {
        validateCard();
        updateCash();
    }
}

void PaymentPage::clearSecrets() {
    // Whatever the answer, the number, expiry and CVC are typed again for the next try; the
    // holder's name is not secret and usually stays the same.
    m_number.edit->clear();
    m_expiry.edit->clear();
    m_cvc.edit->clear();
    m_number.touched = m_expiry.touched = m_cvc.touched = false;
    m_form.clearSecrets();
    validateCard();
}

void PaymentPage::showError(const QString& message, bool retryable) {
    m_error->setText(message);
    m_error->show();
    m_retry->setVisible(retryable);
    if (retryable)
        m_retry->setFocus();
    else if (m_tabs->currentWidget() == m_cashTab)
        m_tendered->setFocus();
    else
        m_number.edit->setFocus();
}

void PaymentPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void PaymentPage::retranslate() {
    m_title->setText(tr("Payment"));
    m_summaryTitle->setText(tr("Held for you"));
    m_totalCaption->setText(tr("Total"));
    m_tabs->setTabText(m_tabs->indexOf(m_cardTab), tr("Card (F3)"));
    m_tabs->setTabText(m_tabs->indexOf(m_cashTab), tr("Cash (F2)"));
    m_numberCaption->setText(tr("Card &number"));
    m_number.edit->setAccessibleName(tr("Card number"));
    m_number.edit->setPlaceholderText(QStringLiteral("0000 0000 0000 0000"));
    m_brand->setAccessibleName(tr("Card brand"));
    m_expiryCaption->setText(tr("&Expiry"));
    m_expiry.edit->setAccessibleName(tr("Expiry date, month and year"));
    m_expiry.edit->setPlaceholderText(tr("MM/YY"));
    m_cvcCaption->setText(tr("C&VC"));
    m_cvc.edit->setAccessibleName(tr("Security code"));
    m_cvc.edit->setToolTip(tr("3 digits on the back; 4 on the front of American Express"));
    m_holderCaption->setText(tr("&Name on card"));
    m_holder.edit->setAccessibleName(tr("Name on card"));
    m_payCard->setToolTip(tr("Pay (Ctrl+Enter)"));
    m_cashTotalCaption->setText(tr("To pay"));
    m_tenderedCaption->setText(tr("&Amount given"));
    m_tendered->setAccessibleName(tr("Amount the customer gives"));
    m_tendered->setPlaceholderText(tr("e.g. 100"));
    m_payCash->setToolTip(tr("Take the cash (Enter or Ctrl+Enter)"));
    m_retry->setText(tr("&Check again"));
    m_retry->setAccessibleName(tr("Ask the server again about the same payment"));
    fillSummary();
}

} // namespace bilheteria::client
