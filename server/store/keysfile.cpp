#include "server/store/keysfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

Error fileError(const std::string& path, const std::string& why) {
    return Error::invalidField("keys", "keys file " + path + ": " + why);
}

Result<std::string> decodeKey(const std::string& path, int line, const std::string& text) {
    auto bytes = crypto::base64Decode(text);
    if (!bytes || bytes->size() != crypto::kAes256KeyBytes)
        return fail(
            fileError(path, "line " + std::to_string(line) + ": a key is the base64 of 32 bytes"));
    return std::move(*bytes);
}

Result<FieldKeys> parse(const std::string& path, std::istream& in) {
    FieldKeys keys;
    int number = 0;
    int currents = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        std::istringstream words(line);
        std::string kind;
        if (!(words >> kind) || kind.starts_with("#")) continue;
        const auto where = "line " + std::to_string(number) + ": ";
        std::string id, text, flag, extra;
        if (kind == "index") {
            if (!(words >> text) || (words >> extra))
                return fail(fileError(path, where + "expected: index BASE64"));
            if (!keys.indexKey.empty()) return fail(fileError(path, where + "a second index key"));
            auto key = decodeKey(path, number, text);
            if (!key) return fail(std::move(key).error());
            keys.indexKey = std::move(*key);
        } else if (kind == "key") {
            if (!(words >> id >> text) || ((words >> flag) && flag != "current") ||
                (words >> extra))
                return fail(fileError(path, where + "expected: key ID BASE64 [current]"));
            if (!FieldCipher::validKeyId(id))
                return fail(fileError(path, where + "a key id is 1 to 32 of a-z and 0-9"));
            auto key = decodeKey(path, number, text);
            if (!key) return fail(std::move(key).error());
            keys.keys.push_back({id, std::move(*key)});
            if (flag == "current") {
                ++currents;
                keys.currentKeyId = id;
            }
        } else {
            return fail(fileError(path, where + "unknown entry '" + kind + "'"));
        }
    }
    if (keys.indexKey.empty()) return fail(fileError(path, "no index key"));
    if (currents != 1) return fail(fileError(path, "exactly one key must be marked current"));
    return keys;
}

} // namespace

FieldKeys generateFieldKeys() {
    FieldKeys keys;
    keys.keys.push_back({"k1", crypto::randomBytes(crypto::kAes256KeyBytes)});
    keys.currentKeyId = "k1";
    keys.indexKey = crypto::randomBytes(crypto::kAes256KeyBytes);
    return keys;
}

FieldKeys withNewCurrentKey(FieldKeys keys) {
    long highest = 0;
    for (const auto& key : keys.keys)
        if (key.id.size() > 1 && key.id[0] == 'k' &&
            key.id.find_first_not_of("0123456789", 1) == std::string::npos && key.id.size() < 10)
            highest = std::max(highest, std::stol(key.id.substr(1)));
    const auto id = "k" + std::to_string(highest + 1);
    keys.keys.push_back({id, crypto::randomBytes(crypto::kAes256KeyBytes)});
    keys.currentKeyId = id;
    return keys;
}

Result<FieldKeys> readKeysFile(const std::string& path) {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) {
        if (errno == ENOENT) return fail(Error::notFound("keys file " + path + " does not exist"));
        return fail(fileError(path, std::strerror(errno)));
    }
    if (!S_ISREG(status.st_mode)) return fail(fileError(path, "not a regular file"));
    if ((status.st_mode & 077) != 0)
        return fail(fileError(path, "group or others may access it; it must be mode 0600 "
                                    "(chmod 600 " +
                                        path + ")"));
    std::ifstream in(path);
    if (!in) return fail(fileError(path, "cannot be read"));
    return parse(path, in);
}

Result<void> writeKeysFile(const std::string& path, const FieldKeys& keys, bool createOnly) {
    std::ostringstream text;
    text << "# Bilheteria's keys for personal data at rest (docs/operations.md).\n"
            "# Keep this file mode 0600, outside the database's backups, and back it up on its "
            "own:\n# without it the sealed e-mails, names and TOTP secrets cannot be read.\n"
         << "index " << crypto::base64Encode(keys.indexKey) << "\n";
    for (const auto& key : keys.keys)
        text << "key " << key.id << " " << crypto::base64Encode(key.key)
             << (key.id == keys.currentKeyId ? " current" : "") << "\n";
    const std::string content = text.str();

    const std::string temporary = path + ".new";
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return fail(fileError(temporary, std::strerror(errno)));
    // A rewrite (rotation, run as root by the operator) keeps the file's owner, so the service's
    // user can still read it after the rename.
    struct stat previous {};
    const bool keepOwner = !createOnly && stat(path.c_str(), &previous) == 0 &&
                           (previous.st_uid != geteuid() || previous.st_gid != getegid());
    // O_CREAT's mode does not apply to a file left over from an interrupted write.
    bool written =
        fchmod(fd, 0600) == 0 &&
        (!keepOwner || fchown(fd, previous.st_uid, previous.st_gid) == 0) &&
        write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
        fsync(fd) == 0;
    written = close(fd) == 0 && written;
    if (!written) {
        unlink(temporary.c_str());
        return fail(fileError(temporary, "cannot be written"));
    }
    // link() refuses an existing target where rename() would replace it.
    const bool placed =
        createOnly ? link(temporary.c_str(), path.c_str()) == 0 && unlink(temporary.c_str()) == 0
                   : rename(temporary.c_str(), path.c_str()) == 0;
    if (!placed) {
        const int error = errno;
        unlink(temporary.c_str());
        if (createOnly && error == EEXIST)
            return fail(Error{ErrorCode::Conflict, "keys file " + path + " exists already"});
        return fail(fileError(path, std::strerror(error)));
    }
    return {};
}

Result<std::shared_ptr<const FieldCipher>> loadKeysFile(const std::string& path) {
    auto keys = readKeysFile(path);
    if (!keys) return fail(std::move(keys).error());
    return FieldCipher::create(std::move(*keys), [path]() -> std::optional<FieldKeys> {
        auto again = readKeysFile(path);
        if (!again) return std::nullopt;
        return std::move(*again);
    });
}

} // namespace bilheteria
