// The counter after the sale: scan a ticket (or type its code, or the order's number), see
// the order and its tickets with their status, tick tickets and refund them after a
// confirmation that says the amount (and, for cash, what to hand back); or exchange the
// current ticket for another place (ExchangeDialog).
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace bilheteria::client {

class AfterSaleModel;
class ExchangeModel;

class AfterSalePage : public QWidget {
    Q_OBJECT
public:
    AfterSalePage(AfterSaleModel* model, ExchangeModel* exchange, QWidget* parent = nullptr);

    // Clerks and admins take cash for an exchange's top-up; organizers only cards.
    void setCashAllowed(bool allowed) { m_cashAllowed = allowed; }
    // Opens the exchange of the current ticket (the table's current row); false when it cannot
    // be exchanged.
    bool openExchange();

    // Empty search, focus in it.
    void activate();

    // The confirmation's text for refunding the ticked tickets (for tests and the dialog).
    QString confirmationText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateOrder();
    void updateButtons();
    void confirmRefund();
    void showMessage(const QString& text, bool error);
    void retranslate();

    AfterSaleModel* m_model;
    QLabel* m_title;
    QLabel* m_findCaption;
    QLineEdit* m_find;
    QPushButton* m_findButton;
    QLabel* m_summary;
    QTableView* m_tickets;
    QPushButton* m_all;
    QLabel* m_reasonCaption;
    QLineEdit* m_reason;
    QPushButton* m_refund;
    QPushButton* m_exchangeButton;
    ExchangeModel* m_exchange;
    bool m_cashAllowed = true;
    QLabel* m_message;
    bool m_retry = false;
};

} // namespace bilheteria::client
