#include "server/core/accounts.h"

#include "shared/text.h"

#include <algorithm>
#include <cctype>

namespace bilheteria {

namespace {

constexpr std::size_t kMinPassword = 8, kMaxPassword = 128;

bool plausibleEmail(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) return false;
    if (email.find('@', at + 1) != std::string_view::npos) return false;
    const auto domain = email.substr(at + 1);
    if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
        return false;
    return std::none_of(email.begin(), email.end(),
                        [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); });
}

std::string trimmed(std::string_view text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

Error invalidCredentials() {
    return {ErrorCode::InvalidCredentials, "the email or password is wrong"};
}

} // namespace

AccountService::AccountService(AccountStore& store, const Clock& clock, AccountSettings settings,
                               HashingLane* lane)
    : m_store(store)
    , m_clock(clock)
    , m_settings(std::move(settings))
    , m_lane(lane)
    , m_dummyHash(crypto::hashPassword(crypto::randomToken(16), m_settings.argon2)) {}

std::string AccountService::normalizeEmail(std::string_view email) {
    std::string out = trimmed(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string AccountService::sessionKey(const std::string& token) {
    return crypto::sha256Hex(token);
}

Result<User> AccountService::registerBuyer(std::string_view email, std::string_view password,
                                           std::string_view name) {
    return createAccount(email, password, name, Role::Buyer);
}

Result<User> AccountService::addUser(std::string_view email, std::string_view password,
                                     std::string_view name, Role role) {
    return createAccount(email, password, name, role);
}

Result<User> AccountService::createAccount(std::string_view email, std::string_view password,
                                           std::string_view name, Role role) {
    NewUser user;
    user.email = normalizeEmail(email);
    if (user.email.size() > 320 || !plausibleEmail(user.email))
        return fail(Error::invalidField("email", "email must be a valid address"));
    const auto length = utf8Length(password);
    if (length < kMinPassword || length > kMaxPassword)
        return fail(Error::invalidField("password", "password must have 8 to 128 characters"));
    user.name = trimmed(name);
    if (user.name.empty() || utf8Length(user.name) > 200)
        return fail(Error::invalidField("name", "name must have 1 to 200 characters"));
    user.role = role;
    auto hash = [&] { user.passwordHash = crypto::hashPassword(password, m_settings.argon2); };
    if (m_lane)
        BILHETERIA_CHECK(m_lane->run(hash));
    else
        hash();
    return m_store.createUser(user);
}

Result<LoginResult> AccountService::login(std::string_view email, std::string_view password,
                                          const std::optional<std::string>& totpCode) {
    // A full lane refuses before the lookup: during a storm the refusals cost no database work.
    if (m_lane) BILHETERIA_CHECK(m_lane->admits());
    auto record = m_store.findUserByEmail(normalizeEmail(email));
    if (!record) {
        if (record.error().code != ErrorCode::NotFound) return fail(record.error());
        // Spend the same time as a real check so timing does not reveal which emails exist.
        // (Through the lane too, so a full lane refuses both alike.)
        BILHETERIA_CHECK(verifyPassword(password, m_dummyHash));
        return fail(invalidCredentials());
    }
    BILHETERIA_TRY(matches, verifyPassword(password, record->passwordHash));
    if (!matches) return fail(invalidCredentials());

    if (record->totpSecret) {
        if (!totpCode || totpCode->empty())
            return fail(Error{ErrorCode::TotpRequired, "this account needs a TOTP code"});
        const auto step = matchTotp(*record->totpSecret, *totpCode);
        if (!step) return fail(Error{ErrorCode::TotpInvalid, "the TOTP code is wrong"});
        BILHETERIA_TRY(claimed, m_store.claimTotpStep(record->user.id, *step));
        if (!claimed) return fail(Error{ErrorCode::TotpInvalid, "this TOTP code was used already"});
    }

    const auto now = m_clock.now();
    LoginResult result;
    result.token = crypto::randomToken(32);
    result.expiresAt = now + m_settings.tokenLifetime;
    result.user = record->user;
    BILHETERIA_CHECK(
        m_store.createSession({sessionKey(result.token), record->user.id, now, result.expiresAt}));
    return result;
}

Result<void> AccountService::logout(const std::string& token) {
    return m_store.deleteSession(sessionKey(token));
}

Result<User> AccountService::authenticate(const std::string& token) {
    BILHETERIA_TRY(session, authenticateSession(token));
    return std::move(session.user);
}

Result<AuthenticatedSession> AccountService::authenticateSession(const std::string& token) {
    if (token.empty() || token.size() > 256)
        return fail(Error{ErrorCode::Unauthenticated, "a valid bearer token is required"});
    const auto now = m_clock.now();
    const auto key = sessionKey(token);
    BILHETERIA_TRY(found, m_store.findSessionUser(key, now));
    AuthenticatedSession session{std::move(found.user), found.expiresAt};
    if (const auto renewed = renewalFor(found, now)) {
        // Best effort: the lookup above already proved the session valid until its current
        // expiry, so a failed write must not fail the request; the next request in the second
        // half tries again. False: logged out meanwhile, and the expiry stays as it was.
        // No audit entry: a renewal is no act of the user's but a consequence of using the
        // token; the sign-in it continues is audited (user.login) and the session row keeps its
        // created_at. One per half-lifetime per token would only add noise to the chain.
        const auto written = m_store.renewSession(key, now, *renewed);
        if (written && *written) session.expiresAt = *renewed;
    }
    return session;
}

std::optional<TimePoint> AccountService::renewalFor(const SessionUser& session,
                                                    TimePoint now) const {
    if (m_settings.sessionMaxAge <= std::chrono::seconds::zero()) return std::nullopt;
    // In the first half of its lifetime a session is left as it is: the store writes at most
    // about once per half-lifetime per token, never once per request.
    if (session.expiresAt - now > m_settings.tokenLifetime / 2) return std::nullopt;
    const auto renewed =
        std::min(now + m_settings.tokenLifetime, session.createdAt + m_settings.sessionMaxAge);
    // At the cap (or when the lifetime was shortened since the sign-in) nothing is to be gained.
    if (renewed <= session.expiresAt) return std::nullopt;
    return renewed;
}

Result<TotpEnrollment> AccountService::beginTotp(const User& user) {
    TotpEnrollment enrollment;
    enrollment.secret = crypto::base32Encode(crypto::randomBytes(20));
    enrollment.otpauthUri =
        crypto::otpauthUri(m_settings.totpIssuer, user.email, enrollment.secret);
    BILHETERIA_CHECK(m_store.setTotpPending(user.id, enrollment.secret));
    return enrollment;
}

Result<void> AccountService::confirmTotp(const User& user, std::string_view code) {
    BILHETERIA_TRY(record, m_store.findUserById(user.id));
    if (!record.totpPending)
        return fail(
            Error{ErrorCode::Conflict, "start TOTP enrollment (POST /api/v1/me/totp) first"});
    const auto step = matchTotp(*record.totpPending, code);
    if (!step) return fail(Error{ErrorCode::TotpInvalid, "the TOTP code is wrong"});
    return m_store.confirmTotp(user.id, *step);
}

Result<bool> AccountService::verifyPassword(std::string_view password, const std::string& encoded) {
    bool matches = false;
    auto verify = [&] { matches = crypto::verifyPassword(password, encoded); };
    if (!m_lane) {
        verify();
        return matches;
    }
    BILHETERIA_CHECK(m_lane->run(verify));
    return matches;
}

std::optional<std::int64_t> AccountService::matchTotp(const std::string& base32Secret,
                                                      std::string_view code) const {
    if (code.size() != 6 ||
        !std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    const auto secret = crypto::base32Decode(base32Secret);
    if (!secret) return std::nullopt;
    const auto now = m_clock.now().time_since_epoch().count();
    const auto current = crypto::totpStep(now);
    // One step either side tolerates clock drift between the phone and the server.
    std::optional<std::int64_t> matched;
    for (std::int64_t step = current - 1; step <= current + 1; ++step)
        if (crypto::constantTimeEquals(crypto::totpCode(*secret, step), code)) matched = step;
    return matched;
}

} // namespace bilheteria
