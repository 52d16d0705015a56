// Conversions between the protocol's standard types (shared/) and Qt's: strings, times, ids.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <string>
#include <vector>

#include "shared/protocol.h"

namespace bilheteria::client {

inline QString toQString(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
inline std::string toStdString(const QString& text) {
    return text.toStdString();
}

QDateTime toQDateTime(TimePoint time);
TimePoint toTimePoint(const QDateTime& time);

QList<qint64> toIdList(const std::vector<Id>& ids);
std::vector<Id> toIdVector(const QList<qint64>& ids);

} // namespace bilheteria::client
