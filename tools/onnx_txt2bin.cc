// Compiles an ONNX text fixture to a binary .onnx at build time (fixtures/BUILD), so
// tests exercise the binary importer without committed binaries or Python.
//
// ONNX 1.12's text syntax has no node names, and scopes live in names, so this tool
// accepts one extension: a statement line may start with "[name]". Either every node
// statement carries one or none does; names are given in text order, which is the
// depth-first order of nodes and their subgraphs.
//
// Usage: onnx_txt2bin IN.onnxtxt OUT.onnx
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "onnx/defs/parser.h"
#include "onnx/onnx_pb.h"

namespace {

// Removes "[name]" prefixes at the start of lines, collecting the names in order.
std::string StripNames(const std::string& text, std::vector<std::string>* names) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    const size_t start = line.find_first_not_of(" \t");
    if (start != std::string::npos && line[start] == '[') {
      const size_t close = line.find(']', start);
      if (close != std::string::npos && line.find('=', close) != std::string::npos &&
          line.find('"', start) > close) {
        names->push_back(line.substr(start + 1, close - start - 1));
        line = line.substr(0, start) + line.substr(close + 1);
      }
    }
    out += line + "\n";
  }
  return out;
}

void CollectNodes(onnx::GraphProto* g, std::vector<onnx::NodeProto*>* nodes) {
  for (auto& node : *g->mutable_node()) {
    nodes->push_back(&node);
    for (auto& attr : *node.mutable_attribute()) {
      if (attr.has_g()) CollectNodes(attr.mutable_g(), nodes);
      for (auto& sub : *attr.mutable_graphs()) CollectNodes(&sub, nodes);
    }
  }
}

}  // namespace

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
  std::vector<std::string> names;
  const std::string text = StripNames(buf.str(), &names);
  onnx::ModelProto model;
  const auto status = onnx::OnnxParser::Parse(model, text.c_str());
  if (!status.IsOK()) {
    std::cerr << argv[1] << ": " << status.ErrorMessage() << "\n";
    return 1;
  }
  std::vector<onnx::NodeProto*> nodes;
  CollectNodes(model.mutable_graph(), &nodes);
  if (!names.empty()) {
    if (names.size() != nodes.size()) {
      std::cerr << argv[1] << ": " << names.size() << " [name] prefixes for " << nodes.size()
                << " nodes; name every node or none\n";
      return 1;
    }
    for (size_t i = 0; i < nodes.size(); ++i) nodes[i]->set_name(names[i]);
  }
  std::ofstream out(argv[2], std::ios::binary);
  if (!model.SerializeToOstream(&out)) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
