#include "shared/payment.h"

#include <algorithm>
#include <string>

namespace bilheteria {

bool samePayment(const PaymentRequest& a, const PaymentRequest& b) {
    if (a.index() != b.index()) return false;
    if (const auto* cash = std::get_if<CashPayment>(&a))
        return cash->tenderedCents == std::get<CashPayment>(b).tenderedCents;
    const auto& x = std::get<CardPayment>(a);
    const auto& y = std::get<CardPayment>(b);
    return x.number == y.number && x.expMonth == y.expMonth && x.expYear == y.expYear &&
           x.cvc == y.cvc && x.holderName == y.holderName;
}

void wipeSecrets(PaymentRequest& payment) {
    if (auto* card = std::get_if<CardPayment>(&payment)) {
        std::fill(card->number.begin(), card->number.end(), '0');
        std::fill(card->cvc.begin(), card->cvc.end(), '0');
        card->number.clear();
        card->cvc.clear();
    }
}

std::vector<Cents> suggestedTenders(Cents total, int count) {
    std::vector<Cents> out;
    if (total <= 0 || count <= 0) return out;
    out.push_back(total);
    // Notes in cents: the next multiple of each that covers the total is what people hand
    // over ("it's 37, here's 40 / 50 / 100").
    for (Cents note : {200, 500, 1000, 2000, 5000, 10000, 20000}) {
        const Cents rounded = (total + note - 1) / note * note;
        if (rounded > total && std::find(out.begin(), out.end(), rounded) == out.end())
            out.push_back(rounded);
    }
    std::sort(out.begin(), out.end());
    // Keep the exact amount and the smallest round sums above it.
    if (static_cast<int>(out.size()) > count) out.resize(static_cast<std::size_t>(count));
    return out;
}

Cents parseMoneyCents(std::string_view text) {
    std::string cleaned;
    for (char c : text)
        if ((c >= '0' && c <= '9') || c == ',' || c == '.') cleaned += c;
    if (cleaned.empty()) return -1;
    const auto decimal = cleaned.find_last_of(",.");
    std::string whole = cleaned;
    std::string fraction;
    if (decimal != std::string::npos && cleaned.size() - decimal - 1 <= 2) {
        whole = cleaned.substr(0, decimal);
        fraction = cleaned.substr(decimal + 1);
    }
    std::erase(whole, ',');
    std::erase(whole, '.');
    if (whole.empty() && fraction.empty()) return -1;
    if (whole.size() > 12) return -1;
    const Cents units = whole.empty() ? 0 : std::stoll(whole);
    while (fraction.size() < 2)
        fraction += '0';
    return units * 100 + std::stoll(fraction);
}

std::optional<std::pair<int, int>> parseCardExpiry(std::string_view text) {
    const auto isDigit = [](char ch) { return ch >= '0' && ch <= '9'; };
    const auto isSpace = [](char ch) { return ch == ' ' || ch == '\t'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    std::string month, year;
    std::size_t at = 0;
    while (at < text.size() && isDigit(text[at]))
        month += text[at++];
    if (at == text.size()) {
        // No separator: "MMYY", "MMYYYY", and the one-digit months "MYY", "MYYYY".
        const std::size_t split = month.size() % 2 == 0 ? 2 : 1;
        if (month.size() < 3 || month.size() > 6) return std::nullopt;
        year = month.substr(split);
        month.resize(split);
    } else {
        while (at < text.size() && isSpace(text[at]))
            ++at;
        if (at < text.size() && (text[at] == '/' || text[at] == '-')) ++at;
        while (at < text.size() && isSpace(text[at]))
            ++at;
        while (at < text.size() && isDigit(text[at]))
            year += text[at++];
        if (at != text.size()) return std::nullopt;
    }
    if (month.empty() || month.size() > 2 || (year.size() != 2 && year.size() != 4))
        return std::nullopt;
    int fullYear = std::stoi(year);
    if (year.size() == 2) fullYear += 2000;
    return std::pair{std::stoi(month), fullYear};
}

std::optional<TimePoint> holdEndAfterRefusal(const Error& refusal) {
    const auto& details = refusal.details;
    if (!details.is_object()) return std::nullopt;
    const auto at = details.find("hold_expires_at");
    if (at == details.end() || !at->is_string()) return std::nullopt;
    return parseRfc3339(at->get<std::string>());
}

} // namespace bilheteria
