// A page's one-line message under its form: red as a field message (the style sheet's
// `fieldMessage`) for an error, green and bold for what went well.
#pragma once

class QLabel;
class QString;

namespace bilheteria::client {

void showMessage(QLabel* label, const QString& text, bool error);

} // namespace bilheteria::client
