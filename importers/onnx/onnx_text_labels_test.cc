#include "importers/onnx/onnx_text_labels.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

TEST(StripNodeLabels, OnlyAtStatementStarts) {
  const std::string text =
      "<opset_import: [\"\" : 17]>\n"
      "g (float[N, 3] x) => (float[N, 3] y)\n"
      "<float[3] w = {0.0}>\n"
      "{\n"
      "  [first] t = Add (x, w)\n"
      "  u = Relu (t)   # [not] a label\n"
      "  [\"/enc/conv\"] y = Conv <pads = [1, 1]> (u)\n"
      "}\n";
  std::vector<NodeLabel> labels;
  const std::string out = StripNodeLabels(text, &labels);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].name, "first");
  EXPECT_EQ(labels[0].first_output, "t");
  EXPECT_EQ(labels[1].name, "/enc/conv");
  EXPECT_EQ(labels[1].first_output, "y");
  EXPECT_EQ(out.size(), text.size());
  EXPECT_EQ(out.find("[first]"), std::string::npos);
  EXPECT_NE(out.find("float[N, 3] x"), std::string::npos);
  EXPECT_NE(out.find("pads = [1, 1]"), std::string::npos);
}

TEST(ApplyNodeLabels, SkipsUnlabelledNodes) {
  onnx::ModelProto model;
  for (const char* out : {"t", "u", "y"}) model.mutable_graph()->add_node()->add_output(out);
  const std::vector<NodeLabel> labels = {{"first", "t"}, {"last", "y"}};
  EXPECT_EQ(ApplyNodeLabels(labels, &model), 2u);
  EXPECT_EQ(model.graph().node(0).name(), "first");
  EXPECT_EQ(model.graph().node(1).name(), "");
  EXPECT_EQ(model.graph().node(2).name(), "last");
}

}  // namespace
}  // namespace graphgen
