#include "shared/thread_name.h"

#include <string>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace kmhub {

void NameThisThread(std::string_view name) {
#if defined(__linux__)
  // The kernel refuses names of 16 bytes or more (with the terminating NUL) rather than cut them.
  const std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());
#else
  (void)name;  // a name is a diagnostic nicety; other systems go without
#endif
}

}  // namespace kmhub
