// Signing in from a terminal: which certificate to trust (a CA file, the certificate pinned on
// first use, or the system's CAs), the certificate to show when the server's is not trusted
// yet, and the session token kept between runs (one file per server, readable by its owner
// only, in the user's config folder beside the pins).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "client-term/net/apiclient.h"
#include "client-term/net/servertrust.h"

namespace bilheteria::term {

class SignIn {
public:
    // `caFile` empty: the pinned certificate if there is one, else the system's CAs.
    SignIn(ServerAddress address, std::string caFile,
           std::filesystem::path configFolder = defaultConfigFolder());
    // $XDG_CONFIG_HOME/bilheteria, else ~/.config/bilheteria.
    static std::filesystem::path defaultConfigFolder();

    const ServerAddress& address() const { return m_address; }
    TlsTrust trust() const;
    bool hasPin() const;

    // The server's certificate, to show its fingerprint before pinning it.
    Result<ServerCertificate> fetchCertificate() const;
    // Trusts exactly this certificate for this server from now on.
    Result<void> pin(const ServerCertificate& certificate);

    // Logs in (with the authenticator code when the account has two factors) and keeps the
    // session for the next runs.
    ApiResult<LoginSession> login(ApiClient& api, const std::string& email,
                                  const std::string& password,
                                  const std::optional<std::string>& totpCode);
    std::optional<std::string> savedToken() const;
    void forgetToken() const;

private:
    std::filesystem::path tokenFile() const;

    ServerAddress m_address;
    std::string m_caFile;
    std::filesystem::path m_folder;
    PinStore m_pins;
};

} // namespace bilheteria::term
