#include "client/cli/enum_names.h"

#include <cctype>

namespace kmhub::cli {

namespace {

// "ORGANISATION_KIND_" from ORGANISATION_KIND_UNSPECIFIED.
std::string Prefix(const google::protobuf::EnumDescriptor* type) {
  const auto* zero = type->FindValueByNumber(0);
  if (!zero) return "";
  const std::string name = zero->name();
  const auto pos = name.rfind("UNSPECIFIED");
  return pos == std::string::npos ? "" : name.substr(0, pos);
}

std::string Short(const google::protobuf::EnumDescriptor* type, const std::string& full) {
  const auto prefix = Prefix(type);
  return full.rfind(prefix, 0) == 0 ? full.substr(prefix.size()) : full;
}

}  // namespace

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  if (value == 0) return "";
  const auto* v = type->FindValueByNumber(value);
  if (!v) return std::to_string(value);
  std::string label = Short(type, v->name());
  for (char& c : label) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return label;
}

std::optional<int> ParseEnum(const google::protobuf::EnumDescriptor* type, const std::string& text) {
  std::string upper;
  for (char c : text) upper += (c == '-' || c == ' ') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (const auto* v = type->FindValueByName(upper); v && v->number() != 0) return v->number();
  if (const auto* v = type->FindValueByName(Prefix(type) + upper); v && v->number() != 0) return v->number();
  return std::nullopt;
}

std::string EnumChoices(const google::protobuf::EnumDescriptor* type) {
  std::string out;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    std::string choice = Short(type, type->value(i)->name());
    for (char& c : choice) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (out.empty() ? "" : ", ") + choice;
  }
  return out;
}

}  // namespace kmhub::cli
