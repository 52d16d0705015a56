#include "shared/cardcheck.h"

#include <array>
#include <cctype>
#include <utility>

namespace bilheteria {

std::string cardDigits(std::string_view number) {
    std::string digits;
    for (char c : number) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
        else if (c != ' ' && c != '-')
            return {};
    }
    return digits;
}

bool luhnValid(std::string_view digits) {
    if (digits.size() < 12 || digits.size() > 19) return false;
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

std::string cardBrand(std::string_view digits) {
    auto prefix = [&](std::size_t length) {
        return digits.size() >= length ? std::stoi(std::string(digits.substr(0, length))) : -1;
    };
    // Elo and Hipercard (Brazilian brands) first: some of their ranges overlap Visa's "4".
    static constexpr std::array<int, 12> kElo6{401178, 401179, 431274, 438935, 451416, 457393,
                                               457631, 457632, 504175, 627780, 636297, 636368};
    for (int elo : kElo6)
        if (prefix(6) == elo) return "elo";
    if (prefix(6) == 606282 || prefix(4) == 3841) return "hipercard";
    if (prefix(1) == 4) return "visa";
    const int two = prefix(2), four = prefix(4);
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "mastercard";
    if (two == 34 || two == 37) return "amex";
    if (two == 36 || two == 38 || (prefix(3) >= 300 && prefix(3) <= 305)) return "diners";
    if (four == 6011 || two == 65) return "discover";
    if (four >= 3528 && four <= 3589) return "jcb";
    return "card";
}

std::string cardBrandName(std::string_view brand) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"visa", "Visa"},
        {"mastercard", "Mastercard"},
        {"amex", "American Express"},
        {"elo", "Elo"},
        {"hipercard", "Hipercard"},
        {"diners", "Diners Club"},
        {"discover", "Discover"},
        {"jcb", "JCB"}};
    for (const auto& [code, name] : kNames)
        if (brand == code) return std::string(name);
    return {};
}

} // namespace bilheteria
