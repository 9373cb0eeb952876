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

// Turns the rows of a keyset query (fetched with LIMIT page_size + 1) into a page: the extra
// row only says that there is more; the last kept row is where the next page resumes.
template <typename T, typename SortValue>
Page<T> MakePage(std::vector<T> rows, int page_size, SortValue sort_value) {
  Page<T> page;
  page.items = std::move(rows);
  if (static_cast<int>(page.items.size()) > page_size) {
    page.items.resize(static_cast<std::size_t>(page_size));
    page.has_more = true;
    page.last_id = page.items.back().id;
    page.last_sort_value = sort_value(page.items.back());
  }
  return page;
}

// Where a listing resumes: after (last_sort_value, last_id); last_id 0 starts at the top.
struct PagePosition {
  std::string last_sort_value;
  std::int64_t last_id = 0;
  int page_size = 50;
};

}  // namespace kmhub::store
