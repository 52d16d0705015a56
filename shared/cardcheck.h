// Card number checks the card gateways and the card form share: digits only, Luhn, brand from
// the prefix.
#pragma once

#include <string>
#include <string_view>

namespace bilheteria {

// The digits of a card number with spaces and dashes removed; empty when anything else appears.
std::string cardDigits(std::string_view number);
bool luhnValid(std::string_view digits);
// "visa", "mastercard", "amex", "elo", "hipercard", "diners", "discover", "jcb" or "card".
std::string cardBrand(std::string_view digits);
// How people write a brand cardBrand names ("visa" → "Visa", "amex" → "American Express");
// empty for "card" or a brand it does not know.
std::string cardBrandName(std::string_view brand);

} // namespace bilheteria
