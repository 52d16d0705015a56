// The Server-Sent Events parser the tests and the stream holder read live streams with.
#include <gtest/gtest.h>

#include "shared/eventstreamparser.h"

namespace bilheteria {
namespace {

TEST(EventStreamParserTest, ParsesEventsFieldsAndIdsInAnyPieces) {
    const std::string stream = "retry: 3000\n\n"
                               ": ping\n\n"
                               "event: seats\ndata: {\"seat_ids\":[1],\"state\":\"held\"}\n\n"
                               "id: 42\nevent: availability\r\ndata: {\"section_id\":1}\r\n\r\n"
                               "data: first\ndata:second\n\n"
                               "event: ignored\n\n";
    // Whole, and one byte at a time: the same events.
    for (const std::size_t piece : {stream.size(), std::size_t{1}}) {
        EventStreamParser parser;
        std::vector<StreamEvent> events;
        for (std::size_t at = 0; at < stream.size(); at += piece)
            for (auto& event : parser.feed(std::string_view(stream).substr(at, piece)))
                events.push_back(std::move(event));
        ASSERT_EQ(events.size(), 3u);
        EXPECT_EQ(events[0].type, "seats");
        EXPECT_EQ(events[0].data, "{\"seat_ids\":[1],\"state\":\"held\"}");
        EXPECT_EQ(events[0].lastEventId, "");
        EXPECT_EQ(events[1].type, "availability");
        EXPECT_EQ(events[1].lastEventId, "42");
        EXPECT_EQ(events[2].type, "message");
        EXPECT_EQ(events[2].data, "first\nsecond");
        EXPECT_EQ(events[2].lastEventId, "42") << "the id stays until another one comes";
        EXPECT_EQ(parser.retryMs(), 3000);
        EXPECT_EQ(parser.comments(), 1u);
        EXPECT_EQ(parser.lastEventId(), "42");
    }
}

TEST(EventStreamParserTest, AnIncompleteEventWaitsForItsBlankLine) {
    EventStreamParser parser;
    EXPECT_TRUE(parser.feed("event: order\ndata: {}").empty());
    EXPECT_TRUE(parser.feed("\n").empty());
    const auto events = parser.feed("\n");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, "order");
}

} // namespace
} // namespace bilheteria
