// The counter after the sale: scan a ticket (or type its code, or the order's number), see
// the order and its tickets with their status, tick tickets and refund them after a
// confirmation that says the amount (and, for cash, what to hand back).
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace bilheteria::client {

class AfterSaleModel;

class AfterSalePage : public QWidget {
    Q_OBJECT
public:
    explicit AfterSalePage(AfterSaleModel* model, QWidget* parent = nullptr);

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
    QLabel* m_message;
    bool m_retry = false;
};

} // namespace bilheteria::client
