// The card form's live checks, row by row: number (Luhn, brand, incomplete versus wrong),
// expiry (month, past, two- or four-digit years), CVC (3 digits, 4 for American Express),
// holder; the number's grouping; what payment() sends. Also the cash quick amounts.
#include <QTest>

#include "client-qt/models/cardform.h"
#include "client-qt/models/checkoutmodel.h"

using namespace bilheteria;
using namespace bilheteria::client;
using Status = CardForm::Check::Status;

Q_DECLARE_METATYPE(Status)

namespace {
const QDate kToday(2026, 6, 15);
}

class TestCardForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void number_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("brand");
        QTest::newRow("empty") << "" << Status::Empty << "";
        QTest::newRow("visa") << "4111111111111111" << Status::Valid << "visa";
        QTest::newRow("visa with spaces") << "4111 1111 1111 1111" << Status::Valid << "visa";
        QTest::newRow("visa with dashes") << "4111-1111-1111-1111" << Status::Valid << "visa";
        QTest::newRow("declined test card is valid")
            << "4000000000000002" << Status::Valid << "visa";
        QTest::newRow("mastercard") << "5555555555554444" << Status::Valid << "mastercard";
        QTest::newRow("amex") << "378282246310005" << Status::Valid << "amex";
        QTest::newRow("elo") << "6362970000457013" << Status::Valid << "elo";
        QTest::newRow("typing") << "4111 1111" << Status::Incomplete << "visa";
        QTest::newRow("amex typing") << "3782 822463 1000" << Status::Incomplete << "amex";
        QTest::newRow("wrong check digit") << "4111111111111112" << Status::Invalid << "visa";
        QTest::newRow("letters") << "4111 11a1" << Status::Invalid << "visa";
        QTest::newRow("too long") << "41111111111111111111" << Status::Invalid << "visa";
    }
    void number() {
        QFETCH(QString, text);
        QFETCH(Status, status);
        QFETCH(QString, brand);
        CardForm form(kToday);
        form.setNumber(text);
        const CardForm::Check check = form.numberCheck();
        QCOMPARE(check.status, status);
        QCOMPARE(check.message.isEmpty(), status == Status::Valid);
        if (status != Status::Invalid || !text.contains(QLatin1Char('a')))
            QCOMPARE(form.brand(), brand);
    }

    void expiry_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Status>("status");
        QTest::addColumn<int>("month");
        QTest::addColumn<int>("year");
        QTest::newRow("empty") << "" << Status::Empty << 0 << 0;
        QTest::newRow("MM/YY") << "08/29" << Status::Valid << 8 << 2029;
        QTest::newRow("MM/YYYY") << "08/2029" << Status::Valid << 8 << 2029;
        QTest::newRow("MMYY") << "0829" << Status::Valid << 8 << 2029;
        QTest::newRow("M/YY") << "8/29" << Status::Valid << 8 << 2029;
        QTest::newRow("this month still good") << "06/26" << Status::Valid << 6 << 2026;
        QTest::newRow("last month expired") << "05/26" << Status::Invalid << 5 << 2026;
        QTest::newRow("last year") << "12/25" << Status::Invalid << 12 << 2025;
        QTest::newRow("month 13") << "13/29" << Status::Invalid << 13 << 2029;
        QTest::newRow("month 0") << "00/29" << Status::Invalid << 0 << 2029;
        QTest::newRow("too far ahead") << "01/2060" << Status::Invalid << 1 << 2060;
        QTest::newRow("typing month") << "0" << Status::Incomplete << 0 << 0;
        QTest::newRow("typing year") << "08/2" << Status::Incomplete << 0 << 0;
        QTest::newRow("nonsense") << "ab/cd" << Status::Invalid << 0 << 0;
    }
    void expiry() {
        QFETCH(QString, text);
        QFETCH(Status, status);
        QFETCH(int, month);
        QFETCH(int, year);
        CardForm form(kToday);
        form.setExpiry(text);
        QCOMPARE(form.expiryCheck().status, status);
        const auto parsed = CardForm::parseExpiry(text);
        if (month > 0 || year > 0) {
            QVERIFY(parsed);
            QCOMPARE(parsed->first, month);
            QCOMPARE(parsed->second, year);
        }
    }

    void cvc_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("cvc");
        QTest::addColumn<Status>("status");
        QTest::newRow("visa 3") << "4111111111111111"
                                << "123" << Status::Valid;
        QTest::newRow("visa 2") << "4111111111111111"
                                << "12" << Status::Incomplete;
        QTest::newRow("visa 4") << "4111111111111111"
                                << "1234" << Status::Invalid;
        QTest::newRow("amex 4") << "378282246310005"
                                << "1234" << Status::Valid;
        QTest::newRow("amex 3") << "378282246310005"
                                << "123" << Status::Incomplete;
        QTest::newRow("empty") << "4111111111111111"
                               << "" << Status::Empty;
        QTest::newRow("letters") << "4111111111111111"
                                 << "1a3" << Status::Invalid;
    }
    void cvc() {
        QFETCH(QString, number);
        QFETCH(QString, cvc);
        QFETCH(Status, status);
        CardForm form(kToday);
        form.setNumber(number);
        form.setCvc(cvc);
        QCOMPARE(form.cvcCheck().status, status);
    }

    void formatsTheNumberInTheBrandsGroups_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("shown");
        QTest::newRow("visa") << "4111111111111111"
                              << "4111 1111 1111 1111";
        QTest::newRow("partial") << "411111"
                                 << "4111 11";
        QTest::newRow("amex 4-6-5") << "378282246310005"
                                    << "3782 822463 10005";
        QTest::newRow("junk dropped") << "41-11 x11"
                                      << "4111 11";
        QTest::newRow("at most 19 digits") << "41111111111111111111111"
                                           << "4111 1111 1111 1111 111";
    }
    void formatsTheNumberInTheBrandsGroups() {
        QFETCH(QString, typed);
        QFETCH(QString, shown);
        QCOMPARE(CardForm::formatNumber(typed), shown);
    }

    void paymentOnlyWhenEverythingIsValidAndSecretsCanBeCleared() {
        CardForm form(kToday);
        form.setNumber(QStringLiteral("4111 1111 1111 1111"));
        form.setExpiry(QStringLiteral("08/29"));
        form.setCvc(QStringLiteral("123"));
        QVERIFY(!form.isValid()); // no holder yet
        QVERIFY(!form.payment());
        QCOMPARE(form.holderNameCheck().status, Status::Empty);
        form.setHolderName(QStringLiteral("  Ana Souza "));
        QVERIFY(form.isValid());
        const auto card = form.payment();
        QVERIFY(card);
        QCOMPARE(card->number, std::string("4111111111111111")); // digits only
        QCOMPARE(card->expMonth, 8);
        QCOMPARE(card->expYear, 2029);
        QCOMPARE(card->cvc, std::string("123"));
        QCOMPARE(card->holderName, std::string("Ana Souza"));

        form.clearSecrets();
        QCOMPARE(form.numberCheck().status, Status::Empty);
        QCOMPARE(form.expiryCheck().status, Status::Empty);
        QCOMPARE(form.cvcCheck().status, Status::Empty);
        QVERIFY(form.holderNameCheck().ok()); // the name stays for the next try
    }

    void suggestsExactAndRoundCashAmounts_data() {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<QList<qint64>>("amounts");
        QTest::newRow("R$ 250") << qint64(25000) << QList<qint64>{25000, 26000, 30000, 40000};
        QTest::newRow("R$ 37,50") << qint64(3750) << QList<qint64>{3750, 3800, 4000, 5000};
        QTest::newRow("R$ 150") << qint64(15000) << QList<qint64>{15000, 16000, 20000};
        QTest::newRow("nothing to pay") << qint64(0) << QList<qint64>{};
    }
    void suggestsExactAndRoundCashAmounts() {
        QFETCH(qint64, total);
        QFETCH(QList<qint64>, amounts);
        const std::vector<Cents> got = suggestedTenders(total);
        QCOMPARE(QList<qint64>(got.begin(), got.end()), amounts);
    }
};

QTEST_GUILESS_MAIN(TestCardForm)
#include "tst_cardform.moc"
