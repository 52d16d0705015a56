// The clients' text/event-stream parser. The first byte picks a piece size (1–32): the stream is
// fed in pieces of that size and, to a second parser, whole; both must read the same events.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "shared/eventstreamparser.h"

namespace {

bool sameEvents(const std::vector<bilheteria::StreamEvent>& a,
                const std::vector<bilheteria::StreamEvent>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].type != b[i].type || a[i].data != b[i].data ||
            a[i].lastEventId != b[i].lastEventId)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t piece = 1 + data[0] % 32;
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

    bilheteria::EventStreamParser whole;
    const auto expected = whole.feed(stream);

    bilheteria::EventStreamParser pieces;
    std::vector<bilheteria::StreamEvent> got;
    for (std::size_t at = 0; at < stream.size(); at += piece)
        for (auto& event : pieces.feed(stream.substr(at, piece)))
            got.push_back(std::move(event));

    if (!sameEvents(expected, got) || whole.lastEventId() != pieces.lastEventId() ||
        whole.retryMs() != pieces.retryMs() || whole.comments() != pieces.comments())
        std::abort();
    return 0;
}
