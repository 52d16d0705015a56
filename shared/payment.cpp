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

} // namespace bilheteria
