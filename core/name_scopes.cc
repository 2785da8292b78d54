#include "core/name_scopes.h"

#include "core/text.h"

namespace graphgen {
namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

}  // namespace

std::vector<std::string> ScopeComponents(const std::string& name) {
  std::vector<std::string> parts = Split(name, name.find('/') != std::string::npos ? '/' : '.');
  if (!parts.empty()) parts.pop_back();
  return parts;
}

void AssignNameScopes(LayerGraph& graph) {
  for (Node& node : graph.nodes) {
    if (node.kind != NodeKind::kOp) continue;
    int scope = node.scope;
    for (const std::string& part : ScopeComponents(node.name)) {
      scope = graph.ChildScope(scope, Quote(part, 64), ScopeKind::kModule);
    }
    node.scope = scope;
  }
}

}  // namespace graphgen
