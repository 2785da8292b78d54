#include "graphgen/project_config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/file_io.h"

namespace graphgen {
namespace {

const std::vector<ConfigOption> kAllowed = {{"rankdir", false},
                                            {"depth", false},
                                            {"dpi", false},
                                            {"show-dtype", false},
                                            {"no-shape-inference", true}};

StatusOr<ProjectConfig> Parse(const std::string& json, const std::string& path = "graphgen.json") {
  return ParseProjectConfig(json, path, kAllowed);
}

TEST(ParseProjectConfig, PathsAreRelativeToTheConfig) {
  auto c = Parse(R"({
    "options": {"rankdir": "LR"},
    "diagrams": [
      {"model": "models/mlp.onnx", "output": "docs/mlp.svg"},
      {"model": "/abs/unet.onnx", "outputs": ["docs/u.svg", "docs/u.png"],
       "options": {"depth": 1, "dpi": 150.5, "show-dtype": true, "no-shape-inference": true}}
    ]})",
                 "repo/graphgen.json");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->diagrams.size(), 2u);
  const DiagramSpec& a = c->diagrams[0];
  EXPECT_EQ(a.model, "repo/models/mlp.onnx");
  EXPECT_EQ(a.outputs, std::vector<std::string>{"repo/docs/mlp.svg"});
  EXPECT_EQ(a.flags, std::vector<std::string>{"--rankdir=LR"});
  EXPECT_EQ(a.where, "repo/graphgen.json: diagrams[0]");
  const DiagramSpec& b = c->diagrams[1];
  EXPECT_EQ(b.model, "/abs/unet.onnx");
  EXPECT_EQ(b.outputs, (std::vector<std::string>{"repo/docs/u.svg", "repo/docs/u.png"}));
  // Defaults first, so a diagram's own options win; then the diagram's, by name.
  EXPECT_EQ(b.flags, (std::vector<std::string>{"--rankdir=LR", "--depth=1", "--dpi=150.5",
                                               "--no-shape-inference", "--show-dtype=true"}));

  c = Parse(R"({"diagrams": [{"model": "m.onnx", "output": "m.svg",
                 "options": {"no-shape-inference": false}}]})");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->diagrams[0].flags.empty());
  EXPECT_EQ(c->diagrams[0].outputs[0], "m.svg");
}

void ExpectError(const std::string& json, const std::string& want) {
  auto c = Parse(json);
  ASSERT_FALSE(c.ok()) << json;
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(), want);
}

TEST(ParseProjectConfig, EveryMistakeIsNamed) {
  ExpectError("{", std::string("graphgen.json: not valid JSON: ") +
                       "[json.exception.parse_error.101] parse error at line 1, column 2: "
                       "syntax error while parsing object key - unexpected end of input; "
                       "expected string literal");
  ExpectError("[]", "graphgen.json: must hold a JSON object");
  ExpectError(R"({"diagram": []})",
              "graphgen.json: unknown key 'diagram' (known: diagrams, options)");
  ExpectError(R"({"diagrams": []})", "graphgen.json: 'diagrams' must be a non-empty list");
  ExpectError(R"({"diagrams": [{"model": "m.onnx", "outptu": "m.svg"}]})",
              "graphgen.json: diagrams[0]: unknown key 'outptu' (known: model, output, "
              "outputs, options)");
  ExpectError(R"({"diagrams": [{"output": "m.svg"}]})",
              "graphgen.json: diagrams[0]: 'model' is missing");
  ExpectError(R"({"diagrams": [{"model": "m.onnx"}]})",
              "graphgen.json: diagrams[0]: 'output' or 'outputs' is missing");
  ExpectError(R"({"diagrams": [{"model": 3, "output": "m.svg"}]})",
              "graphgen.json: diagrams[0]: 'model' must be a non-empty path");
  ExpectError(R"({"diagrams": [{"model": "m", "outputs": "m.svg"}]})",
              "graphgen.json: diagrams[0]: 'outputs' must be a non-empty list of paths");
  ExpectError(R"({"diagrams": [{"model": "m", "output": "m.svg", "options": {"colour": 1}}]})",
              "graphgen.json: diagrams[0]: options: unknown option 'colour'");
  ExpectError(R"({"options": {"output": "x.svg"}, "diagrams": [{"model": "m", "output": "a"}]})",
              "graphgen.json: options: unknown option 'output'");
  ExpectError(R"({"diagrams": [{"model": "m", "output": "m.svg", "options": {"depth": [1]}}]})",
              "graphgen.json: diagrams[0]: options: option 'depth' must be a string, number "
              "or boolean");
  ExpectError(R"({"diagrams": [{"model": "m", "output": "m.svg",
                                "options": {"no-shape-inference": "yes"}}]})",
              "graphgen.json: diagrams[0]: options: option 'no-shape-inference' takes true "
              "or false");
  ExpectError(R"({"diagrams": [{"model": "a", "output": "x.svg"},
                               {"model": "b", "output": "x.svg"}]})",
              "graphgen.json: diagrams[1]: output 'x.svg' is listed twice");
}

