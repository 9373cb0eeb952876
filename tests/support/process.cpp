#include "tests/support/process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/test_database.h"

namespace kmhub::testing {

namespace {
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
}  // namespace

std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

CommandResult Run(const std::string& command_line) {
  const auto err_path = (std::filesystem::temp_directory_path() / UniqueName("kmhub_err_")).string();
  CommandResult result;
  FILE* pipe = popen((command_line + " 2>" + Quote(err_path)).c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command_line);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = ReadFile(err_path);
  std::filesystem::remove(err_path);
  return result;
}

ServerProcess::ServerProcess(std::vector<std::string> args, std::vector<std::string> environment) {
  log_path_ = (std::filesystem::temp_directory_path() / UniqueName("kmhub_server_log_")).string();
  args.insert(args.begin(), KMHUB_SERVER_BIN);
  args.push_back("--listen=127.0.0.1:0");
  pid_ = fork();
  if (pid_ == 0) {
    FILE* log = std::fopen(log_path_.c_str(), "w");
    dup2(fileno(log), 1);
    dup2(fileno(log), 2);
    for (auto& setting : environment) putenv(setting.data());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // The server logs "listening on 127.0.0.1:PORT" once it serves.
  const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = Log();
    if (std::regex_search(log, match, listening)) {
      port_ = std::stoi(match[1]);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::filesystem::remove(log_path_);  // no destructor runs for a constructor that throws
      throw std::runtime_error("kmhub-server exited at start:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string log = Log();
  Stop(SIGKILL);
  std::filesystem::remove(log_path_);
  throw std::runtime_error("kmhub-server did not start within 30 s:\n" + log);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  std::filesystem::remove(log_path_);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

std::string ServerProcess::Metrics() const {
  const auto log = Log();
  const std::string marker = "metrics on http://127.0.0.1:";
  const auto at = log.find(marker);
  if (at == std::string::npos) return "";
  const auto from = at + marker.size();
  const std::string port = log.substr(from, log.find('/', from) - from);
  const auto r = Run("/usr/bin/python3 -c \"import urllib.request; print(urllib.request.urlopen("
                     "'http://127.0.0.1:" + port + "/metrics', timeout=10).read().decode())\"");
  return r.exit_code == 0 ? r.out : "";
}

}  // namespace kmhub::testing
