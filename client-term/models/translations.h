// The terminal client's words in English and Brazilian Portuguese. The English text is the
// key, as in Qt's catalogue (assets/translations/), and the wording follows the desktop
// client's where both say the same thing. Placeholders are Qt's: %1, %2, ...
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "client-term/models/format.h"

namespace bilheteria::term {

// The text in `language` (the English itself when there is no Portuguese for it).
const char* tr(Language language, const char* english);
// tr() with %1, %2, ... replaced by `args` in order.
std::string trArgs(Language language, const char* english, std::initializer_list<std::string> args);
// A count in words: `one` when `count` is 1, else `many` (Portuguese too: "0 ingressos"),
// translated, with %1 replaced by the count.
std::string trCount(Language language, std::int64_t count, const char* one, const char* many);
// Whether the catalogue has a Portuguese text for this English one (tests check every
// string the screens use).
bool hasTranslation(std::string_view english);

} // namespace bilheteria::term
