#pragma once
// Running the real binaries in end-to-end tests (POSIX only; tests are not shipped).

#include <sys/types.h>

#include <string>
#include <vector>

namespace kmhub::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a shell command line; captures standard output and standard error.
CommandResult Run(const std::string& command_line);

// Single-quotes an argument for the shell.
std::string Quote(const std::string& arg);

// kmhub-server as a child process on a free port, its log captured to a file.
class ServerProcess {
 public:
  // `environment`: "NAME=value" settings added to the server's environment.
  explicit ServerProcess(std::vector<std::string> args, std::vector<std::string> environment = {});
  ~ServerProcess();
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Sends `signal` and waits; returns the exit code (or 128 + signal when killed).
  int Stop(int signal);
  std::string Log() const;
  // With --metrics-listen=127.0.0.1:0: the Prometheus text the server serves now ("" if none).
  std::string Metrics() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace kmhub::testing
