#include "server/partners/contact_api.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "server/platform/rpc/field_mask.h"
#include "server/platform/rpc/metrics.h"
#include "server/partners/partner_mapping.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/platform/rules/import_file.h"
#include "server/partners/contact_rules.h"
#include "server/platform/rules/text_rules.h"
#include "server/partners/vcard.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

namespace {

using kmhub::v1::Contact;

// An export is one message: bounded so it stays well inside the message size limit.
// Cards in a page of an export: a page of typical cards is under 2 MB, within the default
// message limit (--max-message-bytes, 4 MiB).
constexpr int kDefaultExportPage = 1000;
constexpr int kMaxExportPage = 5000;

store::ContactOrder OrderField(const std::string& field) {
  if (field == "family_name") return store::ContactOrder::kFamilyName;
  if (field == "create_time") return store::ContactOrder::kCreateTime;
  return store::ContactOrder::kDisplayName;
}

Outcome CheckRoleFilter(int role) {
  if (role == 0 || domain::IsKnownClinicalRole(role)) return Ok{};
  Violations v;
  v.Add("clinical_role", std::to_string(role) + " is not a known clinical role");
  return v.ToError("INVALID_FILTER");
}

// "organisations/-" (every organisation) means the caller's own one for a scoped caller.
Expected<std::int64_t> ScopedParent(const Caller& caller, std::int64_t organisation_id, const std::string& parent) {
  if (organisation_id == 0) return caller.principal().organisation.value_or(0);
  if (!caller.Covers(organisation_id)) return caller.OutOfScope(parent);
  return organisation_id;
}

}  // namespace

grpc::Status ContactApi::CreateContact(grpc::ServerContext* ctx, const kmhub::v1::CreateContactRequest* req, Contact* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto organisation_id, ParseOrganisationName(req->parent(), "parent"));
  if (!caller.Covers(organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->parent()));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  auto record = FromProto(req->contact());
  record.organisation_id = organisation_id;
  KMHUB_RPC_TRY(domain::NormaliseContact(record));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto created, contacts_.Create(record, req->request_id()));
  ToProto(created, out);
  return grpc::Status::OK;
}

grpc::Status ContactApi::GetContact(grpc::ServerContext* ctx, const kmhub::v1::GetContactRequest* req, Contact* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseContactName(req->name()));
  if (!caller.Covers(key.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto found, contacts_.Get(key.organisation_id, key.contact_id));
  ToProto(found, out);
  return grpc::Status::OK;
}

grpc::Status ContactApi::ListContacts(grpc::ServerContext* ctx, const kmhub::v1::ListContactsRequest* req,
                                      kmhub::v1::ListContactsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto organisation_id, ParseOrganisationParent(req->parent()));
  KMHUB_RPC_ASSIGN_OR_RETURN(organisation_id, ScopedParent(caller, organisation_id, req->parent()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto order,
                             domain::ParseOrderBy(req->order_by(), {"display_name", "family_name", "create_time"}));
  KMHUB_RPC_TRY(CheckRoleFilter(req->clinical_role()));
  const auto fingerprint = QueryFingerprint("contacts|" + req->parent() + "|" + std::to_string(req->clinical_role()) +
                                            "|" + req->name_prefix() + "|" + order.field +
                                            (order.descending ? " desc" : ""));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));

  store::ContactQuery query;
  query.organisation_id = organisation_id;
  query.clinical_role = req->clinical_role();
  query.name_prefix = req->name_prefix();
  query.order = OrderField(order.field);
  query.descending = order.descending;
  query.position = {cursor.last_sort_value, cursor.last_id, page_size};
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, contacts_.List(query));
  for (const auto& r : page.items) ToProto(r, out->add_contacts());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status ContactApi::UpdateContact(grpc::ServerContext* ctx, const kmhub::v1::UpdateContactRequest* req, Contact* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseContactName(req->contact().name(), "contact.name"));
  if (!caller.Covers(key.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->contact().name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto paths, ResolveUpdateMask(req->update_mask(), domain::ContactUpdatableFields()));
  caller.Note("fields: " + JoinPaths(paths));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto current, contacts_.Get(key.organisation_id, key.contact_id));
  const auto expected = RevisionFromEtag(req->contact().etag());
  if (expected != 0 && expected != current.revision)
    return ToGrpcStatus(Aborted("ETAG_MISMATCH", "contact " + req->contact().name() +
                                                     " has changed since you read it; read it again and retry"));
  const auto revision = current.revision;
  domain::ApplyContactPatch(current, FromProto(req->contact()), paths);
  KMHUB_RPC_TRY(domain::NormaliseContact(current));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto updated, contacts_.Update(current, revision));
  ToProto(updated, out);
  return grpc::Status::OK;
}

