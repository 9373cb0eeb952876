#pragma once
// A progress bar on stderr while a large file is sent — only for people watching a terminal,
// and only for files worth waiting on.

#include <cstddef>
#include <string>

namespace kmhub::cli {

class UploadProgress {
 public:
  explicit UploadProgress(const std::string& path);
  ~UploadProgress();  // ends the bar's line
  void operator()(std::size_t sent) const;

 private:
  std::size_t total_ = 0;
  bool show_ = false;
};

}  // namespace kmhub::cli
