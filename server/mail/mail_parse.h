#pragma once
// One raw message into what kmhub keeps of it (README.md, "Model"), through GMime 3: headers
// decoded (RFC 2047 words, adjacent ones joined; raw 8-bit headers read as UTF-8, else
// windows-1252), addresses, the date in UTC with its offset, In-Reply-To and References, the
// text body (text/plain preferred, else the HTML turned into text; each part's charset decoded,
// ISO-8859-1 read as windows-1252 as mail clients do), and the attachments.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub::domain {

struct MailAddress {
  std::string name;     // decoded display name, "" when none
  std::string address;  // lower-cased
  bool operator==(const MailAddress&) const = default;
};

struct MailAttachment {
  std::string file_name;
  std::string media_type;  // "application/pdf"
  std::int64_t size = 0;   // decoded bytes
  std::string content;     // decoded bytes, only when asked for
};

struct ParsedMail {
  std::string message_id;  // without <>; "" when the message has none
  MailAddress from;
  std::vector<MailAddress> to, cc;
  std::int64_t date_micros = 0;   // UTC; 0 when the message has no readable date
  int utc_offset_minutes = 0;     // as written: +0100 → 60
  std::string subject;            // decoded
  std::string in_reply_to;        // the first message id in In-Reply-To, without <>
  std::vector<std::string> references;  // oldest first, without <>
  std::string body;               // text
  bool body_from_html = false;
  std::vector<MailAttachment> attachments;
  std::int64_t size = 0;          // bytes of the raw message
  std::string sha256;             // of the raw message, lower-case hex
  // SHA-256 of what makes two deliveries the same message: the decoded headers kept and the
  // body, not the transport headers (Received, Delivered-To) that differ between copies.
  std::string content_sha256;
};

struct ParseOptions {
  bool keep_attachment_content = false;
  std::int64_t max_attachment_bytes = 10 * 1024 * 1024;  // kept content per attachment
};

// INVALID_ARGUMENT UNPARSEABLE_MESSAGE when GMime finds no message at all (no headers).
Expected<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options = {});

// The parent a message replies to: In-Reply-To, else the last of References ("" for none).
std::string ParentId(const ParsedMail& mail);

}  // namespace kmhub::domain
