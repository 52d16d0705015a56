// The API's route table: each route parses its request, calls the core and translates the
// result. Internal to server/http/.
#pragma once

#include <string>

#include <httplib.h>

#include "server/http/httpserver.h"

namespace bilheteria {

void registerRoutes(httplib::Server& server, const ApiServices& services);

// The route pattern of the request this thread is answering ("/api/v1/events/{id}"), for logs
// and metrics; "unmatched" when no route took it.
const std::string& currentRouteLabel();
void resetCurrentRouteLabel();

// Writes the contract's error shape with the right status (and Retry-After where it applies).
void sendError(httplib::Response& res, const Error& error);

} // namespace bilheteria
