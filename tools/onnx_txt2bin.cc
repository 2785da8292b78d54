// Compiles an ONNX text fixture to a binary .onnx at build time (fixtures/BUILD), so
// tests exercise the binary importer without committed binaries or Python.
//
// ONNX 1.12's parser predates node labels ("[name] y = Op (x)"), and scopes live in
// names, so labels go through graphgen's own label handling, as in the importer.
//
// Usage: onnx_txt2bin IN.onnxtxt OUT.onnx
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "importers/onnx/onnx_text_labels.h"
#include "onnx/defs/parser.h"
#include "onnx/onnx_pb.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: onnx_txt2bin IN.onnxtxt OUT.onnx\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::vector<graphgen::NodeLabel> labels;
  const std::string text = graphgen::StripNodeLabels(buf.str(), &labels);
  onnx::ModelProto model;
  const auto status = onnx::OnnxParser::Parse(model, text.c_str());
  if (!status.IsOK()) {
    std::cerr << argv[1] << ": " << status.ErrorMessage() << "\n";
    return 1;
  }
  if (graphgen::ApplyNodeLabels(labels, &model) != labels.size()) {
    std::cerr << argv[1] << ": a [label] matched no node\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  if (!model.SerializeToOstream(&out)) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
