// After the payment: the order number, what was paid and how (card brand and last digits, or
// cash with the change), and every ticket with its QR code as it will print. Print (Ctrl+P),
// Save as PDF (Ctrl+S, one ticket per A6 page) and New sale (Ctrl+N) to start again.
#pragma once

#include <QList>
#include <QWidget>

#include "client-qt/ui/ticketrenderer.h"

class QGridLayout;
class QLabel;
class QPrinter;
class QPushButton;

namespace bilheteria::client {

class CheckoutModel;

class ConfirmationPage : public QWidget {
    Q_OBJECT
public:
    explicit ConfirmationPage(CheckoutModel* checkout, QWidget* parent = nullptr);

    // Shows the model's last order and puts the focus on "New sale".
    void activate();
    const QList<TicketView>& tickets() const { return m_tickets; }

    // Without dialogs (the buttons ask where first): false when the file cannot be written.
    bool savePdf(const QString& path);
    bool print(QPrinter* printer);

Q_SIGNALS:
    void newSaleRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void showOrder();
    void askPrint();
    void askSavePdf();
    void retranslate();

    CheckoutModel* m_checkout;
    QList<TicketView> m_tickets;
    QLabel* m_title;
    QLabel* m_orderNumber;
    QLabel* m_paid;
    QLabel* m_payment;
    QGridLayout* m_ticketGrid;
    QWidget* m_ticketArea;
    QLabel* m_status;
    QPushButton* m_print;
    QPushButton* m_savePdf;
    QPushButton* m_newSale;
};

} // namespace bilheteria::client
