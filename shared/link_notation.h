#pragma once
// Predecessor links as MS Project writes them after the predecessor's id: "" for finish-to-start
// without a lag, "SS", "FF+2d", "FS-1d". Server (the store's encoding, plan files) and CLI
// (milestone tables) write the same text.

#include <string>

namespace kmhub {

// `type`: kmhub.v1.LinkType's number (1 FS, 2 SS, 3 FF, 4 SF; anything else is taken as FS).
std::string LinkNotation(int type, int lag_days);

}  // namespace kmhub
