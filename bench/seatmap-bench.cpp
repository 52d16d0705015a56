// bilheteria-seatmap-bench: the desktop client's seat map on a 100,000-seat stadium, without a
// server. Builds the event's and the seats' answers as the server sends them (JSON bytes), then
// measures what the app does with them: parsing, the model's load and layout, the first
// painted frame of a 1200×800 map, then every frame of a scripted zoom-and-pan (each a full
// repaint into an image, through the widget's own paintEvent), a live batch of changes, and
// the process's peak memory. Prints the figures next to the aims.
//
//   QT_QPA_PLATFORM=offscreen build/bin/bilheteria-seatmap-bench [--sections 20] [--rows 50]
//       [--seats 100] [--frames 240] [--save DIR]
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "client-qt/models/seatmapmodel.h"
#include "client-qt/ui/seatmapview.h"
#include "shared/jsonmapping.h"

using namespace bilheteria;
using namespace bilheteria::client;

namespace {

struct Options {
    int sections = 20;
    int rows = 50;
    int seats = 100;
    int frames = 240;
    QString saveDir; // --save DIR: the first frame and one per level of detail as PNG
};

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--save")) {
            options.saveDir = QString::fromLocal8Bit(argv[i + 1]);
            continue;
        }
        const int value = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--sections"))
            options.sections = value;
        else if (!std::strcmp(argv[i], "--rows"))
            options.rows = value;
        else if (!std::strcmp(argv[i], "--seats"))
            options.seats = value;
        else if (!std::strcmp(argv[i], "--frames"))
            options.frames = value;
    }
    return options;
}

// A field of /proc/self/status in MiB (VmHWM: the peak resident size; VmRSS: now).
double statusMiB(const char* field) {
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(static_cast<int>(std::strlen(field)) + 1)
                       .trimmed()
                       .split(' ')
                       .front()
                       .toDouble() /
                   1024.0;
    return -1;
}

// The two answers as the server writes them: GET /events/{id} and GET /events/{id}/seats.
// A busy sale: a third sold, some held, in clumps as real sales leave them.
std::pair<std::string, std::string> makeAnswers(const Options& o) {
    Event event;
    event.summary.id = 1;
    event.summary.name = "Stadium";
    event.summary.venue = "Estádio";
    event.summary.startsAt =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
        std::chrono::hours(24 * 30);
    event.summary.saleStartsAt =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    event.summary.saleEndsAt = event.summary.startsAt;
    std::mt19937 random(42);
    std::string seats = "{\"seats\":[";
    Id seatId = 1;
    bool first = true;
    for (int s = 0; s < o.sections; ++s) {
        SectionInfo info;
        info.id = s + 1;
        info.name = "Setor " + std::to_string(s + 1);
        info.priceCents = 10000 + 2500 * (s % 8);
        info.capacity = static_cast<std::int64_t>(o.rows) * o.seats;
        std::int64_t available = 0;
        for (int r = 0; r < o.rows; ++r) {
            const std::string label = std::to_string(r + 1);
            for (int n = 1; n <= o.seats; ++n) {
                const unsigned roll = random() % 100;
                const SeatState state = roll < 33   ? SeatState::Sold
                                        : roll < 38 ? SeatState::Held
                                                    : SeatState::Free;
                if (state == SeatState::Free) ++available;
                if (!first) seats += ',';
                first = false;
                appendSeatJson(seats, Seat{seatId++, info.id, label, n, state});
            }
        }
        info.available = available;
        event.sections.push_back(info);
    }
    event.sections.push_back(
        SectionInfo{o.sections + 1, "Pista", SectionKind::General, 8000, 20000, 12000});
    seats += "]}";
    nlohmann::json body;
    body["event"] = toJson(event);
    return {body.dump(), seats};
}

