#include "graphgen/check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/file_io.h"
#include "graphgen/pipeline.h"

namespace graphgen {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempDir() {
  const char* t = std::getenv("TEST_TMPDIR");
  return t ? t : "/tmp";
}

// A copy of fixtures/mlp.onnxtxt (named mlp.onnxtxt, so the title stays) with every
// `from` replaced by `to`.
std::string EditedMlp(const std::string& dir, const std::string& from, const std::string& to) {
  std::string text = Slurp("fixtures/mlp.onnxtxt");
  for (size_t pos = from.empty() ? std::string::npos : text.find(from); pos != std::string::npos;
       pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  const std::string path = TempDir() + "/" + dir;
  std::system(("mkdir -p " + path).c_str());
  EXPECT_TRUE(WriteFileAtomically(path + "/mlp.onnxtxt", text).ok());
  return path + "/mlp.onnxtxt";
}

Config MakeConfig(const std::string& model, const std::string& out, const std::string& format,
                  WriteMode mode) {
  Config c;
  c.input = model;
  c.output = out;
  c.format = format;
  c.mode = mode;
  return c;
}

// Runs and returns the status; what Run printed to stdout goes to *printed.
Status RunCapturing(const Config& c, std::string* printed = nullptr) {
  FILE* out = std::tmpfile();
  const Status s = Run(c, out, stderr);
  if (printed != nullptr) {
    std::rewind(out);
    printed->clear();
    char buf[512];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), out)) > 0) printed->append(buf, n);
  }
  std::fclose(out);
  return s;
}

class EveryFormat : public ::testing::TestWithParam<std::string> {
 protected:
  std::string Out(const std::string& stem) {
    // Each format's name is also its extension.
    return TempDir() + "/" + stem + "." + GetParam();
  }
};

TEST_P(EveryFormat, ProvenanceReadsBack) {
  const std::string out = Out("prov");
  ASSERT_TRUE(
      RunCapturing(MakeConfig("fixtures/mlp.onnx", out, GetParam(), WriteMode::kWrite)).ok());
  const Metadata meta = ReadProvenance(Slurp(out));
  std::vector<std::string> keys;
  for (const auto& [k, v] : meta) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"generator", "model", "model-format", "model-hash",
                                            "options", "model-nodes"}));
  ASSERT_EQ(meta.size(), 6u);
  EXPECT_EQ(meta[0].second, std::string("graphgen ") + kVersion);
  EXPECT_EQ(meta[1].second, "mlp.onnx");
  EXPECT_EQ(meta[3].second.rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(meta[4].second.rfind("rankdir=TB show_shapes=1", 0), 0u) << meta[4].second;
  std::vector<NodeHash> nodes;
  EXPECT_TRUE(ParseNodeHashes(meta[5].second, &nodes));
  EXPECT_EQ(nodes.size(), 8u);  // x, six ops, probs
}

TEST_P(EveryFormat, CheckSaysWhy) {
  const std::string out = Out("check");
  std::remove(out.c_str());
  Config c = MakeConfig("fixtures/mlp.onnx", out, GetParam(), WriteMode::kCheck);
  Status s = RunCapturing(c);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("stale: the diagram does not exist"), std::string::npos)
      << s.message();
  EXPECT_NE(::access(out.c_str(), F_OK), 0) << "--check must never write";

  c.mode = WriteMode::kWrite;
  ASSERT_TRUE(RunCapturing(c).ok());
  const std::string written = Slurp(out);
  c.mode = WriteMode::kCheck;
  EXPECT_TRUE(RunCapturing(c).ok());

  // The binary and the text form of the same model are the same graph; only the file
  // name (the title) differs.
  c.input = "fixtures/mlp.onnxtxt";
  s = RunCapturing(c);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("stale: model file name changed (mlp.onnx -> mlp.onnxtxt)"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("model changed"), std::string::npos) << s.message();

  c.input = "fixtures/mlp.onnx";
  c.layout.rankdir = RankDir::kLR;
  c.passes.depth = 1;
  s = RunCapturing(c);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("stale: options changed: rankdir TB -> LR, depth auto -> 1"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(Slurp(out), written);
}

