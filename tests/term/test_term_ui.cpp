// The terminal client's pieces that need no server: the big digits, the line editor, the QR
// in half blocks, the ticket files, and the catalogue (every string a screen shows has its
// Portuguese).
#include <gtest/gtest.h>

#include <curses.h>

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "client-term/models/qrtext.h"
#include "client-term/models/ticketprint.h"
#include "client-term/models/translations.h"
#include "client-term/net/apiclient.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/terminal.h"
#include "shared/payment.h"

namespace bilheteria::term {
namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Cells are counted the way the terminal shows them, in UTF-8.
[[maybe_unused]] const bool kUtf8 = std::setlocale(LC_ALL, "C.UTF-8") != nullptr;

Key typed(const std::string& text) {
    return Key{0, text};
}

TEST(BigText, FiveRowsOfOneWidthAndUnknownCharactersAsBlanks) {
    const auto lines = bigText("R$ 12,50");
    ASSERT_EQ(lines.size(), 5u);
    for (const auto& line : lines)
        EXPECT_EQ(cellsOf(line), cellsOf(lines[0])) << line;
    // R $ ␠ 1 2 , 5 0: 3+3+1+3+3+1+3+3 cells and a gap between each.
    EXPECT_EQ(cellsOf(lines[0]), 20 + 7);
    EXPECT_EQ(bigText("1")[4], "\u2588\u2588\u2588"); // the 1's foot
    EXPECT_EQ(bigText("?"), bigText(" "));
}

TEST(BigText, WritesTheDoorsWordsInLettersAndAnInkOfItsOwn) {
    const auto yes = bigText("Admitted");
    EXPECT_EQ(yes, bigText("ADMITTED")); // lower case is drawn as upper
    // A D M I T T E D: 3+3+5+3+3+3+3+3 cells and a gap between each.
    EXPECT_EQ(cellsOf(yes[0]), 26 + 7);
    EXPECT_EQ(yes[0].substr(0, 9), "\u2588\u2588\u2588"); // the A's top
    // Another ink draws the same shapes: a refusal reads as shaded without colour.
    const auto no = bigText("RECUSADO", "\u2592");
    EXPECT_EQ(no[0].find("\u2588"), std::string::npos);
    EXPECT_NE(no[0].find("\u2592"), std::string::npos);
    EXPECT_EQ(cellsOf(no[2]), cellsOf(bigText("RECUSADO")[2]));
}

TEST(LineEdit, EditsUtf8ByCharacterAndRefusesWhatTheFieldDoesNotTake) {
    LineEdit name;
    for (const char* ch : {"J", "o", "\u00e3", "o"})
        EXPECT_TRUE(name.handle(typed(ch)));
    EXPECT_EQ(name.text(), "João");
    EXPECT_EQ(name.cursorCells(), 4);
    name.handle(Key{KEY_LEFT, {}});
    name.handle(Key{KEY_BACKSPACE, {}}); // the ã, both of its bytes
    EXPECT_EQ(name.text(), "Joo");
    name.handle(Key{KEY_HOME, {}});
    name.handle(typed("\u00c9"));
    EXPECT_EQ(name.text(), "ÉJoo");
    EXPECT_FALSE(name.handle(Key{KEY_F(2), {}})); // the screen's key, not the field's

    LineEdit digits(LineEdit::Accept::Digits, 4, true);
    for (const char* ch : {"1", "a", "2", "3", "4", "5"})
        digits.handle(typed(ch));
    EXPECT_EQ(digits.text(), "1234"); // no letter, no fifth digit
    EXPECT_EQ(digits.shown(), "\u2022\u2022\u2022\u2022");
    digits.wipe();
    EXPECT_TRUE(digits.empty());

    LineEdit amount(LineEdit::Accept::Amount);
    for (const char* ch : {"1", "0", "0", ",", "5", "x"})
        amount.handle(typed(ch));
    EXPECT_EQ(parseMoneyCents(amount.text()), 10050);
}

TEST(CardExpiry, ReadsTheWaysPeopleWriteIt) {
    EXPECT_EQ(parseCardExpiry("08/29"), (std::pair{8, 2029}));
    EXPECT_EQ(parseCardExpiry(" 8/2031 "), (std::pair{8, 2031}));
    EXPECT_EQ(parseCardExpiry("1229"), (std::pair{12, 2029}));
    EXPECT_EQ(parseCardExpiry("12 - 30"), (std::pair{12, 2030}));
    EXPECT_EQ(parseCardExpiry("12029"), (std::pair{1, 2029}));
    EXPECT_FALSE(parseCardExpiry("08/2"));
    EXPECT_FALSE(parseCardExpiry("ab/cd"));
    EXPECT_FALSE(parseCardExpiry(""));
}

TEST(QrText, TwoModulesACellWithTheQuietZone) {
    const QrModules code = qrModules("7YAjuBkoFVUfOFdNrxSoHA");
    ASSERT_GT(code.size, 0);
    EXPECT_EQ(code.size, 25 + 8); // version 2 at level M, four modules of quiet zone a side
    EXPECT_FALSE(code.at(0, 0));  // quiet zone
    EXPECT_TRUE(code.at(4, 4));   // the finder pattern's corner
    const auto ink = qrHalfBlocks(code, true);
    EXPECT_EQ(ink.size(), static_cast<std::size_t>((code.size + 1) / 2));
    for (const auto& line : ink)
        EXPECT_EQ(cellsOf(line), code.size);
    // The same code with the ink on the light modules: every cell flips.
    const auto light = qrHalfBlocks(code, false);
    EXPECT_EQ(ink[0].substr(0, 1), " ");
    EXPECT_EQ(light[0].substr(0, 3), "\u2588");
}

class TicketFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("bilheteria-tickets-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        m_event.summary.name = "Noite de Rock";
        m_event.summary.venue = "Arena";
        m_order.id = 42;
        Ticket seated;
        seated.code = "CODEONE1234567890abcde";
        seated.section = "Plateia";
        seated.row = "B";
        seated.number = 7;
        Ticket general;
        general.code = "CODETWO1234567890abcde";
        general.section = "Pista";
        m_order.tickets = {seated, general};
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path m_dir;
    Event m_event;
    Order m_order;
};

TEST_F(TicketFiles, PlainTextHasEachTicketOnItsPageWithItsQr) {
    const auto path = m_dir / "tickets.txt";
    EXPECT_EQ(ticketFileFormatOf(path), TicketFileFormat::Text);
    ASSERT_TRUE(writeTickets(path, TicketFileFormat::Text, m_event, m_order, Language::Portuguese));
    const std::string text = slurp(path);
    EXPECT_NE(text.find("Plateia — Fila B · Assento 7"), std::string::npos) << text;
    EXPECT_NE(text.find("Pista — Pista"), std::string::npos) << text;
    EXPECT_NE(text.find("Código: CODETWO1234567890abcde"), std::string::npos) << text;
    EXPECT_NE(text.find("Pedido 42 · ingresso 2 de 2"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\f'), 1); // two pages
    EXPECT_NE(text.find("\u2588"), std::string::npos);
}

TEST_F(TicketFiles, TheQrCarriesTheSignedTokenAndTheCodeOnlyWithoutOne) {
    const std::string token = "BLH1.eyJlIjoxLCJ0Ijo5fQ.c2lnbmF0dXJl";
    m_order.tickets[0].qr = token;
    const auto path = m_dir / "signed.txt";
    ASSERT_TRUE(writeTickets(path, TicketFileFormat::Text, m_event, m_order, Language::English));
    const std::string text = slurp(path);
    const auto qrText = [](const std::string& content) {
        std::string lines;
        for (const auto& line : qrHalfBlocks(qrModules(content), true))
            lines += line + "\n";
        return lines;
    };
    EXPECT_NE(text.find(qrText(token)), std::string::npos); // the first: its token
    EXPECT_EQ(text.find(qrText(m_order.tickets[0].code)), std::string::npos); // not its code
    EXPECT_NE(text.find(qrText(m_order.tickets[1].code)), std::string::npos); // no token: the code
    EXPECT_NE(text.find("Code: CODEONE1234567890abcde"), std::string::npos) << text;
}

TEST_F(TicketFiles, PdfHasOnePagePerTicketAndItsWords) {
    const auto path = m_dir / "tickets.PDF";
    EXPECT_EQ(ticketFileFormatOf(path), TicketFileFormat::Pdf);
    ASSERT_TRUE(writeTickets(path, TicketFileFormat::Pdf, m_event, m_order, Language::English));
    EXPECT_EQ(slurp(path).substr(0, 5), "%PDF-");
    const auto words = m_dir / "words.txt";
    ASSERT_EQ(std::system(("pdftotext '" + path.string() + "' '" + words.string() + "'").c_str()),
              0);
    const std::string text = slurp(words);
    EXPECT_NE(text.find("Noite de Rock"), std::string::npos) << text;
    EXPECT_NE(text.find("Row B · Seat 7"), std::string::npos) << text;
    EXPECT_NE(text.find("CODEONE1234567890abcde"), std::string::npos) << text;
    EXPECT_NE(text.find("Order 42 · ticket 2 of 2"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\f'), 2); // pdftotext ends each page so
}

TEST_F(TicketFiles, AFolderThatCannotBeWrittenIsAnErrorNotACrash) {
    const auto path = m_dir / "missing" / "tickets.pdf";
    EXPECT_FALSE(writeTickets(path, TicketFileFormat::Pdf, m_event, m_order, Language::English));
    EXPECT_FALSE(writeTickets(m_dir / "missing" / "t.txt", TicketFileFormat::Text, m_event, m_order,
                              Language::English));
}

TEST(Translations, EveryStringTheScreensShowHasItsPortuguese) {
    // tr(...) and trArgs(...) calls in the client's sources, with adjacent literals joined.
    const std::regex call(
        R"re(\b(?:tr|trArgs)\(\s*(?:[A-Za-z_][\w.():]*\s*,\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+))re");
    const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
    // trCount(language, count, "one", "many"): both texts.
    const std::regex countCall(
        R"re(\btrCount\(\s*[^,]+,\s*[^,]+,\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\))re");
    const auto joinedLiterals = [&](const std::string& literals) {
        std::string english;
        for (std::sregex_iterator l(literals.begin(), literals.end(), literal), e; l != e; ++l)
            english += (*l)[1];
        return english;
    };
    int checked = 0;
    for (const char* folder : {"client-term/ui", "client-term/models"})
        for (const auto& entry : std::filesystem::directory_iterator(
                 std::string(BILHETERIA_SOURCE_DIR) + "/" + folder)) {
            if (entry.path().extension() != ".cpp") continue;
            const std::string source = slurp(entry.path());
            for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end;
                 ++it) {
                const std::string english = joinedLiterals((*it)[1]);
                EXPECT_TRUE(hasTranslation(english))
                    << entry.path().filename() << ": \"" << english << "\"";
                ++checked;
            }
            for (std::sregex_iterator it(source.begin(), source.end(), countCall), end; it != end;
                 ++it)
                for (int part : {1, 2}) {
                    const std::string english = joinedLiterals((*it)[part]);
                    EXPECT_TRUE(hasTranslation(english))
                        << entry.path().filename() << ": \"" << english << "\"";
                    ++checked;
                }
        }
    EXPECT_GT(checked, 150);
    // The legend's words come from a table, not a literal call.
    for (const char* word : {"free", "held", "sold", "yours", "selected"})
        EXPECT_TRUE(hasTranslation(word)) << word;
    EXPECT_STREQ(tr(Language::Portuguese, "Change"), "Troco");
    EXPECT_STREQ(tr(Language::English, "Change"), "Change");
    EXPECT_EQ(trArgs(Language::Portuguese, "%1 of %2 free", {"3", "10"}), "3 de 10 livres");
    EXPECT_EQ(trCount(Language::Portuguese, 1, "%1 order", "%1 orders"), "1 pedido");
    EXPECT_EQ(trCount(Language::Portuguese, 0, "%1 order", "%1 orders"), "0 pedidos");
    EXPECT_EQ(trCount(Language::English, 2, "%1 ticket", "%1 tickets"), "2 tickets");
}

} // namespace
} // namespace bilheteria::term
