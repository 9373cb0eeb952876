#pragma once
// How much of the machine's CPU time the hypervisor gave to other guests ("steal" in /proc/stat)
// while a measurement ran. The 2-core machines the figures in README.md come from are shared:
// in minutes when steal rose to 5-10 %, the same build's posting p99 went from 7-9 ms to 11-16
// ms. Printed beside every figure so that a slow machine can be told from a slow build.

#include <fstream>
#include <sstream>
#include <string>

namespace kmhub::bench {

class StealMeter {
 public:
  StealMeter() : start_(Read()) {}

  // The percentage of all CPU time since construction that was stolen; negative where
  // /proc/stat cannot be read (not Linux) or no time has passed.
  double Percent() const {
    const Times end = Read();
    if (!start_.known || !end.known || end.total <= start_.total) return -1;
    return 100.0 * static_cast<double>(end.steal - start_.steal) / static_cast<double>(end.total - start_.total);
  }

 private:
  struct Times {
    bool known = false;
    unsigned long long steal = 0, total = 0;
  };

  // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal guest
  // guest_nice", in clock ticks. Guest time is already counted in user, so the total is the
  // first eight.
  static Times Read() {
    std::ifstream in("/proc/stat");
    std::string line, label;
    if (!std::getline(in, line)) return {};
    std::istringstream fields(line);
    fields >> label;
    if (label != "cpu") return {};
    Times times;
    for (int i = 0; i < 8; ++i) {
      unsigned long long ticks = 0;
      if (!(fields >> ticks)) return {};
      times.total += ticks;
      if (i == 7) times.steal = ticks;
    }
    times.known = true;
    return times;
  }

  Times start_;
};

}  // namespace kmhub::bench
