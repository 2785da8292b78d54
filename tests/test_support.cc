#include "tests/test_support.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

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

std::string CorpusFile(const std::string& relative) {
  const std::string dir = CorpusDir();
  if (dir.empty()) return "";
  const std::string path = dir + "/" + relative;
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  return path;
}

bool UpdateRequested() { return internal::update_requested; }

}  // namespace graphgen
