#pragma once
// Enum values as people type and read them: "acute-trust" <-> ORGANISATION_KIND_ACUTE_TRUST.

#include <google/protobuf/descriptor.h>

#include <optional>
#include <string>

namespace kmhub::cli {

// "acute trust"; "" for the zero (unspecified) value.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);
// Accepts "acute-trust", "acute_trust", "ACUTE_TRUST", "Acute trust" or the full value name.
std::optional<int> ParseEnum(const google::protobuf::EnumDescriptor* type, const std::string& text);
// "acute-trust, local-authority, …" for help and error messages.
std::string EnumChoices(const google::protobuf::EnumDescriptor* type);

}  // namespace kmhub::cli
