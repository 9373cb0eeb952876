#pragma once
// The records of partner e-mail (README.md, "Model"): public folders, imported messages with
// their addresses and attachments, threads, and the imports that brought them.

#include <cstdint>
#include <string>
#include <vector>

#include "server/mail/mail_parse.h"

namespace kmhub::store {

struct MailFolderRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::vector<int> roles;  // kmhub.v1.Role numbers that may read it (admins always may)
  std::int64_t create_micros = 0;
};

// A message to write: what was parsed, the raw bytes, and whether it was let in holding an
// NHS number (--allow-identifiable).
struct IncomingMail {
  domain::ParsedMail mail;
  std::string raw;
  bool identifiable = false;
};

enum class AddressRole { kFrom = 1, kTo = 2, kCc = 3 };

struct MailMessageRecord {
  std::int64_t id = 0;
  std::int64_t folder_id = 0;
  std::int64_t thread_id = 0;
  std::int64_t import_id = 0;
  std::string message_id;
  std::string parent_message_id;
  std::int64_t copy_of = 0;  // 0 unless a second copy of a Message-ID with other content
  domain::MailAddress from;
  std::vector<domain::MailAddress> to, cc;
  std::int64_t sent_micros = 0;
  int utc_offset_minutes = 0;
  std::string subject;
  std::string body;
  bool body_from_html = false;
  std::int64_t size_bytes = 0;
  std::vector<domain::MailAttachment> attachments;  // content only when kept
  bool identifiable = false;
  std::string content_sha256;
  std::string raw_sha256;
};

struct MailThreadRecord {
  std::int64_t id = 0;
  std::int64_t folder_id = 0;
  std::string subject;
  int message_count = 0;
  std::int64_t first_micros = 0, last_micros = 0;
};

struct MailImportFile {
  std::string name;
  std::string sha256;
};

struct MailImportRecord {
  std::int64_t id = 0;
  std::int64_t folder_id = 0;
  std::string actor;
  std::string request_id;
  std::int64_t create_micros = 0;
  std::vector<MailImportFile> files;
  int new_count = 0;
  int present_count = 0;  // already in the folder (same Message-ID, same content)
  int copy_count = 0;     // of the new ones, second copies (same Message-ID, other content)
  int skipped_count = 0;  // unparseable, left out with --skip-unparseable
  int identifiable_count = 0;
  std::int64_t undone_micros = 0;
};

}  // namespace kmhub::store
