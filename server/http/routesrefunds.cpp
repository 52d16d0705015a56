// After the sale: refunding some or all of an order's tickets (core/refunds.h).
#include <string>

#include "server/http/routing.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

void refundRoutes(Router& r) {
    r.post(R"(/api/v1/orders/(\d+)/refunds)", "/api/v1/orders/{id}/refunds",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto refund = [&]() -> Result<RefundResult> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_TRY(orderId, pathId(req));
                   // No body at all: every ticket, as {} says.
                   BILHETERIA_TRY(in, req.body.empty() ? Result<json>{json::object()} : body(req));
                   BILHETERIA_TRY(request, parseRefundRequest(in));
                   BILHETERIA_TRY(done, s.refunds.refund(user, orderId,
                                                         req.get_header_value("Idempotency-Key"),
                                                         request));
                   BILHETERIA_TRY(order, s.door.withTokens(std::move(done.order)));
                   done.order = std::move(order);
                   return done;
               }();
               if (!refund) return sendError(res, refund.error());
               sendJson(res, refund->replayed ? 200 : 201,
                        {{"order", toJson(refund->order)}, {"refund", toJson(refund->refund)}});
           });
}

} // namespace bilheteria
