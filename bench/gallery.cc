// The gallery (issue 17, "How it is measured"): every model file under the given folders,
// found as tests/corpus_test.cc finds them (.onnx, frozen.pb, .pbtxt, .meta, SavedModel
// folders, and .json files some importer's Sniff claims, so data JSON such as truth.json
// is skipped), imported with ImportModel and drawn three ways, one Markdown table row each:
//   ops       op nodes in the file as imported;
//   before    boxes drawn by default but with op patterns and shape folding off
//             (PassOptions: patterns = false, show_plumbing = true);
//   after     boxes drawn by default (PassOptions());
// and, with every op drawn (fit_boxes = 0, fold_min = 0; patterns and shape folding on):
//   int       op boxes whose outputs are all integer or bool: shape arithmetic left;
//   patterns  op pattern matches (boxes with pattern_ops) by box op type;
//   unk/?     op boxes whose output shape text (FormatShape) holds "unk__" or "?"; in
//             parentheses when the graph inputs' shapes are not fully static (expected
//             there, not a finding);
//   scalars   op boxes with 1..3 parameters (scalars counted as weights);
//   params    "yes" when TotalParams() agrees between the file (import, then only
//             FoldConstants), the default drawing and the every-op drawing; else the
//             numbers;
//   outputs   Output boxes in the default drawing (0 is a finding).
// A model that fails to import (or whose passes fail) prints its error in its row. The
// last lines are the totals and the CPU seconds of the whole run.
//   bazel run -c opt //bench:gallery [-- DIR_OR_MODEL...]
// Default: ../shared/corpus beside the checkout ($BUILD_WORKSPACE_DIRECTORY/../shared/corpus).
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_graph.h"
#include "importers/importer.h"
#include "importers/model_files.h"
#include "importers/registry.h"
#include "passes/fold_constants/fold_constants.h"
#include "passes/passes.h"

