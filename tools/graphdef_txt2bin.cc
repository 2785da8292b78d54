// Compiles a TensorFlow text fixture (.pbtxt) to binary (.pb) at build time, with
// graphgen's own copy of the messages: a GraphDef by default, or a SavedModel or
// MetaGraphDef when the third argument names one.
//
// Usage: graphdef_txt2bin IN.pbtxt OUT.pb [GraphDef|SavedModel|MetaGraphDef]
#include <google/protobuf/text_format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "third_party/tensorflow/tf_graph.pb.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: graphdef_txt2bin IN.pbtxt OUT.pb [GraphDef|SavedModel|MetaGraphDef]\n";
    return 2;
  }
  const std::string type = argc == 4 ? argv[3] : "GraphDef";
  std::unique_ptr<google::protobuf::Message> message;
  if (type == "GraphDef") {
    message = std::make_unique<graphgen::tf::GraphDef>();
  } else if (type == "SavedModel") {
    message = std::make_unique<graphgen::tf::SavedModel>();
  } else if (type == "MetaGraphDef") {
    message = std::make_unique<graphgen::tf::MetaGraphDef>();
  } else {
    std::cerr << "graphdef_txt2bin: unknown message type " << type << "\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!google::protobuf::TextFormat::ParseFromString(buf.str(), message.get())) {
    std::cerr << argv[1] << ": does not parse as a " << type << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  return message->SerializeToOstream(&out) ? 0 : 1;
}
