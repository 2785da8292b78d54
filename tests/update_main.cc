// gtest's main plus --update, for tests that can rewrite their expected files.
#include <gtest/gtest.h>

#include <string>

namespace graphgen::internal {
extern bool update_requested;
}  // namespace graphgen::internal

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--update") graphgen::internal::update_requested = true;
  }
  return RUN_ALL_TESTS();
}
