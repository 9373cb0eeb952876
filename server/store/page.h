#pragma once
// One page of a keyset listing, as the store returns it. The API layer turns the position of
// the last row into an opaque page token.

#include <cstdint>
#include <string>
#include <vector>

namespace kmhub::store {

template <typename T>
struct Page {
  std::vector<T> items;
  bool has_more = false;
  std::string last_sort_value;  // of the last item, when has_more
  std::int64_t last_id = 0;
};

// Where a listing resumes: after (last_sort_value, last_id); last_id 0 starts at the top.
struct PagePosition {
  std::string last_sort_value;
  std::int64_t last_id = 0;
  int page_size = 50;
};

}  // namespace kmhub::store
