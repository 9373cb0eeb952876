#pragma once

#include <string>

namespace kmhub::client {

// A random version-4 UUID, used as request_id so that a retried create is not applied twice.
std::string NewRequestId();

}  // namespace kmhub::client
