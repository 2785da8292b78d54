// Convolution geometry lines: ONNX, Keras and TensorFlow spellings, and what stays hidden.
#include "diagram/conv_geometry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace graphgen {
namespace {

Attribute Ints(const std::string& name, std::vector<int64_t> v) {
  Attribute a;
  a.name = name;
  a.kind = v.size() == 1 ? AttrKind::kInt : AttrKind::kInts;
  a.ints = std::move(v);
  return a;
}

// A graph of one node with these attributes and an output of `dims`.
std::string Geometry(const std::string& op, std::vector<Attribute> attrs,
                     std::vector<int64_t> dims = {}, bool channels_last = false) {
  LayerGraph g;
  g.channels_last = channels_last;
  Node n;
  n.op_type = op;
  n.attributes = std::move(attrs);
  const int t = g.AddTensor("y");
  g.tensors[t].type.rank_known = !dims.empty();
  for (int64_t d : dims) g.tensors[t].type.dims.push_back(Dim{d, ""});
  n.outputs = {t};
  g.AddNode(n);
  return ConvGeometry(g, g.nodes[0]);
}

TEST(ConvGeometry, OnnxKernelStrideDilationGroups) {
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {3, 3}), Ints("strides", {2, 2})}),
            "3\xC3\x97"
            "3 /2");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {3, 3}), Ints("strides", {1, 1})}),
            "3\xC3\x97"
            "3");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {1, 1}), Ints("strides", {1, 1})}), "");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {1, 1}), Ints("strides", {2, 2})}),
            "1\xC3\x97"
            "1 /2");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {7, 1}), Ints("strides", {2, 1})}),
            "7\xC3\x97"
            "1 /2\xC3\x97"
            "1");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {3, 3}), Ints("dilations", {2, 2})}),
            "3\xC3\x97"
            "3 \xC2\xB7 d2");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {3, 3}), Ints("group", {32})}, {1, 32, 56, 56}),
            "3\xC3\x97"
            "3 \xC2\xB7 depthwise");
  EXPECT_EQ(Geometry("Conv", {Ints("kernel_shape", {3, 3}), Ints("group", {4})}, {1, 32, 56, 56}),
            "3\xC3\x97"
            "3 \xC2\xB7 g4");
}

TEST(ConvGeometry, TensorFlowStridesCarryBatchAndChannels) {
  EXPECT_EQ(Geometry("Conv2D", {Ints("strides", {1, 2, 2, 1})}, {}, true), "/2");
  EXPECT_EQ(Geometry("Conv2D", {Ints("strides", {1, 1, 1, 1})}, {}, true), "");
  EXPECT_EQ(Geometry("Conv2D", {Ints("strides", {1, 1, 2, 2})}, {}, false), "/2");
  EXPECT_EQ(Geometry("Conv2D", {Ints("strides", {1, 1, 1, 1}), Ints("dilations", {1, 2, 2, 1})}, {},
                     true),
            "d2");
}

TEST(ConvGeometry, KerasNames) {
  EXPECT_EQ(Geometry("Conv2D", {Ints("kernel_size", {5, 5}), Ints("strides", {2, 2}),
                                Ints("dilation_rate", {1, 1})}),
            "5\xC3\x97"
            "5 /2");
}

TEST(ConvGeometry, OnlyConvolutions) {
  EXPECT_EQ(Geometry("MaxPool", {Ints("kernel_shape", {3, 3}), Ints("strides", {2, 2})}), "");
  EXPECT_EQ(Geometry("Relu", {}), "");
}

}  // namespace
}  // namespace graphgen
