// Paying for held seats: what is held and the total, then a card form checked as it is typed
// (Pay is enabled only when every field is right) or, for counter staff, cash with the amount
// handed over, quick amounts and the change shown large. Keys: F2 cash, F3 card, Ctrl+Enter
// pays. Card number, expiry and CVC are cleared after every request, whatever the answer.
#pragma once

#include <QWidget>

#include "client-qt/models/cardform.h"
#include "shared/protocol.h"

class QGridLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace bilheteria::client {

class CheckoutModel;
class Session;

class PaymentPage : public QWidget {
    Q_OBJECT
public:
    PaymentPage(CheckoutModel* checkout, Session* session, QWidget* parent = nullptr);

    // Fills the summary from the current hold, clears the form and puts the focus in it.
    void activate();
    void showCardTab();
    // Only for counter staff; otherwise the card tab.
    void showCashTab();
    // Pays with the tab in front, when its form is complete.
    void payCurrent();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Field {
        QLineEdit* edit = nullptr;
        QLabel* message = nullptr;
        bool touched = false; // left once: now "empty" and "incomplete" are worth saying
    };

    QWidget* buildCardTab();
    QWidget* buildCashTab();
    void fillSummary();
    void validateCard();
    void showCheck(Field& field, const CardForm::Check& check);
    void onNumberEdited(const QString& text);
    void updateCash();
    void rebuildQuickAmounts();
    void payCard();
    void payCash();
    void setBusy(bool busy);
    void clearSecrets();
    void showError(const QString& message, bool retryable);
    void retranslate();

    CheckoutModel* m_checkout;
    Session* m_session;
    CardForm m_form;

    QLabel* m_title;
    QLabel* m_eventLabel;
    QLabel* m_summaryTitle;
    QGridLayout* m_lines;
    QLabel* m_totalCaption;
    QLabel* m_total;
    QTabWidget* m_tabs;
    QWidget* m_cardTab;
    QWidget* m_cashTab = nullptr;

    Field m_number;
    QLabel* m_brand;
    Field m_expiry;
    Field m_cvc;
    Field m_holder;
    QLabel* m_numberCaption;
    QLabel* m_expiryCaption;
    QLabel* m_cvcCaption;
    QLabel* m_holderCaption;
    QPushButton* m_payCard;

    QLabel* m_cashTotalCaption = nullptr;
    QLabel* m_cashTotal = nullptr;
    QLabel* m_tenderedCaption = nullptr;
    QLineEdit* m_tendered = nullptr;
    QHBoxLayout* m_quickAmounts = nullptr;
    QLabel* m_changeCaption = nullptr;
    QLabel* m_change = nullptr;
    QPushButton* m_payCash = nullptr;

    QLabel* m_status;
    QLabel* m_error;
    QPushButton* m_retry;
};

} // namespace bilheteria::client
