#include "client-term/ui/bigtext.h"

#include <array>

namespace bilheteria::term {

namespace {

struct Glyph {
    char ch;
    std::array<const char*, 5> rows; // '#' ink, '.' blank; all rows one width
};

constexpr Glyph kGlyphs[] = {
    {'0', {"###", "#.#", "#.#", "#.#", "###"}}, {'1', {".#.", "##.", ".#.", ".#.", "###"}},
    {'2', {"###", "..#", "###", "#..", "###"}}, {'3', {"###", "..#", "###", "..#", "###"}},
    {'4', {"#.#", "#.#", "###", "..#", "..#"}}, {'5', {"###", "#..", "###", "..#", "###"}},
    {'6', {"###", "#..", "###", "#.#", "###"}}, {'7', {"###", "..#", "..#", "..#", "..#"}},
    {'8', {"###", "#.#", "###", "#.#", "###"}}, {'9', {"###", "#.#", "###", "..#", "###"}},
    {':', {".", "#", ".", "#", "."}},           {',', {".", ".", ".", "#", "#"}},
    {'.', {".", ".", ".", ".", "#"}},           {'-', {"...", "...", "###", "...", "..."}},
    {'R', {"##.", "#.#", "##.", "#.#", "#.#"}}, {'$', {".##", "##.", ".#.", ".##", "##."}},
    {' ', {".", ".", ".", ".", "."}},
};

const Glyph& glyphOf(char ch) {
    for (const auto& glyph : kGlyphs)
        if (glyph.ch == ch) return glyph;
    return kGlyphs[sizeof(kGlyphs) / sizeof(kGlyphs[0]) - 1];
}

} // namespace

std::vector<std::string> bigText(std::string_view text) {
    std::vector<std::string> lines(5);
    bool first = true;
    for (char ch : text) {
        if (static_cast<unsigned char>(ch) >= 0x80) continue; // e.g. a no-break space's bytes
        const Glyph& glyph = glyphOf(ch);
        for (std::size_t row = 0; row < 5; ++row) {
            if (!first) lines[row] += ' ';
            for (const char* cell = glyph.rows[row]; *cell; ++cell)
                lines[row] += *cell == '#' ? "\u2588" : " ";
        }
        first = false;
    }
    return lines;
}

} // namespace bilheteria::term
