#include "shared/error.h"

#include <array>
#include <utility>

namespace bilheteria {

namespace {
constexpr std::array<std::pair<ErrorCode, std::string_view>, 29> kNames{{
    {ErrorCode::InvalidRequest, "invalid_request"},
    {ErrorCode::Unauthenticated, "unauthenticated"},
    {ErrorCode::InvalidCredentials, "invalid_credentials"},
    {ErrorCode::TotpRequired, "totp_required"},
    {ErrorCode::TotpInvalid, "totp_invalid"},
    {ErrorCode::PaymentDeclined, "payment_declined"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::SeatsUnavailable, "seats_unavailable"},
    {ErrorCode::SoldOut, "sold_out"},
    {ErrorCode::QuotaExceeded, "quota_exceeded"},
    {ErrorCode::HoldExpired, "hold_expired"},
    {ErrorCode::HoldNotActive, "hold_not_active"},
    {ErrorCode::NotOnSale, "not_on_sale"},
    {ErrorCode::QueueRequired, "queue_required"},
    {ErrorCode::EmailTaken, "email_taken"},
    {ErrorCode::IdempotencyMismatch, "idempotency_mismatch"},
    {ErrorCode::AlreadyCheckedIn, "already_checked_in"},
    {ErrorCode::TicketVoid, "ticket_void"},
    {ErrorCode::CardLimitExceeded, "card_limit_exceeded"},
    {ErrorCode::ChallengeRequired, "challenge_required"},
    {ErrorCode::ChallengeInvalid, "challenge_invalid"},
    {ErrorCode::SaleClosed, "sale_closed"},
    {ErrorCode::PriceDiffers, "price_differs"},
    {ErrorCode::Conflict, "conflict"},
    {ErrorCode::PayloadTooLarge, "payload_too_large"},
    {ErrorCode::RateLimited, "rate_limited"},
    {ErrorCode::Unavailable, "unavailable"},
    {ErrorCode::Internal, "internal"},
}};
} // namespace

std::string_view errorCodeName(ErrorCode code) {
    for (const auto& [c, name] : kNames)
        if (c == code) return name;
    return "internal";
}

ErrorCode errorCodeFromName(std::string_view name) {
    for (const auto& [c, n] : kNames)
        if (n == name) return c;
    return ErrorCode::Internal;
}

Error Error::invalidField(std::string_view field, std::string message) {
    return Error{ErrorCode::InvalidRequest, std::move(message), {{"field", std::string(field)}}};
}
Error Error::notFound(std::string message) {
    return {ErrorCode::NotFound, std::move(message)};
}
Error Error::forbidden(std::string message) {
    return {ErrorCode::Forbidden, std::move(message)};
}
Error Error::unavailable(std::string message) {
    return {ErrorCode::Unavailable, std::move(message)};
}
Error Error::internal(std::string message) {
    return {ErrorCode::Internal, std::move(message)};
}

nlohmann::json errorBody(const Error& error) {
    nlohmann::json inner{{"code", errorCodeName(error.code)}, {"message", error.message}};
    if (error.details.is_object() && !error.details.empty()) inner["details"] = error.details;
    return {{"error", std::move(inner)}};
}

std::optional<Error> errorFromBody(const nlohmann::json& body) {
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object())
        return std::nullopt;
    const auto& inner = body["error"];
    const auto code = inner.find("code");
    const auto message = inner.find("message");
    if (code == inner.end() || !code->is_string() || message == inner.end() ||
        !message->is_string())
        return std::nullopt;
    Error error;
    error.code = errorCodeFromName(code->get<std::string>());
    error.message = message->get<std::string>();
    if (auto details = inner.find("details"); details != inner.end() && details->is_object())
        error.details = *details;
    return error;
}

} // namespace bilheteria
