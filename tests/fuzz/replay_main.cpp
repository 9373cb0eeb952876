// Without libFuzzer (gcc builds), each fuzz target is a program that replays the files named
// on its command line, so the seed corpus runs as an ordinary test.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // libFuzzer reserves non-zero returns; a target that returns one has found something wrong.
    if (const int rc = LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        rc != 0) {
      std::fprintf(stderr, "%s: the target returned %d\n", argv[i], rc);
      return 1;
    }
    ++replayed;
  }
  std::printf("replayed %d input(s)\n", replayed);
  return replayed > 0 ? 0 : 1;
}