double ms(const QElapsedTimer& timer) {
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

const char* detailName(SeatMapView::Detail detail) {
    switch (detail) {
    case SeatMapView::Detail::Blocks:
        return "blocks";
    case SeatMapView::Detail::Marks:
        return "marks";
    case SeatMapView::Detail::Shapes:
        return "shapes";
    }
    return "?";
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parseOptions(argc, argv);
    const double rssAtStart = statusMiB("VmRSS:");

    const auto [eventBytes, seatBytes] = makeAnswers(options);
    const double rssWithAnswers = statusMiB("VmRSS:");

    // --- Data received → first painted frame ---
    QElapsedTimer total;
    total.start();
    QElapsedTimer step;
    step.start();
    // What ApiClient does with the answers (shared/jsonmapping.h), then drops the trees.
    Event event;
    std::vector<Seat> seats;
    {
        const auto eventJson = nlohmann::json::parse(eventBytes);
        event = *parseEvent(eventJson.at("event"));
        const auto seatsJson = nlohmann::json::parse(seatBytes);
        const auto& list = seatsJson.at("seats");
        seats.reserve(list.size());
        for (const auto& item : list)
            seats.push_back(*parseSeat(item));
    }
    const double parseMs = ms(step);

    step.restart();
    SeatMapModel model(nullptr);
    model.setEventData(std::move(event), seats);
    const double modelMs = ms(step);
    seats.clear();
    seats.shrink_to_fit();

    step.restart();
    SeatMapView view(&model);
    view.resize(1200, 800);
    view.fitToView();
    QImage frame(1200, 800, QImage::Format_ARGB32_Premultiplied);
    view.render(&frame);
    const double firstPaintMs = ms(step);
    const double firstFrameMs = ms(total);
    const SeatMapView::Detail firstDetail = view.detail();
    if (!options.saveDir.isEmpty()) {
        frame.save(options.saveDir + QStringLiteral("/seatmap-fit.png"));
        QImage shot(1200, 800, QImage::Format_ARGB32_Premultiplied);
        for (const double scale : {6.0, 24.0}) {
            view.setScale(scale);
            view.render(&shot);
            shot.save(
                options.saveDir +
                QStringLiteral("/seatmap-%1.png").arg(QLatin1String(detailName(view.detail()))));
        }
        view.fitToView();
    }

    // --- Zoom and pan: every frame a full repaint ---
    // In from the whole stadium to single seats around a few anchors, panning at each level
    // of detail, and back out.
    std::vector<double> frameMs;
    std::vector<double> worstByDetail(3, 0.0);
    std::vector<int> framesByDetail(3, 0);
    const auto paint = [&] {
        QElapsedTimer timer;
        timer.start();
        view.render(&frame);
        const double t = ms(timer);
        frameMs.push_back(t);
        const auto d = static_cast<std::size_t>(view.detail());
        worstByDetail[d] = std::max(worstByDetail[d], t);
        ++framesByDetail[d];
    };
    const QPointF anchors[] = {{600, 400}, {300, 250}, {900, 600}, {150, 700}};
    int anchor = 0;
    while (static_cast<int>(frameMs.size()) < options.frames) {
        view.fitToView();
        paint();
        const QPointF at = anchors[anchor++ % 4];
        for (int i = 0; i < 30; ++i) { // zoom in about 17×
            view.zoomBy(1.1, at);
            paint();
        }
        for (int i = 0; i < 15; ++i) { // pan right and down at seat level
            view.panBy(QPointF(-60, -25));
            paint();
        }
        for (int i = 0; i < 18; ++i) { // out to the marks
            view.zoomBy(1 / 1.1, at);
            paint();
        }
        for (int i = 0; i < 15; ++i) { // pan at the marks, the most seats on screen
            view.panBy(QPointF(50, 30));
            paint();
        }
        for (int i = 0; i < 12; ++i) {
            view.zoomBy(1 / 1.1, at);
            paint();
        }
    }

    // --- A live batch: 1,000 seats change state, then the repaint ---
    view.fitToView();
    view.zoomBy(4.0);
    QList<qint64> batch;
    for (qint64 id = 1; id <= 100'000 && batch.size() < 1000; id += 97)
        batch.append(id);
    step.restart();
    model.applySeatStates(batch, SeatState::Sold);
    const double applyMs = ms(step);
    step.restart();
    view.render(&frame);
    const double batchPaintMs = ms(step);

    const double peak = statusMiB("VmHWM:");
    const double median = percentile(frameMs, 0.5);
    const double p95 = percentile(frameMs, 0.95);
    const double worst = *std::max_element(frameMs.begin(), frameMs.end());

    std::printf("Seat map benchmark: %d sections x %d rows x %d seats = %d seats, plus a "
                "general-admission section; 1200x800 view, platform %s\n",
                options.sections, options.rows, options.seats, model.seatCount(),
                qPrintable(QGuiApplication::platformName()));
    std::printf("answers: event %.1f KiB, seats %.1f MiB of JSON\n\n",
                static_cast<double>(eventBytes.size()) / 1024.0,
                static_cast<double>(seatBytes.size()) / 1048576.0);
    std::printf("%-46s %12s   %s\n", "measure", "figure", "aim");
    std::printf("%-46s %9.1f ms   %s\n", "  parse JSON into protocol structs", parseMs, "");
    std::printf("%-46s %9.1f ms   %s\n", "  model load and layout", modelMs, "");
    std::printf("%-46s %9.1f ms   %s\n", "  first paint", firstPaintMs, "");
    std::printf("%-46s %9.1f ms   %s\n", "data received -> first painted map", firstFrameMs,
                "< 500 ms");
    std::printf("%-46s %9.1f ms   (%s)\n", "  of which without parsing", modelMs + firstPaintMs,
                detailName(firstDetail));
    std::printf("%-46s %9.2f ms   %s\n", "frame time while zooming/panning, median", median,
                "< 16 ms");
    std::printf("%-46s %9.2f ms   %s\n", "frame time, 95th percentile", p95, "< 16 ms");
    std::printf("%-46s %9.2f ms   %s\n", "frame time, worst", worst, "< 16 ms");
    for (std::size_t d = 0; d < 3; ++d)
        std::printf(
            "%-46s %9.2f ms   (%d frames)\n",
            (std::string("  worst at ") + detailName(static_cast<SeatMapView::Detail>(d))).c_str(),
            worstByDetail[d], framesByDetail[d]);
    std::printf("%-46s %12zu\n", "frames measured", frameMs.size());
    std::printf("%-46s %9.2f ms\n", "live batch of 1,000 seats: apply", applyMs);
    std::printf("%-46s %9.2f ms\n", "live batch of 1,000 seats: repaint", batchPaintMs);
    std::printf("%-46s %8.1f MiB   %s\n", "peak memory (VmHWM)", peak, "< 250 MB");
    std::printf("%-46s %8.1f MiB\n", "  resident before the answers (Qt, libs)", rssAtStart);
    std::printf("%-46s %8.1f MiB\n", "  resident with the answers' bytes", rssWithAnswers);
    return 0;
}
