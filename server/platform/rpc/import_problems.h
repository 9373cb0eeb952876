#pragma once
// The answer to an import whose file has problems. By default INVALID_ARGUMENT, whose trailers
// list the first problems and how many more (status_mapping.cpp keeps them within gRPC's
// metadata limit). A client that asked with `problems_in_response` (the CLI does) gets OK with
// every problem in the answer's `problems` and nothing written, so that it can show them all.

#include <google/protobuf/repeated_field.h>
#include <grpcpp/grpcpp.h>

#include "kmhub/v1/common.pb.h"
#include "shared/error.h"

namespace kmhub::api {

grpc::Status AnswerImportProblems(const Error& problems, bool in_response,
                                  google::protobuf::RepeatedPtrField<kmhub::v1::ImportProblem>* out);

}  // namespace kmhub::api