TEST(FindProjectConfig, NearestAncestorWins) {
  const std::string root = std::string(std::getenv("TEST_TMPDIR")) + "/find";
  ASSERT_EQ(std::system(("rm -rf " + root + " && mkdir -p " + root + "/a/b/c").c_str()), 0);
  ASSERT_TRUE(WriteFileAtomically(root + "/a/.graphgen.json", "{}").ok());
  auto found = FindProjectConfig(root + "/a/b/c");
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, root + "/a/b/c/../../.graphgen.json");

  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  ASSERT_EQ(chdir((root + "/a/b").c_str()), 0);
  found = FindProjectConfig(".");
  ASSERT_EQ(chdir(cwd), 0);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, "../.graphgen.json");

  ASSERT_TRUE(WriteFileAtomically(root + "/a/graphgen.json", "{}").ok());
  found = FindProjectConfig(root + "/a");
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.status().message().find("two project configs in one directory"),
            std::string::npos);
}

TEST(LoadProjectConfig, MissingFileNamesIt) {
  auto c = LoadProjectConfig("/nonexistent/graphgen.json", kAllowed);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message().rfind("/nonexistent/graphgen.json: ", 0), 0u)
      << c.status().message();
}

// Issue 21: `graphgen update` wrote wherever graphgen.json said, "../outside/x" included.
TEST(CheckConfined, ModelsAndOutputsStayInTheConfigsTree) {
  const std::string root = std::string(std::getenv("TEST_TMPDIR")) + "/confined";
  ASSERT_EQ(std::system(("rm -rf " + root + " && mkdir -p " + root + "/repo/docs " + root +
                         "/outside && ln -s ../outside " + root + "/repo/escape && touch " + root +
                         "/repo/m.onnx " + root + "/outside/m.onnx && ln -s ../outside/m.onnx " +
                         root + "/repo/linked.onnx")
                            .c_str()),
            0);
  const auto check = [&](const std::string& model, const std::string& output) {
    auto c =
        Parse(R"({"diagrams": [{"model": ")" + model + R"(", "output": ")" + output + R"("}]})",
              root + "/repo/graphgen.json");
    EXPECT_TRUE(c.ok()) << c.status().message();
    const Status s = CheckConfined(*c);
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    }
    return s.ok() ? std::string() : s.message().substr(s.message().find("diagrams[0]"));
  };
  EXPECT_EQ(check("m.onnx", "docs/m.svg"), "");
  EXPECT_EQ(check("m.onnx", "new/dir/m.svg"), "") << "a directory not made yet is inside";
  EXPECT_EQ(check("m.onnx", "docs/../m.svg"), "");
  EXPECT_EQ(check("m.onnx", "../outside/x.svg"),
            "diagrams[0]: output '" + root + "/repo/../outside/x.svg' is outside " + root +
                "/repo/graphgen.json's directory; --allow-outside allows that");
  EXPECT_NE(check("m.onnx", "../gone/x.svg"), "");
  EXPECT_NE(check("m.onnx", "escape/x.svg"), "") << "through a symlinked directory";
  EXPECT_NE(check("m.onnx", "/tmp/x.svg"), "");
  EXPECT_NE(check("m.onnx", "new/../../x.svg"), "") << "'..' past what exists";
  EXPECT_NE(check("../outside/m.onnx", "docs/m.svg"), "");
  EXPECT_NE(check("linked.onnx", "docs/m.svg"), "") << "a model symlinked out is read outside";
}

}  // namespace
}  // namespace graphgen
