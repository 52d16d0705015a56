// The keys file (docs/operations.md): the keys that seal personal data, kept outside the
// database in a small text file only its owner may read.
//
//   # comments and blank lines are ignored
//   index <base64 of 32 bytes>            the e-mail blind index's HMAC key
//   key k1 <base64 of 32 bytes>           a sealing key, by id
//   key k2 <base64 of 32 bytes> current   the one new values are sealed with (exactly one)
#pragma once

#include <memory>
#include <string>

#include "server/store/fieldcipher.h"

namespace bilheteria {

// Fresh random keys: "k1" (current) and an index key.
FieldKeys generateFieldKeys();
// `keys` with a fresh random key added as the current one, named k<N+1> after the highest kN.
FieldKeys withNewCurrentKey(FieldKeys keys);

// Reads the file. invalid_request, saying why, when it cannot be read, group or others may read
// or write it (it must be mode 0600 or stricter), or a line is malformed. not_found when the
// file does not exist.
Result<FieldKeys> readKeysFile(const std::string& path);
// Writes the file with mode 0600 through a temporary file renamed over it, so a reader never
// sees half a file. With `createOnly`, conflict when the file exists already.
Result<void> writeKeysFile(const std::string& path, const FieldKeys& keys, bool createOnly);
// The file's cipher; a value under a key it does not hold makes it read the file again (a key
// `keys rotate` added while this process runs).
Result<std::shared_ptr<const FieldCipher>> loadKeysFile(const std::string& path);

} // namespace bilheteria
