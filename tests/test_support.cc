#include "tests/test_support.h"

#include <limits.h>
#include <stdlib.h>

namespace graphgen {

namespace internal {
bool update_requested = false;
}  // namespace internal

std::string CorpusDir() {
  char real[PATH_MAX];
  if (realpath("fixtures/unet_small.onnxtxt", real) == nullptr) return "";
  std::string path = real;
  path = path.substr(0, path.rfind("/fixtures/"));
  return path.substr(0, path.rfind('/')) + "/shared/corpus";
}

bool UpdateRequested() { return internal::update_requested; }

}  // namespace graphgen
