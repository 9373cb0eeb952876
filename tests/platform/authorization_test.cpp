// Every RPC of every kmhub service, found from the descriptors of proto/kmhub/v1/*.proto, is
// called with no token, bad, expired and revoked tokens, each role, and a token scoped to
// another organisation. A method missing from kRules fails the test, so a new method cannot
// ship without deciding who may call it.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "server/access/access_api.h"
#include "server/access/token_secret.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;
using domain::Permission;

namespace {

// How an organisation scope applies to a method's request naming another organisation's record.
enum class Scope {
  kDenied,    // PERMISSION_DENIED / OUT_OF_SCOPE
  kFiltered,  // allowed; the answer holds only what the scope covers (checked below)
  kNone,      // not about records (who am I)
};

struct Rule {
  Permission permission;
  Scope scope;
  // The request, in protobuf text format, naming records of organisation B, which the scoped
  // token (of organisation A) must not reach. {B} {C} {CB} {RB} {PB} {MB} {TB} {FT} {FP} are
  // filled in.
  std::string request;
  // What an allowed caller gets: OK unless the case documents another answer (code and reason).
  grpc::StatusCode allowed_code = grpc::StatusCode::OK;
  std::string allowed_reason = "";
};

const std::map<std::string, Rule> kRules = {
    {"/kmhub.v1.OrganisationService/CreateOrganisation",
     {Permission::kWrite, Scope::kDenied, R"(organisation { display_name: "New Partner" kind: ORGANISATION_KIND_OTHER })"}},
    {"/kmhub.v1.OrganisationService/GetOrganisation", {Permission::kRead, Scope::kDenied, R"(name: "{B}")"}},
    {"/kmhub.v1.OrganisationService/ListOrganisations", {Permission::kRead, Scope::kFiltered, ""}},
    {"/kmhub.v1.OrganisationService/UpdateOrganisation",
     {Permission::kWrite, Scope::kDenied,
      R"(organisation { name: "{B}" display_name: "Renamed" } update_mask { paths: "display_name" })"}},
    // B is a partner of a project: deletion is refused, after the role and scope checks.
    {"/kmhub.v1.OrganisationService/DeleteOrganisation",
     {Permission::kWrite, Scope::kDenied, R"(name: "{B}")", grpc::StatusCode::FAILED_PRECONDITION,
      "ORGANISATION_IN_PROJECTS"}},

    {"/kmhub.v1.ContactService/CreateContact",
     {Permission::kWrite, Scope::kDenied, R"(parent: "{B}" contact { display_name: "Ann Other" })"}},
    {"/kmhub.v1.ContactService/GetContact", {Permission::kRead, Scope::kDenied, R"(name: "{CB}")"}},
    {"/kmhub.v1.ContactService/ListContacts", {Permission::kRead, Scope::kDenied, R"(parent: "{B}")"}},
    {"/kmhub.v1.ContactService/UpdateContact",
     {Permission::kWrite, Scope::kDenied, R"(contact { name: "{CB}" job_title: "Lead" } update_mask { paths: "job_title" })"}},
    // CB wrote forum posts, which keep their author.
    {"/kmhub.v1.ContactService/DeleteContact",
     {Permission::kWrite, Scope::kDenied, R"(name: "{CB}")", grpc::StatusCode::FAILED_PRECONDITION, "CONTACT_IN_USE"}},
    {"/kmhub.v1.ContactService/ImportContacts",
     {Permission::kImport, Scope::kDenied,
      R"(parent: "{B}" vcard_data: "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Imported Person\r\nEND:VCARD\r\n")"}},
    {"/kmhub.v1.ContactService/ExportContacts", {Permission::kRead, Scope::kDenied, R"(parent: "{B}")"}},

    {"/kmhub.v1.RelationshipService/CreateRelationship",
     {Permission::kWrite, Scope::kDenied,
      R"(relationship { organisation: "{B}" related_organisation: "{C}" type: RELATIONSHIP_TYPE_LAA_PARTNER start_date: "2009-04-01" })"}},
    {"/kmhub.v1.RelationshipService/GetRelationship", {Permission::kRead, Scope::kDenied, R"(name: "{RB}")"}},
    {"/kmhub.v1.RelationshipService/ListRelationships", {Permission::kRead, Scope::kDenied, R"(organisation: "{B}")"}},
    {"/kmhub.v1.RelationshipService/UpdateRelationship",
     {Permission::kWrite, Scope::kDenied,
      R"(relationship { name: "{RB}" description: "changed" } update_mask { paths: "description" })"}},
    {"/kmhub.v1.RelationshipService/DeleteRelationship", {Permission::kWrite, Scope::kDenied, R"(name: "{RB}")"}},

    {"/kmhub.v1.ProjectService/CreateProject",
     {Permission::kWrite, Scope::kDenied, R"(project { code: "P-NEW-1" title: "New" consortium: "{B}" })"}},
    {"/kmhub.v1.ProjectService/GetProject", {Permission::kRead, Scope::kDenied, R"(name: "{PB}")"}},
    {"/kmhub.v1.ProjectService/ListProjects", {Permission::kRead, Scope::kFiltered, ""}},
    {"/kmhub.v1.ProjectService/UpdateProject",
     {Permission::kWrite, Scope::kDenied, R"(project { name: "{PB}" title: "Renamed" } update_mask { paths: "title" })"}},
    {"/kmhub.v1.ProjectService/DeleteProject", {Permission::kWrite, Scope::kDenied, R"(name: "{PB}")"}},
    {"/kmhub.v1.ProjectService/CreateMilestone",
     {Permission::kWrite, Scope::kDenied,
      R"(parent: "{PB}" milestone { title: "Extra" baseline_due_date: "2030-01-01" due_date: "2030-01-01" })"}},
    {"/kmhub.v1.ProjectService/ListMilestones", {Permission::kRead, Scope::kDenied, R"(parent: "{PB}")"}},
    {"/kmhub.v1.ProjectService/UpdateMilestone",
     {Permission::kWrite, Scope::kDenied, R"(milestone { name: "{MB}" title: "Renamed" } update_mask { paths: "title" })"}},
    {"/kmhub.v1.ProjectService/DeleteMilestone", {Permission::kWrite, Scope::kDenied, R"(name: "{MB}")"}},
    {"/kmhub.v1.ProjectService/CreateStatusUpdate",
     {Permission::kWrite, Scope::kDenied, R"(parent: "{PB}" status_update { narrative: "On track" rag: RAG_GREEN })"}},
    {"/kmhub.v1.ProjectService/ListStatusUpdates", {Permission::kRead, Scope::kDenied, R"(parent: "{PB}")"}},
    {"/kmhub.v1.ProjectService/ImportPlan",
     {Permission::kImport, Scope::kDenied, R"(parent: "{PB}" format: PLAN_FORMAT_CSV data: "id,title,due\n1,Go live,2030-06-30\n")"}},
    {"/kmhub.v1.ProjectService/GetProjectStatus", {Permission::kRead, Scope::kDenied, R"(name: "{PB}")"}},
    {"/kmhub.v1.ProjectService/GetPortfolio", {Permission::kRead, Scope::kFiltered, ""}},

    {"/kmhub.v1.TokenService/CreateToken",
     {Permission::kManageTokens, Scope::kDenied, R"(display_name: "other" role: ROLE_VIEWER organisation: "{B}")"}},
    {"/kmhub.v1.TokenService/ListTokens", {Permission::kManageTokens, Scope::kFiltered, ""}},
    {"/kmhub.v1.TokenService/RevokeToken", {Permission::kManageTokens, Scope::kDenied, R"(name: "{TB}")"}},
    {"/kmhub.v1.TokenService/GetCaller", {Permission::kRead, Scope::kNone, ""}},

    {"/kmhub.v1.AuditService/ListAuditEvents", {Permission::kReadAudit, Scope::kDenied, ""}},

    {"/kmhub.v1.ActivityService/ComputeProjectRoi", {Permission::kRead, Scope::kDenied, R"(name: "{PB}")"}},
    {"/kmhub.v1.ActivityService/RankProjectRoi", {Permission::kRead, Scope::kFiltered, ""}},
    {"/kmhub.v1.ActivityService/ListActivity", {Permission::kRead, Scope::kDenied, R"(organisation: "{B}" group_by: ACTIVITY_GROUPING_PROCEDURE)"}},
    {"/kmhub.v1.ActivityService/ListProcedures", {Permission::kRead, Scope::kNone, R"(financial_year: "2009/10")"}},
    {"/kmhub.v1.ActivityService/ImportProcedures",
     {Permission::kImport, Scope::kDenied, R"(csv_data: "code,description,financial_year,tariff\n")"}},
    {"/kmhub.v1.ActivityService/ImportActivity",
     {Permission::kImport, Scope::kDenied, R"(csv_data: "organisation,procedure,month,count\n")"}},

    // Survey results are published aggregates: a scoped token reads them like any other.
    {"/kmhub.v1.SurveyService/ListSurveys", {Permission::kRead, Scope::kNone, ""}},
    {"/kmhub.v1.SurveyService/GetSurvey", {Permission::kRead, Scope::kNone, R"(name: "surveys/pbc")"}},
    {"/kmhub.v1.SurveyService/GetSurveyResults", {Permission::kRead, Scope::kNone, R"(name: "surveys/pbc")"}},
    {"/kmhub.v1.SurveyService/CreateSurvey",
     {Permission::kImport, Scope::kDenied,
      R"(survey { name: "surveys/auth-1" title: "Carers" audience: SURVEY_AUDIENCE_PARTNERS questions { code: "C1" text: "Heard" scale: QUESTION_SCALE_YES_NO } })"}},
    {"/kmhub.v1.SurveyService/CreateSurveyWave",
     {Permission::kImport, Scope::kDenied,
      R"(parent: "surveys/pbc" wave { label: "AUTH-1" open_date: "2010-01-01" close_date: "2010-03-31" })"}},
    {"/kmhub.v1.SurveyService/ImportSurveyResponses",
     {Permission::kImport, Scope::kDenied, R"(wave: "surveys/pbc/waves/NONE" data: "respondent_id,PBC1\n1,yes\n")",
      grpc::StatusCode::NOT_FOUND, "WAVE_NOT_FOUND"}},  // after the checks: importing is tested elsewhere
    {"/kmhub.v1.SurveyService/ListSurveyImports", {Permission::kImport, Scope::kDenied, ""}},
    {"/kmhub.v1.SurveyService/UndoSurveyImport",
     {Permission::kImport, Scope::kDenied, R"(name: "surveyImports/999999")", grpc::StatusCode::NOT_FOUND,
      "IMPORT_NOT_FOUND"}},

    {"/kmhub.v1.ProjectService/ListProjectContributors", {Permission::kRead, Scope::kDenied, R"(name: "{PB}")"}},

    // The forums are the hub's shared space: every caller reads them; a scoped token writes only
    // as its own organisation's contacts ({FT} was opened by {CB}, a contact of B).
    {"/kmhub.v1.ForumService/ListForumCategories", {Permission::kRead, Scope::kNone, ""}},
    {"/kmhub.v1.ForumService/CreateForumCategory",
     {Permission::kModerate, Scope::kDenied,
      R"(category { code: "auth-check" title: "Auth check" roles: FORUM_ROLE_PEC_CHAIR })"}},
    {"/kmhub.v1.ForumService/CreateForumThread",
     {Permission::kWrite, Scope::kDenied,
      R"(parent: "forumCategories/benchmarking" author: "{CB}" body: "Figures?" thread { title: "Referral rates" })"}},
    {"/kmhub.v1.ForumService/GetForumThread", {Permission::kRead, Scope::kNone, R"(name: "{FT}")"}},
    {"/kmhub.v1.ForumService/ListForumThreads", {Permission::kRead, Scope::kNone, ""}},
    {"/kmhub.v1.ForumService/CreateForumPost",
     {Permission::kWrite, Scope::kDenied, R"(parent: "{FT}" post { author { contact: "{CB}" } body: "Agreed." })"}},
    {"/kmhub.v1.ForumService/ListForumPosts", {Permission::kRead, Scope::kNone, R"(parent: "{FT}")"}},
    {"/kmhub.v1.ForumService/UpdateForumPost",
     {Permission::kWrite, Scope::kDenied, R"(post { name: "{FP}" body: "Edited." })"}},
    {"/kmhub.v1.ForumService/AcceptForumAnswer",
     {Permission::kWrite, Scope::kDenied, R"(thread: "{FT}" post: "{FP}")"}},
    {"/kmhub.v1.ForumService/LockForumThread", {Permission::kModerate, Scope::kDenied, R"(name: "{FT}" locked: true)"}},
    {"/kmhub.v1.ForumService/SearchForum", {Permission::kRead, Scope::kNone, R"(query: "dermatology")"}},
    {"/kmhub.v1.ForumService/WatchForum", {Permission::kRead, Scope::kNone, R"(category: "forumCategories/benchmarking")"}},

    // Mail is not linked to organisations yet: a scoped token reads no folder. Importing is
    // editors' work; folders are the moderators' (admins).
    {"/kmhub.v1.MailService/CreateMailFolder",
     {Permission::kModerate, Scope::kDenied, R"(folder { display_name: "Auth check" })"}},
    {"/kmhub.v1.MailService/ListMailFolders", {Permission::kRead, Scope::kDenied, ""}},
    {"/kmhub.v1.MailService/ImportMail",
     {Permission::kWrite, Scope::kDenied, R"(folder: "No such folder" file_name: "a.eml" data: "From: a@example.org\n\nx\n")",
      grpc::StatusCode::NOT_FOUND, "MAIL_FOLDER_NOT_FOUND"}},
    {"/kmhub.v1.MailService/ListMailImports",
     {Permission::kWrite, Scope::kDenied, R"(folder: "No such folder")", grpc::StatusCode::NOT_FOUND,
      "MAIL_FOLDER_NOT_FOUND"}},
    {"/kmhub.v1.MailService/UndoMailImport",
     {Permission::kWrite, Scope::kDenied, R"(name: "mailImports/999999")", grpc::StatusCode::NOT_FOUND,
      "MAIL_IMPORT_NOT_FOUND"}},
    {"/kmhub.v1.MailService/ListMailThreads",
     {Permission::kRead, Scope::kDenied, R"(folder: "No such folder")", grpc::StatusCode::NOT_FOUND,
      "MAIL_FOLDER_NOT_FOUND"}},
    {"/kmhub.v1.MailService/GetMailThread",
     {Permission::kRead, Scope::kDenied, R"(name: "mailThreads/999999")", grpc::StatusCode::NOT_FOUND,
      "MAIL_THREAD_NOT_FOUND"}},
};

// Every method of every service in proto/kmhub/v1 (the comma-separated files come from CMake's glob).
std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  std::string files = KMHUB_PROTO_FILES;
  std::size_t start = 0;
  while (start <= files.size()) {
    const auto end = std::min(files.find(',', start), files.size());
    const std::string file = files.substr(start, end - start);
    start = end + 1;
    if (file.empty()) continue;
    const auto* fd = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(file);
    REQUIRE(fd != nullptr);
    for (int s = 0; s < fd->service_count(); ++s)
      for (int m = 0; m < fd->service(s)->method_count(); ++m) methods.push_back(fd->service(s)->method(m));
  }
  return methods;
}

