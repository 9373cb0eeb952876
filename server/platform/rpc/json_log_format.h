#pragma once
// Log lines as JSON objects ({"time":…,"level":…,"message":…}), for log collectors.

#include <spdlog/logger.h>

namespace kmhub::server {

void UseJsonLogLines(spdlog::logger& logger);

}  // namespace kmhub::server
