// What a failed API call tells its caller: the contract's error (code, message, details) when
// the server answered, or what went wrong on the way (no connection, an untrusted certificate,
// an answer that is not the contract's).
#pragma once

#include <QSslCertificate>
#include <QString>
#include <expected>

#include "shared/error.h"

namespace bilheteria::client {

struct ApiError {
    enum class Kind {
        Http,        // the server answered with the contract's error shape
        Network,     // no answer: refused, timed out, DNS, connection dropped
        Tls,         // the server's certificate is not trusted (see `certificate`)
        BadResponse, // an answer that is not the contract's
    };
    Kind kind = Kind::Network;
    Error error;                 // code and message; ErrorCode::Unavailable for Network
    int httpStatus = 0;          // 0 when there was no HTTP answer
    int retryAfterSeconds = 0;   // from Retry-After on 429 and 503
    QSslCertificate certificate; // Tls: the certificate the server presented

    ErrorCode code() const { return error.code; }
    bool is(ErrorCode c) const { return kind == Kind::Http && error.code == c; }
    // Whether the request may or may not have taken effect: no answer, an unreadable one, or a
    // 5xx (shared/outcomeretry.h). Only the same request with the same Idempotency-Key learns
    // which; a request with a new key could be refused for what the first one did.
    bool outcomeUnknown() const;
    // A sentence for the person in front of the screen (translated where the client wrote it).
    QString message() const;
};

template <typename T> using ApiResult = std::expected<T, ApiError>;

} // namespace bilheteria::client