std::string FullName(const google::protobuf::MethodDescriptor* m) {
  return "/" + m->service()->full_name() + "/" + m->name();
}

struct World {
  std::int64_t a = 0, b = 0, c = 0;
  std::map<std::string, std::string> names;  // placeholder -> resource name
};

World Seed(TestServer& server) {
  auto& client = server.client();
  World w;
  auto org = [&](const char* name, kmhub::v1::OrganisationKind kind) {
    kmhub::v1::CreateOrganisationRequest r;
    r.mutable_organisation()->set_display_name(name);
    r.mutable_organisation()->set_kind(kind);
    kmhub::v1::Organisation out;
    REQUIRE(client.CreateOrganisation(r, &out).ok());
    return out.name();
  };
  const auto a = org("Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  const auto b = org("Riverside PBC Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  const auto c = org("Riverside City Council", kmhub::v1::ORGANISATION_KIND_LOCAL_AUTHORITY);
  w.a = std::stoll(a.substr(14));
  w.b = std::stoll(b.substr(14));
  w.c = std::stoll(c.substr(14));
  w.names["{B}"] = b;
  w.names["{C}"] = c;

  kmhub::v1::CreateContactRequest contact;
  contact.set_parent(b);
  contact.mutable_contact()->set_display_name("Priya Shah");
  kmhub::v1::Contact made_contact;
  REQUIRE(client.CreateContact(contact, &made_contact).ok());
  w.names["{CB}"] = made_contact.name();

  kmhub::v1::CreateRelationshipRequest rel;
  rel.mutable_relationship()->set_organisation(b);
  rel.mutable_relationship()->set_related_organisation(c);
  rel.mutable_relationship()->set_type(kmhub::v1::RELATIONSHIP_TYPE_LAA_PARTNER);
  rel.mutable_relationship()->set_start_date("2008-04-01");
  kmhub::v1::Relationship made_rel;
  REQUIRE(client.CreateRelationship(rel, &made_rel).ok());
  w.names["{RB}"] = made_rel.name();

  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-B-001");
  project.mutable_project()->set_title("Community dermatology");
  project.mutable_project()->set_consortium(b);
  kmhub::v1::Project made_project;
  REQUIRE(client.CreateProject(project, &made_project).ok());
  w.names["{PB}"] = made_project.name();

  kmhub::v1::CreateMilestoneRequest milestone;
  milestone.set_parent(made_project.name());
  milestone.mutable_milestone()->set_title("Clinics open");
  milestone.mutable_milestone()->set_baseline_due_date("2030-03-31");
  milestone.mutable_milestone()->set_due_date("2030-03-31");
  kmhub::v1::Milestone made_milestone;
  REQUIRE(client.CreateMilestone(milestone, &made_milestone).ok());
  w.names["{MB}"] = made_milestone.name();

  kmhub::v1::CreateTokenRequest token;
  token.set_display_name("hub-wide reporting");
  token.set_role(kmhub::v1::ROLE_VIEWER);
  kmhub::v1::CreateTokenResponse made_token;
  REQUIRE(client.CreateToken(token, &made_token).ok());
  w.names["{TB}"] = made_token.token().name();

  kmhub::v1::CreateForumThreadRequest thread;
  thread.set_parent("forumCategories/idea-development");
  thread.set_author(made_contact.name());
  thread.set_body("A community clinic?");
  thread.mutable_thread()->set_title("Community dermatology");
  thread.mutable_thread()->add_projects(made_project.name());
  kmhub::v1::ForumThread made_thread;
  REQUIRE(client.CreateForumThread(thread, &made_thread).ok());
  w.names["{FT}"] = made_thread.name();
  kmhub::v1::CreateForumPostRequest post;
  post.set_parent(made_thread.name());
  post.mutable_post()->mutable_author()->set_contact(made_contact.name());
  post.mutable_post()->set_body("Costed options attached.");
  kmhub::v1::ForumPost made_post;
  REQUIRE(client.CreateForumPost(post, &made_post).ok());
  w.names["{FP}"] = made_post.name();
  return w;
}

std::unique_ptr<google::protobuf::Message> RequestFor(const google::protobuf::MethodDescriptor* method,
                                                      const World& world) {
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->input_type())->New());
  std::string text = kRules.at(FullName(method)).request;
  for (const auto& [placeholder, name] : world.names)
    for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder))
      text.replace(pos, placeholder.size(), name);
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, request.get()));
  return request;
}

