// The HTTPS server's fallback certificate: without one configured, the server creates a
// self-signed certificate in its data directory, reuses it on later starts and prints its
// SHA-256 fingerprint so clients can check what they are trusting.
#pragma once

#include <string>

#include "shared/error.h"

namespace bilheteria {

struct TlsCertificateFiles {
    std::string certPath;
    std::string keyPath;
    // Upper-case hex pairs joined by colons, as `openssl x509 -fingerprint -sha256` prints it.
    std::string sha256Fingerprint;
    // True when this call generated the pair, false when it reused existing files.
    bool created = false;
};

// Creates DATADIR/tls/server.crt and DATADIR/tls/server.key unless both exist already, in
// which case it reuses them (after checking that the key belongs to the certificate).
// The certificate: ECDSA P-256 signed with SHA-256, valid 825 days, random serial, CN=host,
// subjectAltName with the host (as IP or DNS) plus DNS:localhost, IP:127.0.0.1 and IP:::1,
// CA:FALSE, keyUsage digitalSignature, extendedKeyUsage serverAuth. The key file is 0600
// and the tls directory 0700. A wildcard bind address ("", "0.0.0.0", "::") adds no entry of
// its own, since no client connects to it.
Result<TlsCertificateFiles> ensureSelfSignedCertificate(const std::string& dataDir,
                                                        const std::string& host);

// SHA-256 fingerprint (same format as above) of an existing PEM certificate file.
Result<std::string> certificateFingerprint(const std::string& certPath);

} // namespace bilheteria
