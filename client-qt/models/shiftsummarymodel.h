// A clerk's shift at the counter (GET /me/shift): the orders the signed-in account took
// payment for since a moment (by default when the clerk signed in), with totals per currency
// (orders, tickets, cash, card, change handed back) and per event. The dialog prints it.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;

class ShiftSummaryModel : public QObject {
    Q_OBJECT
public:
    explicit ShiftSummaryModel(ApiClient* api, QObject* parent = nullptr);

    // The shift's start; the server keeps whole seconds (a start inside a second includes it).
    void setSince(const QDateTime& since);
    QDateTime since() const { return m_since; }
    // The end; none: up to the moment of the answer.
    void setUntil(const std::optional<QDateTime>& until);
    std::optional<QDateTime> until() const { return m_until; }

    void refresh();
    bool isLoading() const { return m_loading; }

    const std::optional<ShiftSummary>& summary() const { return m_summary; }
    // The window the answer covers (UTC), as the server read it.
    QDateTime summarySince() const;
    QDateTime summaryUntil() const;
    QString errorMessage() const { return m_error; }

Q_SIGNALS:
    void summaryChanged();
    void failed(const QString& message);
    void loadingChanged(bool loading);

private:
    ApiClient* m_api;
    QDateTime m_since;
    std::optional<QDateTime> m_until;
    bool m_loading = false;
    quint64 m_generation = 0;
    std::optional<ShiftSummary> m_summary;
    QString m_error;
};

} // namespace bilheteria::client
