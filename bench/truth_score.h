// Scoring --groups-json against hand-derived ground truth (shared/corpus/torch-dev's
// truth.json): per model the macro F1 of the encoder / bottleneck / decoder roles over
// every node of the file, and the recall of the typed (skip, memory, state) edges. Reads
// the schema-2 JSON (every file node with its box) and the schema-1 JSON of earlier
// versions (drawn boxes only: nodes folded into a box count as unassigned), so a run of
// an older graphgen is scored the same way.
#ifndef BENCH_TRUTH_SCORE_H_
#define BENCH_TRUTH_SCORE_H_

#include <nlohmann/json.hpp>
#include <string>

namespace graphgen {

struct TruthScore {
  bool plain = false;    // the truth says: no encoder-decoder
  bool found = false;    // our verdict: encoder-decoder found
  double f1 = 0;         // macro F1 over the roles the truth or we use (enc-dec only)
  int edges = 0;         // typed edges in the truth
  int edges_found = 0;   // of them, ours with the same kind and tensor into the same box
  int nodes = 0;         // nodes the truth assigns
  int nodes_listed = 0;  // of them, nodes our JSON lists by name
  // True when the result meets the bar: plain models not grouped; encoder-decoders found
  // with F1 >= 0.95 and every typed edge.
  bool Good() const;
};

// `truth` is one entry of truth.json's "models"; `groups` the parsed --groups-json.
TruthScore ScoreGroups(const nlohmann::json& truth, const nlohmann::json& groups);

}  // namespace graphgen

#endif  // BENCH_TRUTH_SCORE_H_
