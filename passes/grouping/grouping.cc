// The grouping pass's entry point and the names of its public enums. The evidence
// sources, readings and combiner it runs live beside it (readings.h lists them).
#include "passes/grouping/grouping.h"

#include "passes/grouping/readings.h"

namespace graphgen {

bool ParseGroupingMode(const std::string& text, GroupingMode* mode) {
  if (text == "auto") {
    *mode = GroupingMode::kAuto;
  } else if (text == "names") {
    *mode = GroupingMode::kNames;
  } else if (text == "structure") {
    *mode = GroupingMode::kStructure;
  } else if (text == "off") {
    *mode = GroupingMode::kOff;
  } else {
    return false;
  }
  return true;
}

const char* GroupingModeName(GroupingMode mode) {
  switch (mode) {
    case GroupingMode::kAuto:
      return "auto";
    case GroupingMode::kNames:
      return "names";
    case GroupingMode::kStructure:
      return "structure";
    case GroupingMode::kOff:
      return "off";
  }
  return "auto";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kNone:
      return "none";
    case Role::kEncoder:
      return "encoder";
    case Role::kBottleneck:
      return "bottleneck";
    case Role::kDecoder:
      return "decoder";
  }
  return "none";
}

const char* EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kMain:
      return "main";
    case EdgeKind::kSkip:
      return "skip";
    case EdgeKind::kMemory:
      return "memory";
    case EdgeKind::kState:
      return "state";
  }
  return "main";
}

const char* Grouping::Verdict() const {
  return found ? "encoder-decoder found" : "no encoder-decoder structure";
}

Grouping FindGroups(const LayerGraph& graph, const GroupingOptions& options) {
  return grouping_internal::Analyzer(graph, options).Run();
}

}  // namespace graphgen
