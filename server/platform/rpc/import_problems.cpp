#include "server/platform/rpc/import_problems.h"

#include "server/platform/rpc/status_mapping.h"

namespace kmhub::api {

grpc::Status AnswerImportProblems(const Error& problems, bool in_response,
                                  google::protobuf::RepeatedPtrField<kmhub::v1::ImportProblem>* out) {
  if (!in_response || problems.violations.empty()) return ToGrpcStatus(problems);
  for (const auto& v : problems.violations) {
    auto* problem = out->Add();
    problem->set_field(v.field);
    problem->set_description(v.description);
  }
  return grpc::Status::OK;
}

}  // namespace kmhub::api
