// The op patterns, from the ops' definitions:
//   LayerNorm(x)  = (x - mean(x)) / sqrt(var(x) + eps) * gamma + beta, var = mean((x - mean)^2)
//   RMSNorm(x)    = x / sqrt(mean(x^2) + eps) * gamma
//   GroupNorm(x)  = InstanceNorm over x reshaped to [N, G, -1], reshaped back, * gamma + beta
//   GELU(x)       = x/2 (1 + erf(x/sqrt 2)), or x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))
//   SiLU(x)       = x sigmoid(x);  HardSwish(x) = x relu6(x + 3) / 6
//   HardSigmoid   = relu6(x + 3) / 6;  Softplus(x) = log(1 + exp(x));  Mish = x tanh(softplus)
//   Linear(x)     = x W + b;  Conv + bias (TensorFlow writes the bias as its own BiasAdd)
// TensorFlow Lite's spellings (upper case: LOGISTIC, MUL) join the rows its converter writes
// in several ops: SiLU, hard swish without HARD_SWISH, and the moments' LayerNorm.
// Each is written in every order of operations an exporter may choose (0.5 applied first or
// last, a division or a multiplication by the reciprocal, Sqrt then Div or Rsqrt then Mul).
// docs/research/torch-onnx-exports.md records which of these torch's exporter writes.
#include "passes/op_patterns/op_patterns.h"