grpc::Status CallMethod(grpc::Channel& channel, const google::protobuf::MethodDescriptor* method,
                        const google::protobuf::Message& request, const std::string& authorization) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
  std::unique_ptr<google::protobuf::Message> response(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->output_type())->New());
  const std::string path = FullName(method);  // RpcMethod keeps the pointer: it must outlive the call
  if (method->server_streaming()) {
    // Allowed when the first message arrives (a watch says `ready`); then the call is cancelled.
    const grpc::internal::RpcMethod rpc(path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING);
    std::unique_ptr<grpc::ClientReader<google::protobuf::Message>> reader(
        grpc::internal::ClientReaderFactory<google::protobuf::Message>::Create(&channel, rpc, &ctx, request));
    if (!reader->Read(response.get())) return reader->Finish();
    ctx.TryCancel();
    while (reader->Read(response.get())) {
    }
    reader->Finish();
    return grpc::Status::OK;
  }
  if (method->client_streaming()) {
    // The request as the stream's one message.
    const grpc::internal::RpcMethod rpc(path.c_str(), grpc::internal::RpcMethod::CLIENT_STREAMING);
    std::unique_ptr<grpc::ClientWriter<google::protobuf::Message>> writer(
        grpc::internal::ClientWriterFactory<google::protobuf::Message>::Create(&channel, rpc, &ctx, response.get()));
    writer->Write(request);
    writer->WritesDone();
    return writer->Finish();
  }
  const grpc::internal::RpcMethod rpc(path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
  return grpc::internal::BlockingUnaryCall<google::protobuf::Message, google::protobuf::Message>(
      &channel, rpc, &ctx, request, response.get());
}

