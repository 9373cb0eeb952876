#pragma once

#include <memory>

#include "server/platform/rpc/authorizer.h"

#include "kmhub/v1/contact.grpc.pb.h"
#include "server/partners/contact_store.h"
#include "server/partners/organisation_store.h"

namespace kmhub::api {

class ContactApi final : public kmhub::v1::ContactService::Service {
 public:
  ContactApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size, int max_import_rows)
      : auth_(auth), contacts_(db), organisations_(db), max_page_size_(max_page_size), max_import_rows_(max_import_rows) {}

  grpc::Status CreateContact(grpc::ServerContext* ctx, const kmhub::v1::CreateContactRequest* req,
                             kmhub::v1::Contact* out) override;
  grpc::Status GetContact(grpc::ServerContext* ctx, const kmhub::v1::GetContactRequest* req,
                          kmhub::v1::Contact* out) override;
  grpc::Status ListContacts(grpc::ServerContext* ctx, const kmhub::v1::ListContactsRequest* req,
                            kmhub::v1::ListContactsResponse* out) override;
  grpc::Status UpdateContact(grpc::ServerContext* ctx, const kmhub::v1::UpdateContactRequest* req,
                             kmhub::v1::Contact* out) override;
  grpc::Status DeleteContact(grpc::ServerContext* ctx, const kmhub::v1::DeleteContactRequest* req,
                             google::protobuf::Empty* out) override;
  grpc::Status ImportContacts(grpc::ServerContext* ctx, const kmhub::v1::ImportContactsRequest* req,
                              kmhub::v1::ImportContactsResponse* out) override;
  grpc::Status ExportContacts(grpc::ServerContext* ctx, const kmhub::v1::ExportContactsRequest* req,
                              kmhub::v1::ExportContactsResponse* out) override;

 private:
  Authorizer& auth_;
  store::ContactStore contacts_;
  store::OrganisationStore organisations_;
  int max_page_size_;
  int max_import_rows_;
};

}  // namespace kmhub::api
