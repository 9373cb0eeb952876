#pragma once

#include <string>

namespace kmhub::client {

// A version-7 UUID (RFC 9562: the milliseconds since 1970, then 74 random bits), used as
// request_id so that a retried create is not applied twice. Time first, so that the server's
// request log, keyed by it, takes each new id at the end of its index rather than at a random
// place: a random (version-4) id dirtied a page of that index for every post (bench/).
std::string NewRequestId();

}  // namespace kmhub::client
