// The full-screen app: `bilheteria-term --server URL` with no command.
#pragma once

#include "client-term/models/format.h"
#include "client-term/models/signin.h"

namespace bilheteria::term {

// Runs the counter app until the person quits; returns the exit status.
int runInteractive(SignIn& signIn, Language language);

} // namespace bilheteria::term
