// Module scopes from node names: "/encoder/down1/conv/Conv" (PyTorch), "encoder/conv/
// Conv2D" (TensorFlow) and "encoder.down1.conv" (dotted module paths) nest the node in
// scopes encoder > down1 (> conv), which the diagram draws as clusters.
#ifndef CORE_NAME_SCOPES_H_
#define CORE_NAME_SCOPES_H_

#include <string>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {

// The scope components of a node name: all parts but the last, split at '/' (empty parts
// dropped) or, for a name without '/', at '.'. "Conv_3" has none.
std::vector<std::string> ScopeComponents(const std::string& name);

// Moves every op node into the module scopes its name spells, below the scope it is in.
void AssignNameScopes(LayerGraph& graph);

}  // namespace graphgen

#endif  // CORE_NAME_SCOPES_H_
