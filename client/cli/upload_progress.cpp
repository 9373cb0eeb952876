#include "client/cli/upload_progress.h"

#include <cstdio>
#include <filesystem>

#include "client/platform.h"

namespace kmhub::cli {

namespace {
constexpr std::size_t kWorthABar = 4u << 20;
}

UploadProgress::UploadProgress(const std::string& path) {
  std::error_code error;
  total_ = static_cast<std::size_t>(std::filesystem::file_size(path, error));
  show_ = client::IsTerminal(stderr) && !error && total_ > kWorthABar;
}

UploadProgress::~UploadProgress() {
  if (show_) std::fprintf(stderr, "\n");
}

void UploadProgress::operator()(std::size_t sent) const {
  if (!show_) return;
  const double share = static_cast<double>(sent) / static_cast<double>(total_);
  const int width = 40, done = static_cast<int>(width * share);
  std::fprintf(stderr, "\r[%s%s] %3d%% sending", std::string(static_cast<std::size_t>(done), '#').c_str(),
               std::string(static_cast<std::size_t>(width - done), ' ').c_str(), static_cast<int>(100.0 * share));
}

}  // namespace kmhub::cli