namespace graphgen {

std::vector<OpPatternSpec> OpPatternTable() {
  // Spellings shared by many rows.
  // Mean: ReduceMean (ONNX), Mean (TensorFlow). Square: Pow by 2, or TensorFlow's Square.
  return {
      // LayerNorm: mean, centre, square, mean, + eps, root, divide, then the affine.
      {"LayerNorm",
       "ReduceMean|Mean(x); Sub(x,0); Pow|Square(1); ReduceMean|Mean(2); Add|AddV2*(3); "
       "Sqrt(4); Div|RealDiv(1,5); Mul*?(6); Add|AddV2*?(7)"},
      {"LayerNorm",
       "ReduceMean|Mean(x); Sub(x,0); Mul*(1,1); ReduceMean|Mean(2); Add|AddV2*(3); Sqrt(4); "
       "Div|RealDiv(1,5); Mul*?(6); Add|AddV2*?(7)"},
      {"LayerNorm",
       "ReduceMean|Mean(x); Sub(x,0); Pow|Square(1); ReduceMean|Mean(2); Add|AddV2*(3); "
       "Rsqrt(4); Mul*(1,5); Mul*?(6); Add|AddV2*?(7)"},
      {"LayerNorm",
       "ReduceMean|Mean(x); Sub(x,0); Pow|Square(1); ReduceMean|Mean(2); Add|AddV2*(3); "
       "Sqrt(4); Reciprocal(5); Mul*(1,6); Mul*?(7); Add|AddV2*?(8)"},
      // TensorFlow's moments: the squared difference is one op (TFLite spells it alike).
      {"LayerNorm",
       "Mean|MEAN(x); SquaredDifference|SQUARED_DIFFERENCE*(x,0); Mean|MEAN(1); "
       "AddV2|Add|ADD*(2); Rsqrt|RSQRT(3); Mul|MUL*?(4); Mul|MUL*(x,5); Mul|MUL*(0,5); "
       "Sub|SUB(6); AddV2|Add|ADD*(6,8)"},
      // RMSNorm: no centring.
      {"RMSNorm",
       "Pow|Square(x); ReduceMean|Mean(0); Add|AddV2*(1); Sqrt(2); Div|RealDiv(x,3); Mul*?(4)",
       "Sub"},
      {"RMSNorm", "Pow|Square(x); ReduceMean|Mean(0); Add|AddV2*(1); Rsqrt(2); Mul*(x,3); Mul*?(4)",
       "Sub"},
      {"RMSNorm",
       "Pow|Square(x); ReduceMean|Mean(0); Add|AddV2*(1); Sqrt(2); Reciprocal(3); Mul*(x,4); "
       "Mul*?(5)",
       "Sub"},
      {"RMSNorm",
       "Mul*(x,x); ReduceMean|Mean(0); Add|AddV2*(1); Sqrt(2); Div|RealDiv(x,3); Mul*?(4)", "Sub"},
      // GroupNorm as torch writes it: InstanceNorm of x reshaped to [N, G, -1], reshaped
      // back to Shape(x); by default the Shape is folded into the Reshape (fold_shapes).
      {"GroupNorm",
       "Reshape(x); InstanceNormalization(0); Shape(x); Reshape(1,2); Mul*?(3); "
       "Add|AddV2*?(4)"},
      {"GroupNorm", "Reshape(x); InstanceNormalization(0); Reshape(1); Mul*?(2); Add|AddV2*?(3)"},
      // GELU, erf form: 0.5 last, or first.
      {"GELU", "Div|Mul|RealDiv(x); Erf(0); Add|AddV2*(1); Mul*(x,2); Mul*?(3)"},
      {"GELU", "Mul(x); Div|Mul|RealDiv(x); Erf(1); Add|AddV2*(2); Mul*(0,3)"},
      // GELU, tanh form: x^3 as a power or as two products.
      {"GELU",
       "Pow(x); Mul(0); Add|AddV2*(x,1); Mul(2); Tanh(3); Add|AddV2*(4); Mul*(x,5); Mul*?(6)"},
      {"GELU",
       "Mul(x); Pow(x); Mul(1); Add|AddV2*(x,2); Mul(3); Tanh(4); Add|AddV2*(5); Mul*(0,6)"},
      {"GELU",
       "Mul*(x,x); Mul*(x,0); Mul(1); Add|AddV2*(x,2); Mul(3); Tanh(4); Add|AddV2*(5); "
       "Mul*(x,6); Mul*?(7)"},
      // HardSwish before HardSigmoid: the latter is the former's head.
      {"HardSwish", "HardSigmoid(x); Mul*(x,0)"},
      {"HardSwish",
       "Add|AddV2|ADD*(x); Clip|Relu6|RELU6(0); Div|Mul|RealDiv|DIV|MUL(1); Mul|MUL*(x,2)"},
      {"HardSwish",
       "Add|AddV2|ADD*(x); Clip|Relu6|RELU6(0); Mul|MUL*(x,1); Div|Mul|RealDiv|DIV|MUL(2)"},
      {"HardSigmoid", "Add|AddV2|ADD*(x); Clip|Relu6|RELU6(0); Div|Mul|RealDiv|DIV|MUL(1)"},
      // Mish before Softplus, for the same reason.
      {"Mish", "Softplus(x); Tanh(0); Mul*(x,1)"},
      {"Mish", "Exp(x); Add|AddV2*(0); Log(1); Tanh(2); Mul*(x,3)"},
      {"Softplus", "Exp(x); Add|AddV2*(0); Log(1)"},
      {"SiLU", "Sigmoid|LOGISTIC(x); Mul|MUL*(x,0)"},
      // A weighted product and its bias: a MatMul whose second operand is a weight.
      {"Linear", "MatMul(x); Add|AddV2|BiasAdd*(0)"},
      // TensorFlow's convolutions write their bias as a BiasAdd: the conv keeps its name.
      {"@0", "Conv2D|Conv3D|DepthwiseConv2dNative|Conv2DBackpropInput(x); BiasAdd|Add|AddV2*(0)"},
  };
}

std::map<std::string, std::string> OpRenameTable() {
  return {
      {"LayerNormalization", "LayerNorm"},  // ONNX opset 17, Keras
      {"SimplifiedLayerNormalization", "RMSNorm"},
      {"Gelu", "GELU"},
      {"FastGelu", "GELU"},
      {"GroupNormalization", "GroupNorm"},
      {"Swish", "SiLU"},
      // TensorFlow's grappler fusions: the layer, with its activation recorded apart.
      {"_FusedConv2D", "Conv2D"},
      {"_FusedConv3D", "Conv3D"},
      {"FusedDepthwiseConv2dNative", "DepthwiseConv2dNative"},
      {"_FusedDepthwiseConv2dNative", "DepthwiseConv2dNative"},
      {"_FusedMatMul", "Linear"},
  };
}

}  // namespace graphgen
