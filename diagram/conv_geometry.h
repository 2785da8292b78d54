// A convolution's geometry as Netron shows it under the op: kernel and stride ("3×3 /2"),
// dilation ("d2") and groups ("depthwise", "g32"), each left out at its plain value, so a
// 1×1 and a 3×3 convolution no longer look the same.
#ifndef DIAGRAM_CONV_GEOMETRY_H_
#define DIAGRAM_CONV_GEOMETRY_H_

#include <string>

#include "core/layer_graph.h"

namespace graphgen {

// "3×3 /2 · depthwise" for a convolution (op category convolution) whose attributes say
// so; "" for any other op, or a 1×1 convolution with stride 1, no dilation and one group.
// Reads ONNX (kernel_shape, strides, dilations, group), Keras (kernel_size, strides,
// dilation_rate, groups) and TensorFlow (strides and dilations in NHWC/NCHW order, whose
// batch and channel entries are 1) spellings; the kernel's extent is shown only when an
// attribute records it.
std::string ConvGeometry(const LayerGraph& graph, const Node& node);

}  // namespace graphgen

#endif  // DIAGRAM_CONV_GEOMETRY_H_
