#include "client-qt/ui/messagelabel.h"

#include <QLabel>
#include <QStyle>

namespace bilheteria::client {

void showMessage(QLabel* label, const QString& text, bool error) {
    label->setText(text);
    label->setProperty("fieldMessage", error);
    label->setStyleSheet(error ? QString() : QStringLiteral("color: #1a7f37; font-weight: 600;"));
    // The property changed: the style sheet's selector is applied again.
    label->style()->unpolish(label);
    label->style()->polish(label);
    label->show();
}

} // namespace bilheteria::client
