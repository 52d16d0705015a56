// Small builders the suites share: store-level sections and the contract's example event body.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/sales.h"
#include "server/core/store/storage.h"

namespace bilheteria::testing {

// The password every HTTP suite gives its accounts.
extern const std::string kTestPassword;

// A seated section whose capacity is the sum of its rows.
NewSection seated(std::string name, Cents price, std::vector<RowDraft> rows);
NewSection general(std::string name, Cents price, std::int64_t capacity);

// The parts of `storage` a SalesService takes.
SalesService::Stores salesStores(Storage& storage);

// An API path with an id from a reply in it: path("/api/v1/orders/", order["id"], "/refunds").
std::string path(const std::string& prefix, const nlohmann::json& id,
                 const std::string& suffix = "");

// A create-event body: 42 seats in two rows of "Plateia" and 500 places in "Pista", on sale now
// until 2030-12-31, 4 tickets per customer.
nlohmann::json demoEventBody(const std::string& name = "Rock Night");

// A purchase body paying by the sandbox's approved test card (or `number`), as the contract
// spells it: {"payment": {"method": "card", ...}}.
nlohmann::json cardPurchaseBody(const std::string& number = "4111111111111111",
                                const std::string& holder = "Ana Souza");

} // namespace bilheteria::testing
