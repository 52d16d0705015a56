#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

QDateTime toQDateTime(TimePoint time) {
    return QDateTime::fromSecsSinceEpoch(time.time_since_epoch().count(), Qt::UTC);
}

TimePoint toTimePoint(const QDateTime& time) {
    return TimePoint{std::chrono::seconds{time.toSecsSinceEpoch()}};
}

QList<qint64> toIdList(const std::vector<Id>& ids) {
    QList<qint64> out;
    out.reserve(static_cast<qsizetype>(ids.size()));
    for (Id id : ids)
        out.append(id);
    return out;
}

std::vector<Id> toIdVector(const QList<qint64>& ids) {
    return {ids.begin(), ids.end()};
}

} // namespace bilheteria::client
