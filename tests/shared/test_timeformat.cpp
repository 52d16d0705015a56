// RFC 3339 formatting and parsing (shared/timeformat.h): round trips, offsets folded into UTC,
// dropped fractions and every malformed form the parser must refuse.
#include "shared/timeformat.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bilheteria {
namespace {

using namespace std::chrono;

constexpr TimePoint at(std::int64_t unixSeconds) {
    return TimePoint{seconds{unixSeconds}};
}

// 2026-12-31T22:00:00Z, the contract's example start time.
constexpr std::int64_t kNewYearsEve = 1'798'754'400;

TEST(FormatRfc3339, FormatsUtcWithZ) {
    EXPECT_EQ(formatRfc3339(at(kNewYearsEve)), "2026-12-31T22:00:00Z");
    EXPECT_EQ(formatRfc3339(at(kNewYearsEve + 7'200 + 61)), "2027-01-01T00:01:01Z");
}

TEST(FormatRfc3339, FormatsTheEpoch) {
    EXPECT_EQ(formatRfc3339(at(0)), "1970-01-01T00:00:00Z");
    EXPECT_EQ(formatRfc3339(at(-1)), "1969-12-31T23:59:59Z");
}

TEST(FormatRfc3339, FormatsAFarFutureDate) {
    EXPECT_EQ(formatRfc3339(at(253'402'300'799)), "9999-12-31T23:59:59Z");
    EXPECT_EQ(formatRfc3339(at(4'102'444'800)), "2100-01-01T00:00:00Z");
}

TEST(FormatRfc3339, PadsEveryField) {
    // 2001-02-03T04:05:06Z: every component a single digit.
    EXPECT_EQ(formatRfc3339(at(981'173'106)), "2001-02-03T04:05:06Z");
}

TEST(ParseRfc3339, ReadsUtc) {
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00Z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00Z"), at(0));
    EXPECT_EQ(parseRfc3339("1969-12-31T23:59:59Z"), at(-1));
    EXPECT_EQ(parseRfc3339("9999-12-31T23:59:59Z"), at(253'402'300'799));
}

TEST(ParseRfc3339, AcceptsLowerCaseSeparators) {
    EXPECT_EQ(parseRfc3339("2026-12-31t22:00:00z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31t22:00:00Z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00z"), at(kNewYearsEve));
}

TEST(ParseRfc3339, FoldsOffsetsIntoUtc) {
    // 22:00 in UTC+3 is 19:00 UTC; 22:00 in UTC-3 is 01:00 UTC on the next day (and year).
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00+03:00"), at(kNewYearsEve - 3 * 3'600));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00-03:00"), at(kNewYearsEve + 3 * 3'600));
    EXPECT_EQ(formatRfc3339(*parseRfc3339("2026-12-31T22:00:00-03:00")), "2027-01-01T01:00:00Z");
    EXPECT_EQ(formatRfc3339(*parseRfc3339("2026-12-31T22:00:00+03:00")), "2026-12-31T19:00:00Z");
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00+00:00"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00-00:00"), at(kNewYearsEve));
    // Minutes count too: India is UTC+05:30, Newfoundland UTC-03:30.
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00+05:30"), at(kNewYearsEve - 5 * 3'600 - 1'800));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00-03:30"), at(kNewYearsEve + 3 * 3'600 + 1'800));
    EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00+01:00"), at(-3'600));
}

TEST(ParseRfc3339, DropsFractionsWithoutRounding) {
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00.0Z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00.5Z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:00.999999999Z"), at(kNewYearsEve));
    EXPECT_EQ(parseRfc3339("2026-12-31T22:00:59.999-03:00"), at(kNewYearsEve + 3 * 3'600 + 59));
}

TEST(ParseRfc3339, FoldsALeapSecondIntoTheNextMinute) {
    EXPECT_EQ(parseRfc3339("2016-12-31T23:59:60Z"), parseRfc3339("2017-01-01T00:00:00Z"));
}

TEST(ParseRfc3339, AcceptsLeapDayOnlyInLeapYears) {
    const auto leapDay = parseRfc3339("2028-02-29T12:00:00Z");
    ASSERT_TRUE(leapDay);
    EXPECT_EQ(formatRfc3339(*leapDay), "2028-02-29T12:00:00Z");
    EXPECT_EQ(*parseRfc3339("2028-03-01T12:00:00Z") - *leapDay, days{1});
    EXPECT_TRUE(parseRfc3339("2000-02-29T00:00:00Z")); // divisible by 400
    EXPECT_EQ(parseRfc3339("2027-02-29T12:00:00Z"), std::nullopt);
    EXPECT_EQ(parseRfc3339("2100-02-29T00:00:00Z"), std::nullopt); // divisible by 100 only
}

TEST(Rfc3339, RoundTripsFromTimePoints) {
    for (std::int64_t t : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-86'400},
                           std::int64_t{951'782'400} /* 2000-02-29 */, kNewYearsEve,
                           std::int64_t{1'861'920'000} /* 2029-01-01 */,
                           std::int64_t{1'835'395'199}, std::int64_t{253'402'300'799}}) {
        const std::string text = formatRfc3339(at(t));
        EXPECT_EQ(parseRfc3339(text), at(t)) << text;
    }
}

TEST(Rfc3339, RoundTripsEverySecondOfADay) {
    // Every hour, minute and second field passes through both directions unchanged.
    const std::int64_t start = kNewYearsEve - 22 * 3'600;
    for (std::int64_t t = start; t < start + 86'400; t += 7) {
        const std::string text = formatRfc3339(at(t));
        ASSERT_EQ(parseRfc3339(text), at(t)) << text;
    }
}

TEST(Rfc3339, RoundTripsFromText) {
    for (const char* text : {"2026-12-31T22:00:00Z", "2028-02-29T23:59:59Z", "2000-01-01T00:00:00Z",
                             "1999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"}) {
        const auto parsed = parseRfc3339(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(formatRfc3339(*parsed), text);
    }
}

class ParseRfc3339Invalid : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseRfc3339Invalid, IsRejected) {
    EXPECT_EQ(parseRfc3339(GetParam()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(BadDates, ParseRfc3339Invalid,
                         ::testing::Values("2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z",
                                           "2026-00-10T12:00:00Z", "2026-04-31T12:00:00Z",
                                           "2026-01-00T12:00:00Z", "2026-01-32T12:00:00Z",
                                           "2027-02-29T12:00:00Z"));

INSTANTIATE_TEST_SUITE_P(BadTimes, ParseRfc3339Invalid,
                         ::testing::Values("2026-12-31T24:00:00Z", "2026-12-31T23:60:00Z",
                                           "2026-12-31T23:59:61Z", "2026-12-31T99:00:00Z"));

INSTANTIATE_TEST_SUITE_P(BadZones, ParseRfc3339Invalid,
                         ::testing::Values("2026-12-31T22:00:00", "2026-12-31T22:00:00.123",
                                           "2026-12-31T22:00:00+03", "2026-12-31T22:00:00+0300",
                                           "2026-12-31T22:00:00+03:0", "2026-12-31T22:00:00+03-00",
                                           "2026-12-31T22:00:00+24:00", "2026-12-31T22:00:00+03:60",
                                           "2026-12-31T22:00:00 Z", "2026-12-31T22:00:00UTC",
                                           "2026-12-31T22:00:00X"));

INSTANTIATE_TEST_SUITE_P(TrailingJunk, ParseRfc3339Invalid,
                         ::testing::Values("2026-12-31T22:00:00Zjunk", "2026-12-31T22:00:00ZZ",
                                           "2026-12-31T22:00:00Z ", "2026-12-31T22:00:00+03:00x",
                                           "2026-12-31T22:00:00+03:000",
                                           std::string("2026-12-31T22:00:00Z\0", 21)));

INSTANTIATE_TEST_SUITE_P(BadShapes, ParseRfc3339Invalid,
                         ::testing::Values("", "Z", "2026-12-31", "2026-12-31T22:00Z",
                                           "2026-12-31T22:00:0Z", "2026-12-31 22:00:00Z",
                                           "2026-12-31X22:00:00Z", "2026/12/31T22:00:00Z",
                                           "2026-12-31T22-00-00Z", "26-12-31T22:00:00Z",
                                           " 2026-12-31T22:00:00Z", "2026-12-31T22:00:00.Z",
                                           "2026-12-31T22:00:00,5Z"));

INSTANTIATE_TEST_SUITE_P(NonDigits, ParseRfc3339Invalid,
                         ::testing::Values("2O26-12-31T22:00:00Z", "2026-1a-31T22:00:00Z",
                                           "2026-12-3xT22:00:00Z", "2026-12-31T2b:00:00Z",
                                           "2026-12-31T22:0c:00Z", "2026-12-31T22:00:0dZ",
                                           "2026-12-31T22:00:00+0a:00", "2026-12-31T22:00:00-03:b0",
                                           "2026-12-31T22:00:00.1a2Z", "+026-12-31T22:00:00Z",
                                           "2026-+2-31T22:00:00Z", "2026-12-31T 2:00:00Z"));

} // namespace
} // namespace bilheteria
