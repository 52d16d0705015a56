#include "client-term/ui/interactive.h"

#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

int runInteractive(SignIn& signIn, Language language) {
    Shell shell(signIn, language);
    return shell.run(connectScreen(shell));
}

} // namespace bilheteria::term