namespace graphgen {
namespace {

// The model files under `dir` (importers/model_files.h), appended in name order.
void FindModels(const std::string& dir, std::vector<std::string>* out) {
  for (std::string& f : FindModelFiles(dir)) out->push_back(std::move(f));
}

// Whether the node sits inside the body of an If / Loop / Scan.
bool InSubgraph(const LayerGraph& graph, const Node& node) {
  for (int s = node.scope; s >= 0 && s < static_cast<int>(graph.scopes.size());
       s = graph.scopes[s].parent) {
    if (graph.scopes[s].kind == ScopeKind::kSubgraph) return true;
  }
  return false;
}

// Whether every graph input (not a subgraph's) has a known rank and known sizes. A graph
// without inputs has nothing dynamic entering it.
bool InputsStatic(const LayerGraph& graph) {
  for (const Node& n : graph.nodes) {
    if (n.kind != NodeKind::kInput || InSubgraph(graph, n)) continue;
    for (int t : n.outputs) {
      const TensorType& type = graph.tensors[t].type;
      if (!type.rank_known) return false;
      for (const Dim& d : type.dims) {
        if (d.value < 0) return false;
      }
    }
  }
  return true;
}

int CountKind(const LayerGraph& graph, NodeKind kind) {
  int count = 0;
  for (const Node& n : graph.nodes) count += n.kind == kind;
  return count;
}

// What one model measures; `error` set when it could not be measured.
struct Row {
  std::string model;
  std::string format;
  std::string error;
  int ops = 0;
  size_t boxes_before = 0;
  size_t boxes_after = 0;
  int int_boxes = 0;
  std::map<std::string, int> patterns;  // box op type -> matches
  int unknown_labels = 0;
  bool inputs_static = true;
  int scalar_params = 0;
  int64_t params_file = 0;
  int64_t params_default = 0;
  int64_t params_every_op = 0;
  int outputs = 0;
  int outputs_in_file = 0;
};

// Runs the passes on a copy of `imported`; false (with `error` set) when they fail.
bool Drawn(const LayerGraph& imported, const PassOptions& options, const char* run, LayerGraph* out,
           std::string* error) {
  *out = imported;
  std::vector<std::string> warnings;
  const Status status = RunPasses(*out, options, &warnings);
  if (status.ok()) return true;
  *error = std::string(run) + " passes: " + status.message();
  return false;
}

void Measure(const std::string& path, Row* row) {
  Warnings warnings;
  auto imported = ImportModel(path, ImportOptions(), &warnings);
  if (!imported.ok()) {
    row->error = imported.status().message();
    return;
  }
  const LayerGraph& file = *imported;
  row->format = file.format;
  row->ops = CountKind(file, NodeKind::kOp);
  row->outputs_in_file = CountKind(file, NodeKind::kOutput);
  row->inputs_static = InputsStatic(file);
  {
    LayerGraph folded = file;
    FoldConstants(folded);
    row->params_file = folded.TotalParams();
  }

  PassOptions before_options;
  before_options.patterns = false;
  before_options.show_plumbing = true;
  PassOptions every_op_options;
  every_op_options.fit_boxes = 0;
  every_op_options.fold_min = 0;
  LayerGraph before, after, every_op;
  if (!Drawn(file, before_options, "before", &before, &row->error) ||
      !Drawn(file, PassOptions(), "default", &after, &row->error) ||
      !Drawn(file, every_op_options, "every-op", &every_op, &row->error)) {
    return;
  }
  row->boxes_before = before.nodes.size();
  row->boxes_after = after.nodes.size();
  row->params_default = after.TotalParams();
  row->outputs = CountKind(after, NodeKind::kOutput);
  row->params_every_op = every_op.TotalParams();
  for (const Node& n : every_op.nodes) {
    if (n.kind != NodeKind::kOp) continue;
    if (!n.pattern_ops.empty()) ++row->patterns[n.op_type];
    if (n.params >= 1 && n.params <= 3) ++row->scalar_params;
    bool all_int = !n.outputs.empty();
    bool unknown = false;
    for (int t : n.outputs) {
      const TensorType& type = every_op.tensors[t].type;
      all_int = all_int && IsShapeDType(type.dtype);
      const std::string shape = FormatShape(type);
      unknown = unknown || shape.find("unk__") != std::string::npos ||
                shape.find('?') != std::string::npos;
    }
    row->int_boxes += all_int;
    row->unknown_labels += unknown;
  }
}

// "LayerNorm 25, GELU 12": most matched first, then by name.
std::string PatternText(const std::map<std::string, int>& patterns) {
  std::vector<std::pair<std::string, int>> sorted(patterns.begin(), patterns.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (const auto& [op, count] : sorted) {
    text += (text.empty() ? "" : ", ") + op + " " + std::to_string(count);
  }
  return text.empty() ? "–" : text;
}

std::string ParamsText(const Row& row) {
  if (row.params_file == row.params_default && row.params_file == row.params_every_op) {
    return "yes";
  }
  std::string text = std::to_string(row.params_file) + " vs " + std::to_string(row.params_default);
  if (row.params_every_op != row.params_default) {
    text += " (every op " + std::to_string(row.params_every_op) + ")";
  }
  return text;
}

// A table cell: one line, no column separators.
std::string Cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  if (out.size() > 300) out = out.substr(0, 297) + "...";
  return out;
}

void PrintRow(const Row& row) {
  if (!row.error.empty()) {
    std::printf("| %s | %s | | | | | | | | | error: %s |\n", row.model.c_str(),
                Cell(row.format).c_str(), Cell(row.error).c_str());
    return;
  }
  std::string unknown = std::to_string(row.unknown_labels);
  if (!row.inputs_static) unknown = "(" + unknown + ")";
  std::string outputs = std::to_string(row.outputs);
  if (row.outputs != row.outputs_in_file) {
    outputs += " (file " + std::to_string(row.outputs_in_file) + ")";
  }
  std::printf("| %s | %s | %d | %zu | %zu | %d | %s | %s | %d | %s | %s |\n", row.model.c_str(),
              Cell(row.format).c_str(), row.ops, row.boxes_before, row.boxes_after, row.int_boxes,
              PatternText(row.patterns).c_str(), unknown.c_str(), row.scalar_params,
              ParamsText(row).c_str(), outputs.c_str());
}

// `path` made absolute against the folder `bazel run` was started in: the binary runs in
// its runfiles tree.
std::string FromWorkingDirectory(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");
  return cwd == nullptr ? path : std::string(cwd) + "/" + path;
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) {
  using graphgen::Row;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) dirs.push_back(graphgen::FromWorkingDirectory(argv[i]));
  if (dirs.empty()) {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    dirs.push_back(std::string(workspace ? workspace : ".") + "/../shared/corpus");
  }

