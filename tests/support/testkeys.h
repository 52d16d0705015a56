// The keys every test store and every server a test starts seal personal data with: made once
// per test process, in a keys file (mode 0600) that the server processes find through
// BILHETERIA_KEYS_FILE, so a test's own store and its servers read each other's rows.
#pragma once

#include <memory>
#include <string>

#include "server/store/fieldcipher.h"

namespace bilheteria::testing {

// The file's path; also sets BILHETERIA_KEYS_FILE (unless the environment names one already).
const std::string& testKeysFile();
std::shared_ptr<const FieldCipher> testCipher();

} // namespace bilheteria::testing
