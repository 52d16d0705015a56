#include "tests/support/storetesting.h"

namespace bilheteria::testing {

const std::string kPasswordHash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

} // namespace bilheteria::testing
