#include "client-term/app/exitcodes.h"

namespace bilheteria::term {

int exitCodeFor(const ApiError& error) {
    switch (error.kind) {
    case ApiError::Kind::Network:
        return kExitUnreachable;
    case ApiError::Kind::Tls:
        return kExitUntrusted;
    case ApiError::Kind::BadResponse:
        return kExitFailure;
    case ApiError::Kind::Http:
        break;
    }
    switch (error.code()) {
    case ErrorCode::Unauthenticated:
    case ErrorCode::InvalidCredentials:
    case ErrorCode::TotpRequired:
    case ErrorCode::TotpInvalid:
        return kExitAuth;
    case ErrorCode::Forbidden:
        return kExitForbidden;
    case ErrorCode::NotFound:
        return kExitNotFound;
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
    case ErrorCode::SaleClosed:
    case ErrorCode::PriceDiffers:
    case ErrorCode::Conflict:
    case ErrorCode::ChallengeRequired:
    case ErrorCode::ChallengeInvalid:
        return kExitConflict;
    case ErrorCode::PaymentDeclined:
    case ErrorCode::CardLimitExceeded:
        return kExitPayment;
    case ErrorCode::RateLimited:
    case ErrorCode::Unavailable:
        return kExitTryLater;
    case ErrorCode::InvalidRequest:
    case ErrorCode::PayloadTooLarge:
        return kExitInvalid;
    case ErrorCode::Internal:
        return kExitFailure;
    }
    return kExitFailure;
}

} // namespace bilheteria::term
