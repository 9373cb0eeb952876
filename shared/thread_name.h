#pragma once
// Names the calling thread, so that `top -H`, perf and gdb tell the forum writer from the WAL
// checkpointer from gRPC's own threads. Linux keeps 15 characters; longer names are cut.

#include <string_view>

namespace kmhub {

void NameThisThread(std::string_view name);

}  // namespace kmhub
