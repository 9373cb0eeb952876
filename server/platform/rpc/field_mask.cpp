#include "server/platform/rpc/field_mask.h"

#include <algorithm>

namespace kmhub::api {

Expected<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                     const std::vector<std::string>& updatable) {
  if (mask.paths_size() == 0 || (mask.paths_size() == 1 && mask.paths(0) == "*")) return updatable;
  Violations v;
  std::vector<std::string> paths;
  for (const auto& path : mask.paths()) {
    if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
      std::string list;
      for (const auto& u : updatable) list += (list.empty() ? "" : ", ") + u;
      v.Add("update_mask", "'" + path.substr(0, 60) + "' cannot be updated; updatable fields: " + list);
    } else {
      paths.push_back(path);
    }
  }
  if (!v.empty()) return v.ToError("INVALID_UPDATE_MASK");
  return paths;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace kmhub::api
