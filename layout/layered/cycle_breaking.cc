// Cycle breaking and, next to it, its undo: edges reversed here are turned back by
// EdgeDirectionRestore once they are routed.
#include <algorithm>
#include <utility>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {

void CycleBreaking::Run(LayeredGraph& g) const {
  const int n = g.num_real;
  // Out-edges per item, in input order.
  std::vector<int> start(n + 1, 0);
  for (const LayeredEdge& e : g.edges) {
    if (e.constraint && e.from != e.to) ++start[e.from + 1];
  }
  for (int i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<int> out(start[n]);
  std::vector<int> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    if (e.constraint && e.from != e.to) out[fill[e.from]++] = static_cast<int>(i);
  }
  // 0: unvisited, 1: on the search stack, 2: finished.
  std::vector<char> state(n, 0);
  std::vector<std::pair<int, int>> stack;  // (item, next out-edge index)
  for (int root = 0; root < n; ++root) {
    if (state[root] != 0) continue;
    state[root] = 1;
    stack.emplace_back(root, start[root]);
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next == start[v + 1]) {
        state[v] = 2;
        stack.pop_back();
        continue;
      }
      LayeredEdge& e = g.edges[out[next++]];
      const int w = e.to;
      if (state[w] == 1) {
        e.reversed = true;
        e.tail = e.to;
        e.head = e.from;
      } else if (state[w] == 0) {
        state[w] = 1;
        stack.emplace_back(w, start[w]);
      }
    }
  }
}

void EdgeDirectionRestore::Run(LayeredGraph& g) const {
  for (LayeredEdge& e : g.edges) {
    if (!e.reversed) continue;
    std::reverse(e.route.begin(), e.route.end());
    e.tail = e.from;
    e.head = e.to;
    e.reversed = false;
  }
}

}  // namespace graphgen
