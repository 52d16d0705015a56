// What a failed API call tells its caller: the contract's error (code, message, details) when
// the server answered, or what went wrong on the way (no answer, an untrusted certificate, an
// answer that is not the contract's). The same kinds as the desktop client's ApiError.
#pragma once

#include <expected>
#include <string>

#include "shared/error.h"

namespace bilheteria::term {

struct ApiError {
    enum class Kind {
        Http,        // the server answered with the contract's error shape
        Network,     // no answer: refused, timed out, DNS, connection dropped
        Tls,         // the server's certificate is not trusted
        BadResponse, // an answer that is not the contract's
    };
    Kind kind = Kind::Network;
    Error error;               // code and message; ErrorCode::Unavailable for Network and Tls
    int httpStatus = 0;        // 0 when there was no HTTP answer
    int retryAfterSeconds = 0; // from Retry-After on 429 and 503

    ErrorCode code() const { return error.code; }
    bool is(ErrorCode c) const { return kind == Kind::Http && error.code == c; }
    // Whether the request may have reached the server without an answer we could read: the
    // only case in which a purchase is retried with the same Idempotency-Key.
    bool noAnswer() const { return kind == Kind::Network || kind == Kind::BadResponse; }
};

template <typename T> using ApiResult = std::expected<T, ApiError>;

} // namespace bilheteria::term
