// Trust on first use, as the desktop client does it: the first time a server shows a
// certificate no CA vouches for, the person compares its SHA-256 fingerprint with the one the
// server printed at start and, if they match, pins it; from then on the connection trusts
// exactly that certificate for that server and refuses any other. Nothing is trusted silently.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "client-term/net/httpsconnection.h"
#include "shared/error.h"

namespace bilheteria::term {

struct ServerCertificate {
    std::string pem;
    std::string fingerprint; // "AB:CD:..." SHA-256, as the server and `openssl x509` print it
    std::string subject;     // the subject's common name
};

// Connects, completes a TLS handshake and returns the certificate the server presented,
// without verifying it and without sending a byte of HTTP: only so it can be shown to the
// person. unavailable when the server cannot be reached.
Result<ServerCertificate> fetchServerCertificate(const ServerAddress& address);
// The SHA-256 fingerprint of the first certificate of a PEM text; empty when there is none.
std::string fingerprintOfPem(const std::string& pem);

// Pinned certificates, one PEM file per server ("host_port.pem") in the user's config folder:
// $XDG_CONFIG_HOME/bilheteria/pins, else ~/.config/bilheteria/pins.
class PinStore {
public:
    explicit PinStore(std::filesystem::path folder = defaultFolder());
    static std::filesystem::path defaultFolder();

    std::optional<std::string> pinned(const ServerAddress& address) const;
    Result<void> pin(const ServerAddress& address, const std::string& pem);
    void forget(const ServerAddress& address);

private:
    std::filesystem::path fileFor(const ServerAddress& address) const;
    std::filesystem::path m_folder;
};

} // namespace bilheteria::term
