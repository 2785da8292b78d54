// What the repository-level tests share: where the optional third-party corpus lives, and
// the `--update` switch of tests that rewrite their own expected files.
#ifndef TESTS_TEST_SUPPORT_H_
#define TESTS_TEST_SUPPORT_H_

#include <string>

namespace graphgen {

// ../shared/corpus beside the checkout, found through the runfiles' links into the source
// tree; "" when the checkout cannot be located.
std::string CorpusDir();

// CorpusDir() + "/" + relative when that file exists, else "": the corpus is optional (CI
// machines have none), so a test adds a corpus model only when this is not empty.
std::string CorpusFile(const std::string& relative);

// True when the test binary was given --update (under `bazel run`): the test rewrites its
// expected files in BUILD_WORKSPACE_DIRECTORY instead of comparing against them. Set by
// the main() in :update_main.
bool UpdateRequested();

}  // namespace graphgen

#endif  // TESTS_TEST_SUPPORT_H_
