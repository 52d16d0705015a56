// Exchanging one ticket of an order at the counter: the event's seat map (the sale's own view)
// where the clerk picks the new place — a free seat, or a general-admission section — the old
// price, the new one and what the difference means in large type ("Customer pays R$ 50,00" /
// "Give back R$ 50,00"), the payment of a dearer place (cash with the change, or a card checked
// as it is typed, as on the payment page), then the new ticket, to print or save as PDF.
// Keys: arrows, +/−, Space on the map (Ctrl+B: the best free seat of the ticket's section),
// F2 cash, F3 card, Ctrl+Enter exchanges, Ctrl+P prints, Ctrl+S saves a PDF, Escape closes.
#pragma once

#include <QDialog>
#include <QPointer>

#include "client-qt/models/cardform.h"
#include "client-qt/ui/ticketrenderer.h"
#include "shared/protocol.h"

class QGroupBox;
class QLabel;
class QLineEdit;
class QPrinter;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace bilheteria::client {

class ExchangeModel;
class SeatMapView;

class ExchangeDialog : public QDialog {
    Q_OBJECT
public:
    // `cashAllowed`: clerks and admins take cash for a top-up; organizers only cards.
    ExchangeDialog(ExchangeModel* model, bool cashAllowed, QWidget* parent = nullptr);
    ~ExchangeDialog() override;

    SeatMapView* seatMapView() const { return m_map; }
    // Sends the exchange with what the form holds (payment only for a dearer place).
    void exchangeNow();
    // The new ticket after the exchange, one A6 page (false: not written, or no ticket yet).
    bool saveTicketPdf(const QString& path);
    bool printTicket(QPrinter* printer);
    bool isDone() const { return m_done; }

protected:
    void changeEvent(QEvent* event) override;
    void reject() override;

private:
    QWidget* buildCashTab();
    QWidget* buildCardTab();
    void updateFigures();
    void updateButtons();
    void updateCash();
    void validateCard();
    bool paymentReady() const;
    std::optional<PaymentRequest> payment() const;
    void showMessage(const QString& text, bool error);
    void onExchanged();
    void askPrint();
    void askSavePdf();
    void retranslate();

    QPointer<ExchangeModel> m_model;
    bool m_cashAllowed;
    CardForm m_form;
    bool m_done = false;
    bool m_retry = false;
    std::optional<TicketView> m_newTicket;

    QLabel* m_ticketLabel;
    QStackedWidget* m_middle;
    SeatMapView* m_map;
    QLabel* m_mapHint;
    QWidget* m_preview;
    QLabel* m_placeCaption;
    QLabel* m_place;
    QLabel* m_oldCaption;
    QLabel* m_oldPrice;
    QLabel* m_newCaption;
    QLabel* m_newPrice;
    QLabel* m_difference;
    QGroupBox* m_paymentBox;
    QTabWidget* m_tabs;
    QWidget* m_cashTab = nullptr;
    QWidget* m_cardTab;
    QLabel* m_tenderedCaption = nullptr;
    QLineEdit* m_tendered = nullptr;
    QLabel* m_change = nullptr;
    QLabel* m_numberCaption;
    QLineEdit* m_number;
    QLabel* m_expiryCaption;
    QLineEdit* m_expiry;
    QLabel* m_cvcCaption;
    QLineEdit* m_cvc;
    QLabel* m_holderCaption;
    QLineEdit* m_holder;
    QLabel* m_cardCheck;
    QLabel* m_message;
    QPushButton* m_exchange;
    QPushButton* m_print;
    QPushButton* m_savePdf;
    QPushButton* m_close;
};

} // namespace bilheteria::client
