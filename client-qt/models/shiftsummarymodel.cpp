#include "client-qt/models/shiftsummarymodel.h"

#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

ShiftSummaryModel::ShiftSummaryModel(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_since(QDateTime(QDate::currentDate(), QTime(0, 0))) {}

void ShiftSummaryModel::setSince(const QDateTime& since) {
    m_since = since;
}

void ShiftSummaryModel::setUntil(const std::optional<QDateTime>& until) {
    m_until = until;
}

void ShiftSummaryModel::refresh() {
    const quint64 generation = ++m_generation;
    if (!m_loading) {
        m_loading = true;
        Q_EMIT loadingChanged(true);
    }
    m_api->shiftSummary(m_since, m_until, this, [this, generation](ApiResult<ShiftSummary> result) {
        // Only the latest question's answer counts.
        if (generation != m_generation) return;
        m_loading = false;
        Q_EMIT loadingChanged(false);
        if (!result) {
            m_error = result.error().message();
            Q_EMIT failed(m_error);
            return;
        }
        m_error.clear();
        m_summary = std::move(*result);
        Q_EMIT summaryChanged();
    });
}

QDateTime ShiftSummaryModel::summarySince() const {
    return m_summary ? toQDateTime(m_summary->since) : QDateTime();
}

QDateTime ShiftSummaryModel::summaryUntil() const {
    return m_summary ? toQDateTime(m_summary->until) : QDateTime();
}

} // namespace bilheteria::client
