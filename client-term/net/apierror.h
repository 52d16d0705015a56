// What a failed API call tells its caller: the contract's error (code, message, details) when
// the server answered, or what went wrong on the way (no answer, an untrusted certificate, an
// answer that is not the contract's). The same kinds as the desktop client's ApiError.
#pragma once

#include <expected>
#include <string>

#include "shared/error.h"
#include "shared/outcomeretry.h"

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
    // Whether the request may or may not have taken effect: no answer, an unreadable one, or a
    // 5xx such as a failover's 503 (shared/outcomeretry.h). The only case in which a purchase,
    // refund or exchange is sent again, and then with the same Idempotency-Key.
    bool outcomeUnknown() const {
        return kind != Kind::Tls && bilheteria::outcomeUnknown(httpStatus);
    }
};

template <typename T> using ApiResult = std::expected<T, ApiError>;

} // namespace bilheteria::term
