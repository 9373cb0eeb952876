#pragma once
// MailService (proto/kmhub/v1/mail.proto): folders, imports, threads. Handlers check the caller
// and the request, run the archive reader and the MIME parser (rules), and hand the messages to
// MailStore; they hold no SQL.

#include <memory>

#include "kmhub/v1/mail.grpc.pb.h"
#include "server/mail/mail_store.h"
#include "server/platform/rpc/authorizer.h"

namespace kmhub::api {

// The most bytes one import may upload (all its files together); the server holds them while it
// parses. Larger archives are imported in parts (an mbox splits at any separator).
inline constexpr std::size_t kMaxMailImportBytes = 256u << 20;

class MailApi final : public kmhub::v1::MailService::Service {
 public:
  MailApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size)
      : auth_(auth), mail_(std::move(db)), max_page_size_(max_page_size) {}

  grpc::Status CreateMailFolder(grpc::ServerContext* ctx, const kmhub::v1::CreateMailFolderRequest* req,
                                kmhub::v1::MailFolder* out) override;
  grpc::Status ListMailFolders(grpc::ServerContext* ctx, const kmhub::v1::ListMailFoldersRequest* req,
                               kmhub::v1::ListMailFoldersResponse* out) override;
  grpc::Status ImportMail(grpc::ServerContext* ctx, grpc::ServerReader<kmhub::v1::ImportMailChunk>* reader,
                          kmhub::v1::ImportMailResponse* out) override;
  grpc::Status ListMailImports(grpc::ServerContext* ctx, const kmhub::v1::ListMailImportsRequest* req,
                               kmhub::v1::ListMailImportsResponse* out) override;
  grpc::Status UndoMailImport(grpc::ServerContext* ctx, const kmhub::v1::UndoMailImportRequest* req,
                              kmhub::v1::MailImport* out) override;
  grpc::Status ListMailThreads(grpc::ServerContext* ctx, const kmhub::v1::ListMailThreadsRequest* req,
                               kmhub::v1::ListMailThreadsResponse* out) override;
  grpc::Status GetMailThread(grpc::ServerContext* ctx, const kmhub::v1::GetMailThreadRequest* req,
                             kmhub::v1::MailThread* out) override;

 private:
  // The folder by display name, when the caller's role may read it (NOT_FOUND otherwise, the
  // same as for a folder that does not exist).
  Expected<store::MailFolderRecord> ReadableFolder(const Caller& caller, const std::string& name, const char* field);

  Authorizer& auth_;
  store::MailStore mail_;
  int max_page_size_;
};

}  // namespace kmhub::api
