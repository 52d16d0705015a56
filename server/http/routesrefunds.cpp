// After the sale: refunding some or all of an order's tickets, exchanging one, cancelling an
// event (core/refunds.h).
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

    r.post(R"(/api/v1/orders/(\d+)/exchanges)", "/api/v1/orders/{id}/exchanges",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto exchange = [&]() -> Result<ExchangeResult> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_TRY(orderId, pathId(req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(request, parseExchangeRequest(in));
                   BILHETERIA_TRY(done, s.refunds.exchange(user, orderId,
                                                           req.get_header_value("Idempotency-Key"),
                                                           request));
                   BILHETERIA_TRY(order, s.door.withTokens(std::move(done.order)));
                   done.order = std::move(order);
                   return done;
               }();
               if (!exchange) return sendError(res, exchange.error());
               sendJson(
                   res, exchange->replayed ? 200 : 201,
                   {{"order", toJson(exchange->order)}, {"exchange", toJson(exchange->exchange)}});
           });

    r.post(R"(/api/v1/events/(\d+)/cancel)", "/api/v1/events/{id}/cancel",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto cancel = [&]() -> Result<CancellationResult> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_TRY(eventId, pathId(req));
                   BILHETERIA_TRY(in, req.body.empty() ? Result<json>{json::object()} : body(req));
                   BILHETERIA_TRY(request, parseCancelRequest(in));
                   return s.refunds.cancelEvent(user, eventId, request);
               }();
               reply(res, cancel, 200, [](const CancellationResult& done) {
                   return toJson(
                       EventCancellation{done.event, done.refundedOrders, done.refundedCents});
               });
           });
}

} // namespace bilheteria
