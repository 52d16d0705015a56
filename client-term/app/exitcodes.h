// What bilheteria-term's exit status says failed, for scripts (README, "Terminal client").
#pragma once

#include "client-term/net/apierror.h"

namespace bilheteria::term {

enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,     // anything else: an answer that is not the contract's, an internal error
    kExitUsage = 2,       // bad command line or option values
    kExitUnreachable = 3, // no answer from the server
    kExitUntrusted = 4,   // the server's certificate is not trusted (run `trust`)
    kExitAuth = 5,        // not signed in, wrong credentials or code, session expired
    kExitForbidden = 6,   // signed in, but not allowed
    kExitNotFound = 7,    // no such event, hold or order
    kExitConflict = 8,    // seats taken, sold out, limit reached, hold expired, not on sale...
    kExitPayment = 9,     // payment declined, card over its limit
    kExitTryLater = 10,   // rate limited or the server is unavailable: try again later
    kExitInvalid = 11,    // the server refused the request as invalid (details in the message)
};

// The exit status for a failed call.
int exitCodeFor(const ApiError& error);

} // namespace bilheteria::term
