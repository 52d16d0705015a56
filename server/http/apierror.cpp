#include "server/http/apierror.h"

namespace bilheteria {

int httpStatus(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidRequest:
    case ErrorCode::ChallengeRequired:
    case ErrorCode::ChallengeInvalid:
        return 400;
    case ErrorCode::Unauthenticated:
    case ErrorCode::InvalidCredentials:
    case ErrorCode::TotpRequired:
    case ErrorCode::TotpInvalid:
        return 401;
    case ErrorCode::PaymentDeclined:
        return 402;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::SeatsUnavailable:
    case ErrorCode::SoldOut:
    case ErrorCode::QuotaExceeded:
    case ErrorCode::HoldExpired:
    case ErrorCode::HoldNotActive:
    case ErrorCode::NotOnSale:
    case ErrorCode::QueueRequired:
    case ErrorCode::EmailTaken:
    case ErrorCode::IdempotencyMismatch:
    case ErrorCode::AlreadyCheckedIn:
    case ErrorCode::TicketVoid:
    case ErrorCode::CardLimitExceeded:
    case ErrorCode::SaleClosed:
    case ErrorCode::PriceDiffers:
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::Unavailable:
        return 503;
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

} // namespace bilheteria