  std::printf(
      "ops: op nodes in the file. before: boxes by default with --patterns off "
      "--show-plumbing; after: by default. With every op drawn (--depth all --fold off): "
      "int = boxes computing only integers or booleans, patterns = op pattern matches by "
      "kind, unk/? = boxes whose output shape shows unk__ or ? (in parentheses: the graph "
      "inputs are not fully static), scalars = boxes holding 1..3 parameters. params: the "
      "file's total (constants folded) vs the default drawing's (and the every-op "
      "drawing's). outputs: Output boxes drawn (and in the file, when different).\n\n");
  std::printf(
      "| model | format | ops | before | after | int | patterns | unk/? | scalars | params "
      "| outputs |\n");
  std::printf("|---|---|---:|---:|---:|---:|---|---:|---:|---|---|\n");

  Row total;
  int models = 0, failed = 0, params_differ = 0, no_output = 0, unknown_static = 0;
  for (const std::string& dir : dirs) {
    std::vector<std::string> files;
    struct stat st;
    const bool saved_model =
        stat((dir + "/saved_model.pb").c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (saved_model || (stat(dir.c_str(), &st) == 0 && S_ISREG(st.st_mode))) {
      files.push_back(dir);  // a model named on its own
    } else {
      graphgen::FindModels(dir, &files);
    }
    if (files.empty()) std::fprintf(stderr, "gallery: no model files under %s\n", dir.c_str());
    for (const std::string& file : files) {
      Row row;
      row.model = file.size() > dir.size() && file.compare(0, dir.size(), dir) == 0
                      ? file.substr(dir.size() + 1)
                      : file;
      try {
        graphgen::Measure(file, &row);
      } catch (const std::exception& e) {
        row.error = std::string("exception: ") + e.what();
      }
      graphgen::PrintRow(row);
      std::fflush(stdout);
      ++models;
      if (!row.error.empty()) {
        ++failed;
        continue;
      }
      total.ops += row.ops;
      total.boxes_before += row.boxes_before;
      total.boxes_after += row.boxes_after;
      total.int_boxes += row.int_boxes;
      for (const auto& [op, count] : row.patterns) total.patterns[op] += count;
      total.unknown_labels += row.unknown_labels;
      if (row.inputs_static) unknown_static += row.unknown_labels;
      total.scalar_params += row.scalar_params;
      params_differ += graphgen::ParamsText(row) != "yes";
      no_output += row.outputs == 0;
    }
  }
  std::printf(
      "| **total: %d models, %d failed** | | %d | %zu | %zu | %d | %s | %d (%d static) | %d "
      "| %d differ | %d without |\n",
      models, failed, total.ops, total.boxes_before, total.boxes_after, total.int_boxes,
      graphgen::PatternText(total.patterns).c_str(), total.unknown_labels, unknown_static,
      total.scalar_params, params_differ, no_output);
  std::printf("\nCPU seconds, whole run: %.2f\n",
              static_cast<double>(std::clock()) / CLOCKS_PER_SEC);
  return 0;
}
