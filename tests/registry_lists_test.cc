// The file lists outside C++ that must name every format: the Bazel rule's `format`
// values (graphgen/defs.bzl) name every output writer, and the pre-commit hook's `files:`
// pattern (.pre-commit-hooks.yaml) matches every importer's and every writer's extension.
// A new importer or output format that is not added there fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "importers/registry.h"
#include "render/outputs.h"

namespace graphgen {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The quoted strings of the first `values = [...]` list after `attribute = attr.string(`.
std::set<std::string> BzlValues(const std::string& bzl, const std::string& attribute) {
  std::set<std::string> values;
  const size_t attr = bzl.find('"' + attribute + "\": attr.string(");
  if (attr == std::string::npos) return values;
  const size_t open = bzl.find("values = [", attr);
  const size_t close = bzl.find(']', open);
  if (open == std::string::npos || close == std::string::npos) return values;
  const std::string list = bzl.substr(open, close - open);
  for (size_t q = list.find('"'); q != std::string::npos;) {
    const size_t end = list.find('"', q + 1);
    if (end == std::string::npos) break;
    values.insert(list.substr(q + 1, end - q - 1));
    q = list.find('"', end + 1);
  }
  return values;
}

TEST(RegistryLists, BazelRuleFormatsAreTheOutputWriters) {
  const std::string bzl = Slurp("graphgen/defs.bzl");
  ASSERT_FALSE(bzl.empty());
  std::set<std::string> want = {""};
  const OutputRegistry outputs;
  for (const auto& w : outputs.writers()) want.insert(std::string(w->Name()));
  EXPECT_EQ(BzlValues(bzl, "format"), want);
}

TEST(RegistryLists, PreCommitHookSeesEveryModelAndDiagram) {
  const std::string yaml = Slurp(".pre-commit-hooks.yaml");
  const size_t files = yaml.find("\n  files: ");
  ASSERT_NE(files, std::string::npos);
  const size_t start = files + std::string("\n  files: ").size();
  const std::regex pattern(yaml.substr(start, yaml.find('\n', start) - start));
  std::set<std::string> extensions;
  for (const auto& importer : AllImporters()) {
    EXPECT_FALSE(importer->Extensions().empty()) << importer->Name();
    for (std::string_view e : importer->Extensions()) extensions.insert(std::string(e));
  }
  for (std::string_view e : OutputRegistry().AllExtensions()) extensions.insert(std::string(e));
  for (const std::string& ext : extensions) {
    EXPECT_TRUE(std::regex_search("docs/models/model." + ext, pattern)) << ext;
  }
  EXPECT_TRUE(std::regex_search("graphgen.json", pattern));
  EXPECT_TRUE(std::regex_search("sub/.graphgen.json", pattern));
  EXPECT_FALSE(std::regex_search("README.md", pattern));
  EXPECT_FALSE(std::regex_search("src/main.cc", pattern));
}

}  // namespace
}  // namespace graphgen
