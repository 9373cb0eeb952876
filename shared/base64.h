#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kmhub {

// URL-safe base64 without padding (RFC 4648 §5), used for opaque page tokens.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace kmhub
