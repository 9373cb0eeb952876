#pragma once
// Predecessor links written as MS Project writes them in its Predecessors column: "4" (finish
// to start), "4SS", "4FF+2d", "4FS-1d" (a lead). The store keeps a milestone's links in this
// notation, and kmhub's CSV plans and the CLI read and show it (projects/README.md, "Links").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/projects/records.h"

namespace kmhub::domain {

using store::LinkTiming;
using store::LinkType;

// Lags beyond this many days (either way) are refused: no plan of a PCT's spans 10 years.
inline constexpr int kMaxLagDays = 3650;

// The suffix after the predecessor's id: "" for finish-to-start without a lag, else "SS",
// "FF+2d", "FS-1d".
std::string LinkSuffix(const LinkTiming& timing);

// A link as written: the predecessor's key (an id, or a plan's task id) and its timing.
struct WrittenLink {
  std::string key;
  LinkTiming timing;
};

// Reads "4", "4SS", "4 FF + 2d", "t-3SF-1" (the key is everything before a trailing type and
// lag; "d" or "days" after the lag is optional). nullopt with `problem` set when the type or the
// lag cannot be read.
std::optional<WrittenLink> ParseWrittenLink(std::string_view text, std::string* problem);

}  // namespace kmhub::domain
