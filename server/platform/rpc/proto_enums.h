#pragma once
// Records and rules carry proto enum values as plain numbers, under names of their own (each
// capability's records.h); the api layer, which sees both, ties each name to the proto's number
// with this, so that renumbering either side stops the build instead of mislabelling data.

#define KMHUB_SAME_NUMBER(ours, proto) \
  static_assert(static_cast<int>(ours) == static_cast<int>(proto), #ours " must equal " #proto)
