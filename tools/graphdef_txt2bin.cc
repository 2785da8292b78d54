// Compiles a GraphDef text fixture (.pbtxt) to binary (.pb) at build time, with
// graphgen's own copy of the GraphDef messages.
//
// Usage: graphdef_txt2bin IN.pbtxt OUT.pb
#include <google/protobuf/text_format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "importers/tf/tf_graph.pb.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: graphdef_txt2bin IN.pbtxt OUT.pb\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  graphgen::tf::GraphDef graph;
  if (!google::protobuf::TextFormat::ParseFromString(buf.str(), &graph)) {
    std::cerr << argv[1] << ": does not parse as a GraphDef\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  return graph.SerializeToOstream(&out) ? 0 : 1;
}
