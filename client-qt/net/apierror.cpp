#include "client-qt/net/apierror.h"

#include <QCoreApplication>

#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {

QString tr(const char* text, int n = -1) {
    return QCoreApplication::translate("ApiError", text, nullptr, n);
}

// The contract's codes in the person's language; the server's own sentence (English) is the
// fall-back for codes this build does not know.
QString describeHttpError(const Error& error, int retryAfterSeconds) {
    switch (error.code) {
    case ErrorCode::InvalidCredentials:
        return tr("Wrong email or password.");
    case ErrorCode::TotpRequired:
        return tr("Enter the six-digit code from your authenticator app.");
    case ErrorCode::TotpInvalid:
        return tr("That code is not right. Codes change every 30 seconds: try the current one.");
    case ErrorCode::Unauthenticated:
        return tr("Your session has ended. Please sign in again.");
    case ErrorCode::Forbidden:
        return tr("Your account may not do this.");
    case ErrorCode::NotFound:
        return tr("It is no longer there.");
    case ErrorCode::PaymentDeclined:
        return tr("The card was declined. Your seats are still held: try another card.");
    case ErrorCode::SeatsUnavailable:
        return tr("Someone else took some of those seats a moment ago. Please pick again.");
    case ErrorCode::SoldOut:
        return tr("Not enough tickets are left in this section.");
    case ErrorCode::QuotaExceeded:
        return tr("You have reached the most tickets one customer may buy for this event.");
    case ErrorCode::CardLimitExceeded:
        return tr("This card has reached the most tickets it may buy for this event. "
                  "Your seats are still held: pay with another card.");
    case ErrorCode::HoldExpired:
        return tr("Your hold ran out of time and the seats were released.");
    case ErrorCode::HoldNotActive:
        return tr("This hold is no longer active.");
    case ErrorCode::NotOnSale:
        return tr("Tickets for this event are not on sale right now.");
    case ErrorCode::QueueRequired:
        return tr("This event has a waiting room: please wait for your turn.");
    case ErrorCode::EmailTaken:
        return tr("An account with this email already exists.");
    case ErrorCode::RateLimited:
        return retryAfterSeconds > 0
                   ? tr("Too many attempts. Please wait %n second(s).", retryAfterSeconds)
                   : tr("Too many attempts. Please wait a moment.");
    case ErrorCode::Unavailable:
        return tr("The server is busy or under maintenance. Please try again shortly.");
    default:
        break;
    }
    return toQString(error.message);
}

} // namespace

QString ApiError::message() const {
    switch (kind) {
    case Kind::Network:
        return tr("The server cannot be reached. Check the address and the network, then try "
                  "again.");
    case Kind::Tls:
        return tr("The server's certificate is not trusted.");
    case Kind::BadResponse:
        return tr("The server sent an answer this app does not understand.");
    case Kind::Http:
        break;
    }
    return describeHttpError(error, retryAfterSeconds);
}

} // namespace bilheteria::client
