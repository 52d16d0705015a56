#include "tests/support/builders.h"

namespace bilheteria::testing {

const std::string kTestPassword = "correct horse battery";

NewSection seated(std::string name, Cents price, std::vector<RowDraft> rows) {
    NewSection section;
    section.name = std::move(name);
    section.kind = SectionKind::Seated;
    section.priceCents = price;
    for (const RowDraft& row : rows)
        section.capacity += row.seats;
    section.rows = std::move(rows);
    return section;
}

NewSection general(std::string name, Cents price, std::int64_t capacity) {
    NewSection section;
    section.name = std::move(name);
    section.kind = SectionKind::General;
    section.priceCents = price;
    section.capacity = capacity;
    return section;
}

std::string path(const std::string& prefix, const nlohmann::json& id, const std::string& suffix) {
    return prefix + std::to_string(id.get<Id>()) + suffix;
}

nlohmann::json demoEventBody(const std::string& name) {
    auto event = nlohmann::json::parse(R"({"venue": "Arena", "starts_at": "2030-12-31T22:00:00Z",
        "currency": "BRL", "max_tickets_per_customer": 4, "hold_seconds": 600,
        "queue": {"enabled": false, "admit_per_minute": 600},
        "sections": [
          {"name": "Plateia", "price_cents": 25000,
           "rows": [{"label": "A", "seats": 20}, {"label": "B", "seats": 22}]},
          {"name": "Pista", "price_cents": 15000, "capacity": 500}]})");
    event["name"] = name;
    return event;
}

SalesService::Stores salesStores(Storage& storage) {
    return {storage.sales(), storage.holds(), storage.events(), storage.reports(),
            storage.notifications()};
}

nlohmann::json cardPurchaseBody(const std::string& number, const std::string& holder) {
    return {{"payment",
             {{"method", "card"},
              {"card_number", number},
              {"exp_month", 12},
              {"exp_year", 2035},
              {"cvc", "123"},
              {"holder_name", holder}}}};
}

} // namespace bilheteria::testing
