// Fuzz target: mail archives — mbox splitting (separators, Content-Length, mboxrd quoting) and
// each message through GMime (headers, encoded words, MIME structure, charsets, HTML to text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/mail/mail_archive.h"
#include "server/mail/mail_parse.h"
#include "server/mail/nhs_number.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& raw : kmhub::domain::SplitArchive(text)) {
    const auto mail = kmhub::domain::ParseMail(raw.bytes);
    if (mail) (void)kmhub::domain::FindNhsNumbers(mail->body);
  }
  return 0;
}