TEST_P(EveryFormat, RetrainedWeightsAreNotAChangeButShapesAre) {
  const std::string out = Out("retrain");
  const std::string base = EditedMlp("base", "", "");
  ASSERT_TRUE(RunCapturing(MakeConfig(base, out, GetParam(), WriteMode::kWrite)).ok());

  const std::string retrained = EditedMlp("retrained", "{0.0}", "{0.5}");
  EXPECT_TRUE(RunCapturing(MakeConfig(retrained, out, GetParam(), WriteMode::kCheck)).ok());

  // fc2 narrows from 128 to 64 units: its Gemm has other weights (changed), its Relu
  // another output shape, and the head's Gemm other weights.
  std::string narrower = EditedMlp("narrow", "128", "64");
  Status s = RunCapturing(MakeConfig(narrower, out, GetParam(), WriteMode::kCheck));
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("stale: model changed: 2 nodes changed (body.fc2.gemm, "
                             "head.gemm), 1 node with new shapes (body.fc2.act)"),
            std::string::npos)
      << s.message();

  const std::string added =
      EditedMlp("added", "[head.softmax] probs = Softmax <axis = 1> (logits)",
                "d = Identity (logits)\n  [head.softmax] probs = Softmax <axis = 1> (d)");
  // The Identity has no name: it is named by op and position.
  s = RunCapturing(MakeConfig(added, out, GetParam(), WriteMode::kCheck));
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("stale: model changed: 1 node changed (head.softmax), 1 node "
                             "added (Identity_6)"),
            std::string::npos)
      << s.message();

  // update writes the stale file once, then has nothing to do.
  std::string printed;
  ASSERT_TRUE(RunCapturing(MakeConfig(added, out, GetParam(), WriteMode::kUpdate), &printed).ok());
  EXPECT_NE(printed.find("graphgen: updated " + out + ": model changed: 1 node changed"),
            std::string::npos)
      << printed;
  ASSERT_TRUE(RunCapturing(MakeConfig(added, out, GetParam(), WriteMode::kUpdate), &printed).ok());
  EXPECT_EQ(printed, "");
  EXPECT_TRUE(RunCapturing(MakeConfig(added, out, GetParam(), WriteMode::kCheck)).ok());
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat,
                         ::testing::Values("dot", "svg", "png", "pdf", "html"));

TEST(CheckFile, ForeignAndHandEditedFiles) {
  const std::string path = TempDir() + "/foreign.svg";
  ASSERT_TRUE(WriteFileAtomically(path, "<svg/>").ok());
  LayerGraph g;
  Status s = CheckFile(path, "<svg>new</svg>", {}, g);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("carries no graphgen provenance"), std::string::npos);

  const std::string same_meta =
      "// Generated by graphgen.\n// generator: graphgen 0.1.0\n// model-hash: fnv1a64:00\n"
      "digraph {}\n";
  const std::string dot = TempDir() + "/edited.dot";
  ASSERT_TRUE(WriteFileAtomically(dot, same_meta + "// hand edit\n").ok());
  s = CheckFile(dot, same_meta, ReadProvenance(same_meta), g);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("edited by hand"), std::string::npos) << s.message();

  // A diagram from before issue 23, same provenance, old SVG form: said so.
  const std::string old_svg = TempDir() + "/old.svg";
  ASSERT_TRUE(WriteFileAtomically(old_svg,
                                  "<?xml version=\"1.0\"?>\n<svg><metadata><graphgen>"
                                  "<meta name=\"generator\" content=\"graphgen 0.1.0\"/>"
                                  "<meta name=\"model-hash\" content=\"fnv1a64:00\"/>"
                                  "</graphgen></metadata></svg>\n")
                  .ok());
  s = CheckFile(old_svg, "<svg>new</svg>",
                {{"generator", "graphgen 0.1.0"}, {"model-hash", "fnv1a64:00"}}, g);
  EXPECT_EQ(s.code(), StatusCode::kStale);
  EXPECT_NE(s.message().find("old SVG provenance"), std::string::npos) << s.message();

  s = CheckFile(TempDir(), "x", {}, g);  // a directory is not a diagram
  EXPECT_EQ(s.code(), StatusCode::kOutputError) << s.message();
}

TEST(ReadProvenance, EscapedValuesRoundTrip) {
  // What XmlEscape and DotEscape write comes back unescaped.
  const Metadata svg = ReadProvenance(
      "<?xml version=\"1.0\"?>\n<svg><metadata><graphgen>"
      "<meta name=\"model\" content=\"a&amp;b &quot;c&quot; &#39;d&#39; &lt;&gt;&#10;\"/>"
      "</graphgen></metadata></svg>");
  ASSERT_EQ(svg.size(), 1u);
  EXPECT_EQ(svg[0].second, "a&b \"c\" 'd' <>\n");
  const Metadata dot = ReadProvenance("// model: a\\\"b\\\\c\\nd\ndigraph {}\n");
  ASSERT_EQ(dot.size(), 1u);
  EXPECT_EQ(dot[0].second, "a\"b\\c\nd");
  // PDF: a literal string with escapes, and UTF-16BE hex as Cairo writes non-ASCII.
  const Metadata pdf = ReadProvenance("%PDF-1.5\n<< /Keywords (a=x\\(1\\); b=y) >>\n");
  ASSERT_EQ(pdf.size(), 2u);
  EXPECT_EQ(pdf[0].second, "x(1)");
  EXPECT_EQ(pdf[1].second, "y");
  const Metadata hex = ReadProvenance("%PDF-1.5\n<< /Keywords <FEFF006D003D00E9> >>\n");
  ASSERT_EQ(hex.size(), 1u);
  EXPECT_EQ(hex[0].second, "\xC3\xA9");
  // Truncated or hostile inputs give what they hold, never a crash.
  EXPECT_TRUE(ReadProvenance("\x89PNG\r\n\x1a\n\xff\xff\xff\xff").empty());
  EXPECT_TRUE(ReadProvenance("%PDF-1.5 /Keywords (unterminated").empty());
  EXPECT_TRUE(ReadProvenance("<svg><metadata><meta name=\"x").empty());
}

}  // namespace
}  // namespace graphgen