std::string ExpiredToken(TestServer& server) {
  store::TokenStore tokens(server.database().db());
  const std::string secret = domain::NewTokenSecret();
  store::TokenRecord record;
  record.display_name = "expired";
  record.role = static_cast<int>(domain::Role::kAdmin);
  record.token_hash = domain::HashTokenSecret(secret);
  record.created_by = "test";
  record.expire_micros = 1;  // 1970: long past
  REQUIRE(tokens.Create(record));
  return secret;
}

}  // namespace

TEST_CASE("every RPC has an access rule, and its rule holds for each kind of caller") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const World world = Seed(server);
  auto channel = server.client().channel();

  const auto methods = AllMethods();
  REQUIRE(methods.size() >= kRules.size());  // also: every rule names a real method
  for (const auto* m : methods) {
    INFO(FullName(m));
    REQUIRE(kRules.count(FullName(m)) == 1);  // a new method needs a rule here
    REQUIRE(!(m->server_streaming() && m->client_streaming()));  // bidirectional: extend CallMethod first
  }

  const std::string revoked = server.IssueToken(domain::Role::kAdmin, 0, "revoked");
  {
    kmhub::v1::ListTokensRequest list;
    kmhub::v1::ListTokensResponse tokens;
    REQUIRE(server.client().ListTokens(list, &tokens).ok());
    for (const auto& t : tokens.tokens())
      if (t.display_name() == "revoked") {
        kmhub::v1::Token done;
        REQUIRE(server.client().RevokeToken(t.name(), &done).ok());
      }
  }

  struct Unauthenticated {
    const char* what;
    std::string header;
  };
  const std::vector<Unauthenticated> strangers = {
      {"no token", ""},
      {"unknown token", "Bearer kmhub_" + std::string(43, 'A')},
      {"not a token", "Bearer let-me-in"},
      {"another scheme", "Basic YWRtaW46YWRtaW4="},
      {"expired token", "Bearer " + ExpiredToken(server)},
      {"revoked token", "Bearer " + revoked},
  };
  for (const auto& stranger : strangers) {
    for (const auto* m : methods) {
      INFO(FullName(m) << " with " << stranger.what);
      const auto status = CallMethod(*channel, m, *RequestFor(m, world), stranger.header);
      CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    }
  }

  // Each role on a world of its own, changes last (deleting and revoking what later calls name
  // would answer them NOT_FOUND): an allowed call succeeds, or gets the answer its rule
  // documents; never INTERNAL.
  auto changes_last = methods;
  const auto stage = [](const google::protobuf::MethodDescriptor* m) {
    const std::string name(m->name());
    if (name == "RevokeToken") return 3;                                         // the caller's own may go
    if (name == "DeleteProject" || name == "DeleteOrganisation") return 2;     // what others name
    if (name.rfind("Delete", 0) == 0 || name.rfind("Undo", 0) == 0) return 1;  // parts of those
    return 0;
  };
  std::stable_sort(changes_last.begin(), changes_last.end(),
                   [&](const auto* a, const auto* b) { return stage(a) < stage(b); });
  for (const auto role : {domain::Role::kViewer, domain::Role::kEditor, domain::Role::kAdmin}) {
    TestServer own(backend);
    const World own_world = Seed(own);
    auto own_channel = own.client().channel();
    const std::string header = "Bearer " + own.IssueToken(role, 0, std::string(domain::RoleName(role)));
    for (const auto* m : changes_last) {
      const Rule& rule = kRules.at(FullName(m));
      INFO(FullName(m) << " as " << domain::RoleName(role));
      const auto status = CallMethod(*own_channel, m, *RequestFor(m, own_world), header);
      CHECK(status.error_code() != grpc::StatusCode::INTERNAL);
      CHECK(status.error_code() != grpc::StatusCode::UNKNOWN);
      if (domain::RoleAllows(role, rule.permission)) {
        INFO(status.error_message());
        CHECK(status.error_code() == rule.allowed_code);
        CHECK(DetailsOf(status).reason == rule.allowed_reason);
      } else {
        CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
        CHECK(DetailsOf(status).reason == "ROLE_NOT_PERMITTED");
      }
    }
  }

  // Scoped to organisation A, as admin so that only the scope can refuse.
  const std::string scoped = "Bearer " + server.IssueToken(domain::Role::kAdmin, world.a, "A admin");
  for (const auto* m : methods) {
    const Rule& rule = kRules.at(FullName(m));
    INFO(FullName(m) << " scoped to A, naming B's records");
    const auto status = CallMethod(*channel, m, *RequestFor(m, world), scoped);
    if (rule.scope == Scope::kDenied) {
      CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
      CHECK(DetailsOf(status).reason == "OUT_OF_SCOPE");
    } else {
      CHECK(status.ok());
    }
  }
}

