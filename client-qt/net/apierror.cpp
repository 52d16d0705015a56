#include "client-qt/net/apierror.h"

#include <QCoreApplication>

#include "client-qt/net/qtconversion.h"
#include "shared/outcomeretry.h"

namespace bilheteria::client {

namespace {

// The contract's codes in the person's language; the server's own sentence (English) is the
// fall-back for codes this build does not know.
QString describeHttpError(const Error& error, int retryAfterSeconds) {
    switch (error.code) {
    case ErrorCode::InvalidCredentials:
        return QCoreApplication::translate("ApiError", "Wrong email or password.");
    case ErrorCode::TotpRequired:
        return QCoreApplication::translate("ApiError",
                                           "Enter the six-digit code from your authenticator app.");
    case ErrorCode::TotpInvalid:
        return QCoreApplication::translate(
            "ApiError",
            "That code is not right. Codes change every 30 seconds: try the current one.");
    case ErrorCode::Unauthenticated:
        return QCoreApplication::translate("ApiError",
                                           "Your session has ended. Please sign in again.");
    case ErrorCode::Forbidden:
        return QCoreApplication::translate("ApiError", "Your account may not do this.");
    case ErrorCode::NotFound:
        return QCoreApplication::translate("ApiError", "It is no longer there.");
    case ErrorCode::PaymentDeclined:
        return QCoreApplication::translate(
            "ApiError", "The card was declined. Your seats are still held: try another card.");
    case ErrorCode::SeatsUnavailable:
        return QCoreApplication::translate(
            "ApiError", "Someone else took some of those seats a moment ago. Please pick again.");
    case ErrorCode::SoldOut:
        return QCoreApplication::translate("ApiError",
                                           "Not enough tickets are left in this section.");
    case ErrorCode::QuotaExceeded:
        return QCoreApplication::translate(
            "ApiError", "You have reached the most tickets one customer may buy for this event.");
    case ErrorCode::CardLimitExceeded:
        return QCoreApplication::translate(
            "ApiError", "This card has reached the most tickets it may buy for this event. Your "
                        "seats are held a little longer: pay with another card before the "
                        "countdown ends.");
    case ErrorCode::HoldExpired:
        return QCoreApplication::translate(
            "ApiError", "Your hold ran out of time and the seats were released.");
    case ErrorCode::HoldNotActive:
        return QCoreApplication::translate("ApiError", "This hold is no longer active.");
    case ErrorCode::NotOnSale:
        return QCoreApplication::translate("ApiError",
                                           "Tickets for this event are not on sale right now.");
    case ErrorCode::QueueRequired:
        return QCoreApplication::translate(
            "ApiError", "This event has a waiting room: please wait for your turn.");
    case ErrorCode::EmailTaken:
        return QCoreApplication::translate("ApiError",
                                           "An account with this email already exists.");
    case ErrorCode::RateLimited:
        return retryAfterSeconds > 0
                   ? QCoreApplication::translate("ApiError",
                                                 "Too many attempts. Please wait %n second(s).",
                                                 nullptr, retryAfterSeconds)
                   : QCoreApplication::translate("ApiError",
                                                 "Too many attempts. Please wait a moment.");
    case ErrorCode::Unavailable:
        return QCoreApplication::translate(
            "ApiError", "The server is busy or under maintenance. Please try again shortly.");
    default:
        break;
    }
    return toQString(error.message);
}

} // namespace

bool ApiError::outcomeUnknown() const {
    return kind != Kind::Tls && bilheteria::outcomeUnknown(httpStatus);
}

QString ApiError::message() const {
    switch (kind) {
    case Kind::Network:
        return QCoreApplication::translate(
            "ApiError", "The server cannot be reached. Check the address and the network, then try "
                        "again.");
    case Kind::Tls:
        return QCoreApplication::translate("ApiError", "The server's certificate is not trusted.");
    case Kind::BadResponse:
        return QCoreApplication::translate(
            "ApiError", "The server sent an answer this app does not understand.");
    case Kind::Http:
        break;
    }
    return describeHttpError(error, retryAfterSeconds);
}

} // namespace bilheteria::client
