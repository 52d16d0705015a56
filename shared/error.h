// Errors every layer speaks: a code from the HTTP contract, a human sentence and optional
// details. Expected failures travel as values in Result<T>; the HTTP layer maps codes to
// statuses in one place.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bilheteria {

enum class ErrorCode {
    InvalidRequest,
    Unauthenticated,
    InvalidCredentials,
    TotpRequired,
    TotpInvalid,
    PaymentDeclined,
    Forbidden,
    NotFound,
    SeatsUnavailable,
    SoldOut,
    QuotaExceeded,
    HoldExpired,
    HoldNotActive,
    NotOnSale,
    QueueRequired,
    EmailTaken,
    IdempotencyMismatch,
    AlreadyCheckedIn,
    TicketVoid,
    CardLimitExceeded,
    ChallengeRequired,
    ChallengeInvalid,
    SaleClosed,   // the event was cancelled: nothing more is sold
    PriceDiffers, // an exchange to a place of another price
    Conflict,
    PayloadTooLarge,
    RateLimited,
    Unavailable,
    Internal,
};

// The snake_case name the contract uses on the wire ("seats_unavailable", ...).
std::string_view errorCodeName(ErrorCode code);
// The inverse of errorCodeName; Internal for names this build does not know.
ErrorCode errorCodeFromName(std::string_view name);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    nlohmann::json details = nlohmann::json::object();

    static Error invalidField(std::string_view field, std::string message);
    static Error notFound(std::string message);
    static Error forbidden(std::string message);
    static Error unavailable(std::string message);
    static Error internal(std::string message);
};

template <typename T> using Result = std::expected<T, Error>;

// Shorthand for the failing side of a Result: `return fail(Error::notFound("..."));`
inline std::unexpected<Error> fail(Error error) {
    return std::unexpected<Error>(std::move(error));
}

// {"error": {"code", "message", "details"?}} as the contract's error shape.
nlohmann::json errorBody(const Error& error);
// Reads the contract's error shape back; nullopt when the body is not one.
std::optional<Error> errorFromBody(const nlohmann::json& body);

} // namespace bilheteria

// Propagates a failed Result out of the enclosing function and binds the value otherwise:
//   BILHETERIA_TRY(user, store.findUserById(id));
#define BILHETERIA_TRY(var, expr)                                                                  \
    auto var##_result = (expr);                                                                    \
    if (!var##_result) return ::bilheteria::fail(std::move(var##_result).error());                 \
    auto var = std::move(*var##_result)

// The same for a Result<void>, or when the value is not needed.
#define BILHETERIA_CHECK(expr)                                                                     \
    do {                                                                                           \
        auto check_result_ = (expr);                                                               \
        if (!check_result_) return ::bilheteria::fail(std::move(check_result_).error());           \
    } while (false)