TEST_CASE("permission is checked before existence: no NOT_FOUND for callers who may not know") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const World world = Seed(server);
  auto viewer = server.ClientWith(server.IssueToken(domain::Role::kViewer));
  kmhub::v1::DeleteOrganisationRequest missing;
  missing.set_name("organisations/999999");
  auto status = viewer->DeleteOrganisation(missing);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);

  auto scoped = server.ClientWith(server.IssueToken(domain::Role::kEditor, world.a));
  kmhub::v1::Organisation org;
  CHECK(scoped->GetOrganisation("organisations/999999", &org).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  kmhub::v1::Relationship rel;
  CHECK(scoped->GetRelationship("relationships/999999", &rel).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  kmhub::v1::Project project;
  CHECK(scoped->GetProject("projects/NO-SUCH", &project).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  // The same calls with a hub-wide token tell the truth.
  CHECK(server.client().GetProject("projects/NO-SUCH", &project).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("a scoped token sees and changes only its organisation and the projects it partners in") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const World world = Seed(server);
  // A partners in a second project of consortium B; B's first project stays out of A's reach.
  kmhub::v1::CreateProjectRequest shared;
  shared.mutable_project()->set_code("P-B-002");
  shared.mutable_project()->set_title("Shared care diabetes");
  shared.mutable_project()->set_consortium(world.names.at("{B}"));
  auto* partner = shared.mutable_project()->add_partners();
  partner->set_organisation("organisations/" + std::to_string(world.a));
  partner->set_role(kmhub::v1::PARTNER_ROLE_DELIVERY_PARTNER);
  kmhub::v1::Project made;
  REQUIRE(server.client().CreateProject(shared, &made).ok());

  auto a = server.ClientWith(server.IssueToken(domain::Role::kEditor, world.a, "A editor"));
  kmhub::v1::ListOrganisationsResponse orgs;
  REQUIRE(a->ListOrganisations({}, &orgs).ok());
  REQUIRE(orgs.organisations_size() == 1);
  CHECK(orgs.organisations(0).name() == "organisations/" + std::to_string(world.a));

  kmhub::v1::ListProjectsResponse projects;
  REQUIRE(a->ListProjects({}, &projects).ok());
  REQUIRE(projects.projects_size() == 1);
  CHECK(projects.projects(0).name() == "projects/P-B-002");
  kmhub::v1::Portfolio portfolio;
  REQUIRE(a->GetPortfolio({}, &portfolio).ok());
  int counted = 0;
  for (const auto& c : portfolio.consortia()) counted += c.project_count();
  CHECK(counted == 1);
  kmhub::v1::RankProjectRoiResponse ranking;
  REQUIRE(a->RankProjectRoi({}, &ranking).ok());
  REQUIRE(ranking.projects_size() == 1);
  CHECK(ranking.projects(0).project() == "projects/P-B-002");
  CHECK(ranking.total() == 1);

  kmhub::v1::CreateStatusUpdateRequest update;
  update.set_parent("projects/P-B-002");
  update.mutable_status_update()->set_narrative("Clinics booked");
  update.mutable_status_update()->set_rag(kmhub::v1::RAG_GREEN);
  kmhub::v1::StatusUpdate written;
  CHECK(a->CreateStatusUpdate(update, &written).ok());

  // Taking A off the project would move it out of A's reach: refused, and nothing changes.
  kmhub::v1::UpdateProjectRequest drop;
  drop.mutable_project()->set_name("projects/P-B-002");
  drop.mutable_update_mask()->add_paths("partners");
  kmhub::v1::Project after;
  const auto status = a->UpdateProject(drop, &after);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  REQUIRE(server.client().GetProject("projects/P-B-002", &after).ok());
  CHECK(after.partners_size() == 1);
}
