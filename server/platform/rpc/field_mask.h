#pragma once
// Update masks (AIP-134): the paths a client names must be updatable fields of the resource.
// An empty mask means every updatable field; "*" says so explicitly.

#include <google/protobuf/field_mask.pb.h>

#include <string>
#include <vector>

#include "shared/error.h"

namespace kmhub::api {

Expected<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                     const std::vector<std::string>& updatable);

// "title, state": the resolved paths for the audit summary.
std::string JoinPaths(const std::vector<std::string>& paths);

}  // namespace kmhub::api
