// The bar that stays in view while seats are held: the time left (mm:ss, large), a progress bar,
// and "Release seats". In the last minute it turns to a warning colour and says so in words
// that screen readers announce; nothing depends on colour alone.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace bilheteria::client {

class CheckoutModel;

class HoldBar : public QWidget {
    Q_OBJECT
    Q_PROPERTY(bool warning READ isWarning NOTIFY warningChanged)
public:
    explicit HoldBar(CheckoutModel* checkout, QWidget* parent = nullptr);

    bool isWarning() const { return m_warning; }
    QString timeText() const;
    // "Go to payment": shown while the payment page is not in front (e.g. back on the map).
    void setContinueVisible(bool visible);

Q_SIGNALS:
    void warningChanged(bool warning);
    void continueRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void updateNotice();
    void onRemaining(int seconds);
    void setWarning(bool warning);
    void retranslate();

    CheckoutModel* m_checkout;
    QLabel* m_title;
    QLabel* m_time;
    QProgressBar* m_progress;
    QLabel* m_notice;
    QPushButton* m_continue;
    QPushButton* m_release;
    bool m_warning = false;
};

} // namespace bilheteria::client