grpc::Status ContactApi::DeleteContact(grpc::ServerContext* ctx, const kmhub::v1::DeleteContactRequest* req,
                                       google::protobuf::Empty*) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseContactName(req->name()));
  if (!caller.Covers(key.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->name()));
  KMHUB_RPC_TRY(contacts_.Delete(key.organisation_id, key.contact_id, RevisionFromEtag(req->etag())));
  return grpc::Status::OK;
}

grpc::Status ContactApi::ImportContacts(grpc::ServerContext* ctx, const kmhub::v1::ImportContactsRequest* req,
                                        kmhub::v1::ImportContactsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto organisation_id, ParseOrganisationName(req->parent(), "parent"));
  if (!caller.Covers(organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->parent()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cards, domain::ParseVCards(req->vcard_data(), static_cast<std::size_t>(max_import_rows_) + 1));
  if (static_cast<int>(cards.size()) > max_import_rows_)
    return ToGrpcStatus(domain::ImportTooLarge(static_cast<std::size_t>(max_import_rows_), "vCards", "vcard_data"));
  std::vector<store::ContactRecord> contacts;
  contacts.reserve(cards.size());
  for (const auto& card : cards) {
    auto read = domain::ContactFromVCard(card);
    if (!read && req->skip_invalid()) {
      auto* skipped = out->add_skipped();
      skipped->set_field("card at line " + std::to_string(card.first_line));
      std::string why;
      const std::string prefix = skipped->field() + ": ";
      for (const auto& v : read.error().violations)
        why += (why.empty() ? "" : "; ") + (v.field.rfind(prefix, 0) == 0 ? v.field.substr(prefix.size()) : v.field) +
               ": " + v.description;
      skipped->set_description(why.empty() ? read.error().message : why);
      continue;
    }
    KMHUB_RPC_TRY(read);
    for (const auto& w : read->warnings) {
      auto* warning = out->add_warnings();
      warning->set_field(w.field);
      warning->set_description(w.description);
    }
    contacts.push_back(std::move(read->contact));
  }
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto result,
                             contacts_.Import(organisation_id, contacts, req->dry_run(), req->request_id()));
  auto* summary = out->mutable_summary();
  summary->set_rows_read(static_cast<int>(cards.size()));
  summary->set_created(result.created);
  summary->set_updated(result.updated);
  summary->set_dry_run(req->dry_run());
  if (!req->dry_run() && !result.replayed) Metrics::Global().AddImportRows("vcard", static_cast<std::int64_t>(cards.size()));
  for (const auto& c : result.contacts) ToProto(c, out->add_contacts());
  return grpc::Status::OK;
}

grpc::Status ContactApi::ExportContacts(grpc::ServerContext* ctx, const kmhub::v1::ExportContactsRequest* req,
                                        kmhub::v1::ExportContactsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto organisation_id, ParseOrganisationParent(req->parent()));
  KMHUB_RPC_ASSIGN_OR_RETURN(organisation_id, ScopedParent(caller, organisation_id, req->parent()));
  KMHUB_RPC_TRY(CheckRoleFilter(req->clinical_role()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size,
                             ResolvePageSize(req->page_size() == 0 ? kDefaultExportPage : req->page_size(), kMaxExportPage));
  const auto fingerprint = QueryFingerprint("contacts-export|" + std::to_string(organisation_id) + "|" +
                                            std::to_string(req->clinical_role()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  // The cursor's sort value is "ORGANISATION_ID\nSORT_KEY" (export order), its id the last contact's.
  store::ContactStore::ExportPosition position;
  if (cursor.last_id != 0) {
    const std::string& sort_value = cursor.last_sort_value;
    const auto newline = sort_value.find('\n');
    std::int64_t organisation = 0;
    if (newline == std::string::npos ||
        std::from_chars(sort_value.data(), sort_value.data() + newline, organisation).ptr != sort_value.data() + newline)
      return ToGrpcStatus(InvalidArgument("INVALID_PAGE_TOKEN", "page_token is not one this export issued",
                                          {{"page_token", "malformed"}}));
    position = {organisation, sort_value.substr(newline + 1), cursor.last_id};
  }
  bool more = false;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto contacts,
                             contacts_.ExportPage(organisation_id, req->clinical_role(), position, page_size, more));
  if (more)
    out->set_next_page_token(EncodePageToken(
        {fingerprint, std::to_string(position.organisation_id) + "\n" + position.sort_key, position.id}));
  // The organisations named in the export, read in one query.
  std::vector<std::int64_t> ids;
  for (const auto& c : contacts) ids.push_back(c.organisation_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  KMHUB_RPC_ASSIGN_OR_RETURN(auto names, organisations_.DisplayNames(ids));
  out->set_vcard_data(domain::WriteVCards(contacts, [&](std::int64_t id) { return names[id]; }));
  out->set_count(static_cast<int>(contacts.size()));
  return grpc::Status::OK;
}

}  // namespace kmhub::api
