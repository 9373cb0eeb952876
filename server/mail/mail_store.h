#pragma once
// Partner e-mail's store (README.md): folders, imports written in one transaction each
// (messages, their addresses and attachments, thread placement and merging, the import's record
// and its audit row), threads and their messages.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/mail/records.h"
#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "shared/error.h"

namespace kmhub::store {

struct MailImportRequest {
  std::int64_t folder_id = 0;
  std::vector<MailImportFile> files;
  std::vector<IncomingMail> messages;  // in file order
  int skipped = 0;                     // unparseable ones left out (--skip-unparseable)
  std::string request_id;
  bool dry_run = false;
};

class MailStore {
 public:
  explicit MailStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  // ALREADY_EXISTS MAIL_FOLDER_EXISTS for a name in use.
  Expected<MailFolderRecord> CreateFolder(const MailFolderRecord& folder);
  Expected<std::vector<MailFolderRecord>> ListFolders();
  // NOT_FOUND MAIL_FOLDER_NOT_FOUND.
  Expected<MailFolderRecord> FolderByName(const std::string& name);
  Expected<MailFolderRecord> FolderById(std::int64_t id);

  // All or nothing. A message whose (Message-ID, content) is in the folder already is counted
  // present and not written; one whose Message-ID is there with other content is a second copy;
  // one without a Message-ID is keyed by its content. A retry with the request id of an import
  // already written is answered with that import and writes nothing.
  Expected<MailImportRecord> Import(const MailImportRequest& request);
  Expected<std::vector<MailImportRecord>> ListImports(std::int64_t folder_id);
  // Deletes the messages an import added and counts their threads again; a later message that
  // was a second copy of one of them stands alone. The import stays listed, marked undone.
  // NOT_FOUND MAIL_IMPORT_NOT_FOUND; FAILED_PRECONDITION ALREADY_UNDONE.
  Expected<MailImportRecord> UndoImport(std::int64_t import_id);

  // Threads by latest message, newest first.
  Expected<Page<MailThreadRecord>> ListThreads(std::int64_t folder_id, const PagePosition& position);
  // NOT_FOUND MAIL_THREAD_NOT_FOUND. Messages by date, then id.
  Expected<std::vector<MailMessageRecord>> ThreadMessages(std::int64_t thread_id, MailThreadRecord* thread);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
