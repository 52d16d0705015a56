#include "client-term/models/signin.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

namespace bilheteria::term {

SignIn::SignIn(ServerAddress address, std::string caFile, std::filesystem::path configFolder)
    : m_address(std::move(address))
    , m_caFile(std::move(caFile))
    , m_folder(std::move(configFolder))
    , m_pins(m_folder / "pins") {}

std::filesystem::path SignIn::defaultConfigFolder() {
    return PinStore::defaultFolder().parent_path();
}

TlsTrust SignIn::trust() const {
    TlsTrust trust;
    if (!m_caFile.empty())
        trust.caFile = m_caFile;
    else if (auto pem = m_pins.pinned(m_address))
        trust.pinnedPem = *pem;
    return trust;
}

bool SignIn::hasPin() const {
    return m_pins.pinned(m_address).has_value();
}

Result<ServerCertificate> SignIn::fetchCertificate() const {
    return fetchServerCertificate(m_address);
}

Result<void> SignIn::pin(const ServerCertificate& certificate) {
    return m_pins.pin(m_address, certificate.pem);
}

std::filesystem::path SignIn::tokenFile() const {
    std::string name = m_address.host + "_" + std::to_string(m_address.port) + ".token";
    for (char& c : name)
        if (c == '/' || c == '\\' || c == ':') c = '_';
    return m_folder / "sessions" / name;
}

ApiResult<LoginSession> SignIn::login(ApiClient& api, const std::string& email,
                                      const std::string& password,
                                      const std::optional<std::string>& totpCode) {
    LoginRequest request;
    request.email = email;
    request.password = password;
    request.totpCode = totpCode;
    auto session = api.login(request);
    if (!session) return session;
    std::error_code error;
    const auto file = tokenFile();
    std::filesystem::create_directories(file.parent_path(), error);
    // The token is a password for as long as it lives: created readable by its owner only.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        const std::string line = session->token + "\n";
        [[maybe_unused]] const auto written = ::write(fd, line.data(), line.size());
        ::close(fd);
    }
    return session;
}

std::optional<std::string> SignIn::savedToken() const {
    std::ifstream in(tokenFile());
    std::string token;
    if (!in || !std::getline(in, token) || token.empty()) return std::nullopt;
    return token;
}

void SignIn::forgetToken() const {
    std::error_code ignored;
    std::filesystem::remove(tokenFile(), ignored);
}

} // namespace bilheteria::term
