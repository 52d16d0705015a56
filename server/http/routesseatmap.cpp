// The compact seat map's routes (shared/seatmapformat.h, docs/api.md "Seat maps"): an event's
// layout, public and immutable per version (a strong ETag, and a versioned URL cacheable for
// ever, which the shipped nginx keeps), and its seats' packed states with the live stream's
// position. Bodies are encoded, and gzipped, once per layout and per states snapshot, not per
// request.
#include <zlib.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "server/http/routing.h"

namespace bilheteria {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

// A year: the longest max-age caches honour. The versioned URL never changes its answer.
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

std::string gzip(const std::string& data) {
    z_stream stream{};
    // 31: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib cannot start a gzip stream");
    std::string out(deflateBound(&stream, data.size()) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("zlib cannot finish a gzip stream");
    return out;
}

struct Body {
    std::string plain;
    std::string gzipped;
};

// The encoded bodies of the newest layout or states object of each event: the service hands out
// the same object while it is fresh, so its bodies are made once.
class BodyCache {
public:
    template <typename T, typename Encode>
    std::shared_ptr<const Body> get(Id eventId, const std::shared_ptr<const T>& source,
                                    Encode&& encode) {
        std::lock_guard lock(m_mutex);
        auto& slot = m_entries[eventId];
        if (slot.body && slot.source == source) return slot.body;
        if (m_entries.size() > kMaxEntries) {
            m_entries.clear();
            return get(eventId, source, std::forward<Encode>(encode));
        }
        auto body = std::make_shared<Body>();
        body->plain = encode(*source);
        body->gzipped = gzip(body->plain);
        slot = {source, body};
        return body;
    }

private:
    static constexpr std::size_t kMaxEntries = 512;
    struct Entry {
        std::shared_ptr<const void> source;
        std::shared_ptr<const Body> body;
    };
    std::mutex m_mutex;
    std::unordered_map<Id, Entry> m_entries;
};

// Whether the client takes gzip: a "gzip" (or "*") coding in Accept-Encoding without q=0.
bool acceptsGzip(const Request& req) {
    const std::string header = req.get_header_value("Accept-Encoding");
    std::size_t start = 0;
    while (start <= header.size()) {
        const auto end = std::min(header.find(',', start), header.size());
        std::string item = header.substr(start, end - start);
        start = end + 1;
        const auto semicolon = item.find(';');
        std::string coding = item.substr(0, semicolon);
        std::erase(coding, ' ');
        if (coding != "gzip" && coding != "*") continue;
        std::string params = semicolon == std::string::npos ? "" : item.substr(semicolon + 1);
        std::erase(params, ' ');
        if (params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000")
            continue;
        return true;
    }
    return false;
}

// If-None-Match names this ETag (strong or weak form) or is "*".
bool notModified(const Request& req, const std::string& etag) {
    const std::string header = req.get_header_value("If-None-Match");
    if (header.empty()) return false;
    if (header == "*") return true;
    std::size_t start = 0;
    while (start <= header.size()) {
        const auto end = std::min(header.find(',', start), header.size());
        std::string tag = header.substr(start, end - start);
        start = end + 1;
        std::erase(tag, ' ');
        if (tag.starts_with("W/")) tag.erase(0, 2);
        if (tag == etag) return true;
    }
    return false;
}

// The body in the encoding the client takes, handed to the socket without another copy (and
// without cpp-httplib compressing it again: it compresses set_content bodies only).
void sendBody(const Request& req, Response& res, std::shared_ptr<const Body> body) {
    res.status = 200;
    res.set_header("Vary", "Accept-Encoding");
    const bool gzipped = acceptsGzip(req);
    if (gzipped) res.set_header("Content-Encoding", "gzip");
    const std::string& bytes = gzipped ? body->gzipped : body->plain;
    res.set_content_provider(bytes.size(), kJson,
                             [body = std::move(body), data = bytes.data()](
                                 std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 return sink.write(data + offset, length);
                             });
}

void sendLayout(const Request& req, Response& res, BodyCache& cache, Id eventId,
                const std::shared_ptr<const SeatLayout>& layout, const char* cacheControl) {
    const std::string etag = "\"" + layout->version + "\"";
    res.headers.erase("Cache-Control");
    res.set_header("Cache-Control", cacheControl);
    res.set_header("ETag", etag);
    if (notModified(req, etag)) {
        res.status = 304;
        return;
    }
    sendBody(req, res, cache.get(eventId, layout, [](const SeatLayout& l) {
        return json{{"layout", toJson(l)}}.dump();
    }));
}

} // namespace

void seatMapRoutes(Router& r) {
    auto layouts = std::make_shared<BodyCache>();
    auto states = std::make_shared<BodyCache>();

    // Revalidated on every use (no-cache): the answer names the version whose URL is immutable.
    r.get(R"(/api/v1/events/(\d+)/layout)", "/api/v1/events/{id}/layout",
          [layouts](const ApiServices& s, const Request& req, Response& res) {
              auto layout = [&]() -> Result<std::shared_ptr<const SeatLayout>> {
                  BILHETERIA_TRY(id, pathId(req));
                  return s.seatMaps.layout(id);
              }();
              if (!layout) return sendError(res, layout.error());
              sendLayout(req, res, *layouts, (*layout)->eventId, *layout, "public, no-cache");
          });

    r.get(R"(/api/v1/events/(\d+)/layout/([0-9a-f]{1,64}))", "/api/v1/events/{id}/layout/{version}",
          [layouts](const ApiServices& s, const Request& req, Response& res) {
              auto layout = [&]() -> Result<std::shared_ptr<const SeatLayout>> {
                  BILHETERIA_TRY(id, pathId(req));
                  BILHETERIA_TRY(found, s.seatMaps.layout(id));
                  if (found->version != req.matches[2].str())
                      return fail(Error::notFound("the event's layout has another version"));
                  return found;
              }();
              if (!layout) return sendError(res, layout.error());
              sendLayout(req, res, *layouts, (*layout)->eventId, *layout, kImmutable);
          });

    r.get(R"(/api/v1/events/(\d+)/seat-states)", "/api/v1/events/{id}/seat-states",
          [states](const ApiServices& s, const Request& req, Response& res) {
              if (req.has_param("since")) {
                  // The seats changed since an earlier position: small, made per request.
                  auto changes = [&]() -> Result<SeatStateChanges> {
                      BILHETERIA_TRY(id, pathId(req));
                      const auto since = parseInteger(req.get_param_value("since"));
                      if (!since || *since < 0)
                          return fail(Error::invalidField(
                              "since", "since must be a position: a whole number, 0 or more"));
                      return s.seatMaps.changesSince(id, *since);
                  }();
                  if (!changes) return sendError(res, changes.error());
                  res.set_content(json{{"changes", toJson(*changes)}}.dump(), kJson);
                  return;
              }
              auto snapshot = [&]() -> Result<std::shared_ptr<const PackedSeatStates>> {
                  BILHETERIA_TRY(id, pathId(req));
                  return s.seatMaps.states(id);
              }();
              if (!snapshot) return sendError(res, snapshot.error());
              sendBody(req, res,
                       states->get((*snapshot)->eventId, *snapshot, [](const PackedSeatStates& p) {
                           return json{{"states", toJson(p)}}.dump();
                       }));
          });
}

} // namespace bilheteria
