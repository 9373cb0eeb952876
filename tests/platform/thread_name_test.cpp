#include "shared/thread_name.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace {

std::string NameOfThisThread() {
#if defined(__linux__)
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
#else
  return "";
#endif
}

}  // namespace

TEST_CASE("a thread takes the name it is given, cut to the 15 characters Linux keeps") {
#if defined(__linux__)
  std::string short_name, long_name;
  std::thread([&] {
    kmhub::NameThisThread("kmhub-posts");
    short_name = NameOfThisThread();
    kmhub::NameThisThread("kmhub-a-very-long-thread-name");
    long_name = NameOfThisThread();
  }).join();
  CHECK(short_name == "kmhub-posts");
  CHECK(long_name == "kmhub-a-very-lo");
#else
  SUCCEED("thread names are only set on Linux");
#endif
}
