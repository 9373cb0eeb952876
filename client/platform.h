#pragma once
// The only place where the client differs between POSIX and Windows.

#include <cstdio>

namespace kmhub::client {

// True when `stream` is an interactive terminal (tables and progress bars are for people).
bool IsTerminal(std::FILE* stream);

}  // namespace kmhub::client
