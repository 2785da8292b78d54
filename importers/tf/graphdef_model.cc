#include "importers/tf/graphdef_model.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/checked_math.h"
#include "core/name_scopes.h"
#include "core/op_table.h"
#include "core/text.h"
#include "importers/common/model_checks.h"
#include "importers/tf/tf_attrs.h"

namespace graphgen {
namespace {

using NodeList = google::protobuf::RepeatedPtrField<tf::NodeDef>;

constexpr int kMaxOutputIndex = 4096;
constexpr int kMaxAttributesKept = 32;

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

std::string Describe(const tf::NodeDef& n) {
  return "node " + Q(n.name()) + " (" + Quote(n.op()) + ")";
}

// The attribute names of a node in sorted order: protobuf maps iterate in no fixed order.
std::vector<std::string> SortedAttrNames(const tf::NodeDef& n) {
  std::vector<std::string> names;
  for (const auto& [name, value] : n.attr()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

bool IsVariableOp(const std::string& op) {
  return op == "VariableV2" || op == "Variable" || op == "VarHandleOp";
}

// Ops that train, save, restore or initialise: not part of what a model computes.
bool IsTrainingOrSaving(const tf::NodeDef& n) {
  const std::string& op = n.op();
  const std::string first = n.name().substr(0, n.name().find('/'));
  if (first == "save" || first == "gradients" || first == "init" ||
      first == "report_uninitialized_variables") {
    return true;
  }
  static const char* const kOps[] = {"Assign",
                                     "AssignAdd",
                                     "AssignSub",
                                     "AssignVariableOp",
                                     "AssignAddVariableOp",
                                     "AssignSubVariableOp",
                                     "NoOp",
                                     "SaveV2",
                                     "Save",
                                     "SaveSlices",
                                     "RestoreV2",
                                     "Restore",
                                     "RestoreSlice",
                                     "MergeV2Checkpoints",
                                     "ShardedFilename",
                                     "VarIsInitializedOp",
                                     "IsVariableInitialized"};
  for (const char* o : kOps) {
    if (op == o) return true;
  }
  for (const char* prefix : {"Apply", "ResourceApply", "SparseApply", "ResourceSparseApply"}) {
    if (op.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool IsConstantLike(const std::string& op) { return op == "Const" || IsVariableOp(op); }

// Whether `s` ends in "_<digits>" after position 0.
bool HasNumberSuffix(const std::string& s) {
  const size_t us = s.find_last_of('_');
  return us != std::string::npos && us > 0 && us + 1 < s.size() &&
         s.find_first_not_of("0123456789", us + 1) == std::string::npos;
}

// "__inference_predict_235" -> "predict", "__inference_conv2d_layer_call_and_return_
// conditional_losses_812" -> "conv2d": TensorFlow's and Keras's decorations say nothing
// to a reader.
std::string ShortFunctionName(const std::string& name) {
  std::string s = name;
  for (const char* prefix : {"__inference_", "__forward_", "__backward_"}) {
    if (s.rfind(prefix, 0) == 0) s = s.substr(std::string(prefix).size());
  }
  if (HasNumberSuffix(s)) s = s.substr(0, s.find_last_of('_'));
  for (const std::string suffix : {"_layer_call_and_return_conditional_losses", "_layer_call_fn"}) {
    if (s.size() > suffix.size() &&
        s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
      s = s.substr(0, s.size() - suffix.size());
    }
  }
  return s.empty() ? name : s;
}

// Whether a call's own name is one TensorFlow made up ("StatefulPartitionedCall_5", or
// the called function's name with a counter), which tells a reader nothing.
bool IsGeneratedCallName(const std::string& leaf, const std::string& op) {
  std::string base = HasNumberSuffix(leaf) ? leaf.substr(0, leaf.find_last_of('_')) : leaf;
  return base == "StatefulPartitionedCall" || base == "PartitionedCall" || base == op || leaf == op;
}

// An input as written in a NodeDef: "x", "x:1", "^x", or in function bodies "x:out:1".
struct InputRef {
  bool control = false;
  std::string node;     // the producing node, or a function's input arg
  std::string out_arg;  // function bodies: the producer's output arg; else empty
  int index = 0;
};

Status ParseInputRef(const std::string& input, const tf::NodeDef& consumer, InputRef* ref) {
  *ref = InputRef();
  if (!input.empty() && input[0] == '^') {
    ref->control = true;
    ref->node = input.substr(1);
    return OkStatus();
  }
  const size_t first = input.find(':');
  ref->node = input.substr(0, first);
  if (first == std::string::npos) return OkStatus();
  std::string rest = input.substr(first + 1);
  const size_t second = rest.find(':');
  std::string digits = rest;
  if (second != std::string::npos) {
    ref->out_arg = rest.substr(0, second);
    digits = rest.substr(second + 1);
  } else if (rest.find_first_not_of("0123456789") != std::string::npos) {
    ref->out_arg = rest;  // "x:out" means output 0 of arg "out"
    digits = "0";
  }
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos ||
      (ref->index = std::stoi(digits)) > kMaxOutputIndex) {
    return BadInput(Describe(consumer) + ": input " + Q(input) + " names an absurd output");
  }
  return OkStatus();
}

class Converter {
 public:
  Converter(const tf::GraphDef& def, const ImportOptions& options, Warnings* warnings)
      : def_(def), options_(options), warnings_(warnings) {}

  StatusOr<LayerGraph> Convert(const GraphDefSelection& selection) {
    graph_.format = "TensorFlow GraphDef";
    graph_.channels_last = true;  // TensorFlow's NHWC
    if (def_.versions().producer() > 0) {
      graph_.notes.push_back("producer " + std::to_string(def_.versions().producer()));
    }
    if (def_.node_size() == 0) return BadInput("the graph has no nodes");
    if (def_.node_size() > options_.max_nodes) return TooManyNodes();
    for (const tf::FunctionDef& f : def_.library().function()) {
      library_.emplace(f.signature().name(), &f);
    }
    if (options_.expand_calls) {
      // Before expanding anything: f0..f30 each calling the next twice are 2^31
      // expansions from a 1 KB file (issue 21), and an empty leaf adds no node the limit
      // would see while they run. Each call counts for its cluster and its body's ops.
      std::unordered_map<const tf::FunctionDef*, int64_t> memo;
      std::vector<const tf::FunctionDef*> active;
      const int64_t expanded = ExpandedSize(def_.node(), &memo, &active);
      if (expanded > options_.max_nodes) {
        return LimitExceeded(
            "function calls expand to " +
            (expanded == kSaturatedCount ? "more than 2^63" : std::to_string(expanded)) +
            " ops and calls, more than the node limit of " + std::to_string(options_.max_nodes) +
            " (raise it with --max-nodes)");
      }
    }

    if (selection.signatures.empty()) {
      Context top;
      GRAPHGEN_RETURN_IF_ERROR(Index(def_.node(), &top));
      if (selection.drop_training) GRAPHGEN_RETURN_IF_ERROR(KeepInference(&top));
      GRAPHGEN_RETURN_IF_ERROR(ConvertContext(&top));
    } else {
      for (const TfSignature& sig : selection.signatures) {
        GRAPHGEN_RETURN_IF_ERROR(ConvertSignature(sig, selection.cluster_each));
      }
    }
    return Finish(!selection.signatures.empty());
  }

 private:
  // One graph being converted: the top-level GraphDef, or one call's function body.
  struct Context {
    const NodeList* nodes = nullptr;
    const tf::FunctionDef* function = nullptr;  // null for the top-level graph
    int scope = 0;
    std::unordered_map<std::string, int> by_name;            // lookup only
    std::unordered_map<std::string, std::vector<int>> args;  // input arg -> outer tensors
    std::vector<char> keep;                                  // per node: drawn
    std::vector<char> is_input;  // per node: a signature input (its own inputs not drawn)
    std::vector<int> flat;       // per node: LayerGraph node id; -1 for calls
    std::vector<const tf::FunctionDef*> callee;  // per node: the function a call runs
    std::vector<std::vector<int>> call_outputs;  // per call node: placeholder per output
    std::vector<std::vector<std::pair<std::string, int>>> out_arg_base;  // bodies
    std::vector<int> call_id;  // per call node: its index in call_results_ / call_entries_
  };

  // One end of a control dependency: a drawn node, or a call drawn as a cluster (its
  // results' producers when the dependency leaves it, its entry nodes when it enters).
  struct ControlEnd {
    int node = -1;
    int call = -1;
  };

  Status TooManyNodes() const {
    return LimitExceeded("the model has more than " + std::to_string(options_.max_nodes) +
                         " nodes (raise it with --max-nodes)");
  }

  Status Index(const NodeList& nodes, Context* ctx) {
    ctx->nodes = &nodes;
    const int n = nodes.size();
    ctx->keep.assign(n, 1);
    ctx->is_input.assign(n, 0);
    ctx->flat.assign(n, -1);
    ctx->callee.assign(n, nullptr);
    ctx->call_outputs.assign(n, {});
    ctx->out_arg_base.assign(n, {});
    ctx->call_id.assign(n, -1);
    for (int i = 0; i < n; ++i) {
      const tf::NodeDef& node = nodes.Get(i);
      GRAPHGEN_RETURN_IF_ERROR(
          CheckName(node.name(), "node #" + std::to_string(i) + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckName(node.op(), Describe(node) + ": op", options_));
      if (node.name().empty()) return BadInput("node #" + std::to_string(i) + " has no name");
      if (node.op().empty()) return BadInput(Describe(node) + ": empty op");
      GRAPHGEN_RETURN_IF_ERROR(CheckScopeDepth(node.name(), Describe(node) + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckAttributeCount(node.attr_size(), Describe(node), options_));
      for (const std::string& key : SortedAttrNames(node)) {
        const tf::AttrValue& v = node.attr().at(key);
        const std::string what = Describe(node) + ": attribute " + Q(key);
        GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(v.s(), what, options_));
        for (const std::string& item : v.list().s()) {
          GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(item, what, options_));
        }
      }
      auto [it, inserted] = ctx->by_name.emplace(node.name(), i);
      if (!inserted) {
        return BadInput("two nodes are named " + Q(node.name()) + " (#" +
                        std::to_string(it->second) + " " + Quote(nodes.Get(it->second).op()) +
                        " and #" + std::to_string(i) + " " + Quote(node.op()) + ")");
      }
      GRAPHGEN_RETURN_IF_ERROR(FindCallee(node, &ctx->callee[i]));
    }
    return OkStatus();
  }

  // The ops and calls `nodes` stand for with every call expanded, one memo entry per
  // function, saturating. A call into a function already being counted (a cycle) or
  // deeper than --max-depth counts only itself: ExpandCall reports those.
  int64_t ExpandedSize(const NodeList& nodes,
                       std::unordered_map<const tf::FunctionDef*, int64_t>* memo,
                       std::vector<const tf::FunctionDef*>* active) {
    int64_t total = 0;
    for (const tf::NodeDef& node : nodes) {
      total = SaturatingAdd(total, 1);
      const tf::FunctionDef* f = nullptr;
      if (!FindCallee(node, &f).ok() || f == nullptr) continue;
      if (auto done = memo->find(f); done != memo->end()) {
        total = SaturatingAdd(total, done->second);
        continue;
      }
      if (std::find(active->begin(), active->end(), f) != active->end() ||
          static_cast<int64_t>(active->size()) >= options_.max_nesting_depth) {
        continue;
      }
      active->push_back(f);
      const int64_t body = ExpandedSize(f->node_def(), memo, active);
      active->pop_back();
      (*memo)[f] = body;
      total = SaturatingAdd(total, body);
    }
    return total;
  }

  // The library function `node` calls, if it is a call; an error when that function is
  // missing.
  Status FindCallee(const tf::NodeDef& node, const tf::FunctionDef** callee) {
    *callee = nullptr;
    if (!options_.expand_calls) return OkStatus();  // a call is then one node
    std::string name;
    if (node.op() == "StatefulPartitionedCall" || node.op() == "PartitionedCall") {
      auto f = node.attr().find("f");
      if (f == node.attr().end() || f->second.value_case() != tf::AttrValue::kFunc) {
        return BadInput(Describe(node) + ": has no function attribute 'f'");
      }
      name = f->second.func().name();
    } else if (library_.count(node.op())) {
      name = node.op();
    } else {
      return OkStatus();
    }
    auto it = library_.find(name);
    if (it == library_.end()) {
      return BadInput(Describe(node) + ": calls function " + Q(name) +
                      ", which the graph's library does not define");
    }
    *callee = it->second;
    return OkStatus();
  }

  // Without signatures: the nodes that compute something, not the training and saving
  // machinery around them. Roots are nodes nothing but training ops reads.
  Status KeepInference(Context* ctx) {
    const NodeList& nodes = *ctx->nodes;
    const int n = nodes.size();
    std::vector<char> training(n, 0), read_by_model(n, 0);
    for (int i = 0; i < n; ++i) training[i] = IsTrainingOrSaving(nodes.Get(i));
    for (int i = 0; i < n; ++i) {
      if (training[i]) continue;
      for (const std::string& input : nodes.Get(i).input()) {
        InputRef ref;
        GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(input, nodes.Get(i), &ref));
        auto it = ctx->by_name.find(ref.node);
        if (it != ctx->by_name.end()) read_by_model[it->second] = 1;
      }
    }
    std::vector<int> stack;
    for (int i = 0; i < n; ++i) {
      if (!training[i] && !read_by_model[i] && !IsConstantLike(nodes.Get(i).op())) {
        stack.push_back(i);
      }
    }
    GRAPHGEN_RETURN_IF_ERROR(KeepReached(ctx, stack));
    int kept = 0;
    for (char k : ctx->keep) kept += k;
    if (kept == 0) return BadInput("every node of the graph trains, saves or initialises");
    if (kept < n) {
      graph_.notes.push_back(std::to_string(n - kept) + " of " + std::to_string(n) +
                             " nodes left out (training, saving, initialisation)");
    }
    return OkStatus();
  }

  // Keeps the nodes in `stack` and everything their data inputs come from, not going
  // past signature inputs.
  Status KeepReached(Context* ctx, std::vector<int> stack) {
    const NodeList& nodes = *ctx->nodes;
    ctx->keep.assign(nodes.size(), 0);
    for (int i : stack) ctx->keep[i] = 1;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      if (ctx->is_input[i]) continue;
      for (const std::string& input : nodes.Get(i).input()) {
        InputRef ref;
        GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(input, nodes.Get(i), &ref));
        if (ref.control) continue;
        auto it = ctx->by_name.find(ref.node);
        if (it == ctx->by_name.end()) {
          return BadInput(Describe(nodes.Get(i)) + ": input " + Q(input) +
                          " is produced by no node");
        }
        if (!ctx->keep[it->second]) {
          ctx->keep[it->second] = 1;
          stack.push_back(it->second);
        }
      }
    }
    return OkStatus();
  }

  Status ConvertSignature(const TfSignature& sig, bool cluster) {
    Context top;
    GRAPHGEN_RETURN_IF_ERROR(Index(def_.node(), &top));
    if (cluster) top.scope = graph_.ChildScope(0, Quote(sig.name, 64), ScopeKind::kSubgraph);
    const auto node_of = [&](const std::string& role, const std::string& key,
                             const std::string& tensor, int* node) -> Status {
      const std::string name = tensor.substr(0, tensor.find(':'));
      auto it = top.by_name.find(name);
      if (it == top.by_name.end()) {
        return BadInput("signature " + Q(sig.name) + ": " + role + " " + Q(key) + " is tensor " +
                        Q(tensor) + ", which no node produces");
      }
      *node = it->second;
      return OkStatus();
    };
    for (const auto& [key, tensor] : sig.inputs) {
      int node = -1;
      GRAPHGEN_RETURN_IF_ERROR(node_of("input", key, tensor, &node));
      top.is_input[node] = 1;
    }
    std::vector<int> roots;
    for (const auto& [key, tensor] : sig.outputs) {
      int node = -1;
      GRAPHGEN_RETURN_IF_ERROR(node_of("output", key, tensor, &node));
      roots.push_back(node);
    }
    if (roots.empty()) return BadInput("signature " + Q(sig.name) + " has no outputs");
    GRAPHGEN_RETURN_IF_ERROR(KeepReached(&top, roots));
    int kept = 0;
    for (char k : top.keep) kept += k;
    const int n = def_.node_size();
    graph_.notes.push_back("signature " + Q(sig.name) + ": " + std::to_string(kept) + " of " +
                           std::to_string(n) + " graph nodes compute its outputs, " +
                           std::to_string(n - kept) +
                           " left out (training, saving, other signatures)");
    GRAPHGEN_RETURN_IF_ERROR(ConvertContext(&top));
    for (const auto& [key, tensor] : sig.outputs) {
      tf::NodeDef consumer;
      consumer.set_name(key);
      consumer.set_op("Output");
      InputRef ref;
      GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(tensor, consumer, &ref));
      int t = -1;
      GRAPHGEN_RETURN_IF_ERROR(Resolve(&top, ref, tensor, consumer, &t));
      Node out;
      out.kind = NodeKind::kOutput;
      out.name = key;
      out.op_type = "Output";
      out.scope = top.scope;
      GRAPHGEN_RETURN_IF_ERROR(AddFlatNode(std::move(out), {}));
      graph_.Connect(t, static_cast<int>(graph_.nodes.size()) - 1);
    }
    return OkStatus();
  }

  Status AddFlatNode(Node node, std::vector<TensorType> declared) {
    if (static_cast<int64_t>(graph_.nodes.size()) >= options_.max_nodes) return TooManyNodes();
    graph_.AddNode(std::move(node));
    declared_types_.push_back(std::move(declared));
    outputs_.emplace_back();
    return OkStatus();
  }

  // Adds the context's kept nodes, wires their inputs, and expands its calls.
  Status ConvertContext(Context* ctx) {
    const NodeList& nodes = *ctx->nodes;
    for (int i = 0; i < nodes.size(); ++i) {
      if (!ctx->keep[i] || ctx->callee[i] != nullptr) continue;
      const tf::NodeDef& n = nodes.Get(i);
      Node node;
      node.name = n.name();
      node.op_type = n.op();
      node.scope = ctx->scope;
      if (n.op() == "Placeholder" || ctx->is_input[i]) node.kind = NodeKind::kInput;
      std::vector<TensorType> declared;
      GRAPHGEN_RETURN_IF_ERROR(ReadAttributes(n, &node, &declared));
      ctx->flat[i] = static_cast<int>(graph_.nodes.size());
      GRAPHGEN_RETURN_IF_ERROR(AddFlatNode(std::move(node), std::move(declared)));
    }
    for (int i = 0; i < nodes.size(); ++i) {
      if (!ctx->keep[i] || ctx->callee[i] == nullptr) continue;
      ctx->call_id[i] = static_cast<int>(call_results_.size());
      call_results_.emplace_back();
      call_entries_.emplace_back();
    }
    for (int i = 0; i < nodes.size(); ++i) {
      if (!ctx->keep[i] || ctx->callee[i] != nullptr || ctx->is_input[i]) continue;
      const tf::NodeDef& n = nodes.Get(i);
      for (const std::string& input : n.input()) {
        InputRef ref;
        GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(input, n, &ref));
        if (ref.control) {
          GRAPHGEN_RETURN_IF_ERROR(AddControl(ctx, ref, input, n, ControlEnd{ctx->flat[i], -1}));
          continue;
        }
        int t = -1;
        GRAPHGEN_RETURN_IF_ERROR(Resolve(ctx, ref, input, n, &t));
        graph_.Connect(t, ctx->flat[i]);
      }
    }
    for (int i = 0; i < nodes.size(); ++i) {
      if (ctx->keep[i] && ctx->callee[i] != nullptr) GRAPHGEN_RETURN_IF_ERROR(ExpandCall(ctx, i));
    }
    return OkStatus();
  }

  // Records the control dependency `input` ("^x") of `consumer`, drawn to `to`. One
  // naming a node left out (training, another signature) goes with it.
  Status AddControl(Context* ctx, const InputRef& ref, const std::string& input,
                    const tf::NodeDef& consumer, ControlEnd to) {
    auto it = ctx->by_name.find(ref.node);
    if (it == ctx->by_name.end()) {
      // Function arguments are values, not ops to wait for; TensorFlow never writes one
      // as a control input, and nothing can be drawn for it.
      if (ctx->function != nullptr && ctx->args.count(ref.node)) return OkStatus();
      return BadInput(Describe(consumer) + ": control input " + Q(input) + " names no node");
    }
    const int j = it->second;
    if (!ctx->keep[j]) return OkStatus();
    ControlEnd from;
    if (ctx->callee[j] != nullptr) {
      from.call = ctx->call_id[j];
    } else {
      from.node = ctx->flat[j];
    }
    if ((from.node < 0 && from.call < 0) || (to.node < 0 && to.call < 0)) return OkStatus();
    controls_.emplace_back(from, to);
    return OkStatus();
  }

  // The tensor an input names. A call's outputs are placeholders until its body is
  // expanded; Finish replaces them with the body's results.
  Status Resolve(Context* ctx, const InputRef& ref, const std::string& input,
                 const tf::NodeDef& consumer, int* tensor) {
    if (ctx->function != nullptr) {
      auto arg = ctx->args.find(ref.node);
      if (arg != ctx->args.end()) {
        if (ref.index >= static_cast<int>(arg->second.size())) {
          return BadInput(Describe(consumer) + ": input " + Q(input) +
                          " names a function argument that was not passed");
        }
        *tensor = arg->second[ref.index];
        return OkStatus();
      }
    }
    auto it = ctx->by_name.find(ref.node);
    if (it == ctx->by_name.end() || !ctx->keep[it->second]) {
      return BadInput(Describe(consumer) + ": input " + Q(input) + " is produced by no node");
    }
    const int j = it->second;
    int slot = ref.index;
    if (!ref.out_arg.empty()) {
      auto& bases = ctx->out_arg_base[j];
      int base = -1;
      int next = 0;
      for (const auto& [arg, b] : bases) {
        if (arg == ref.out_arg) base = b;
        next = std::max(next, b + kMaxOutputIndex / 8);
      }
      if (base < 0) {
        // Output args after the first: their positions are the op's to know; keep them
        // apart so distinct outputs stay distinct tensors.
        base = bases.empty() ? 0 : std::min(next, kMaxOutputIndex);
        bases.emplace_back(ref.out_arg, base);
      }
      slot = std::min(base + ref.index, kMaxOutputIndex);
    }
    if (ctx->callee[j] != nullptr) {
      auto& outs = ctx->call_outputs[j];
      if (static_cast<int>(outs.size()) <= slot) outs.resize(slot + 1, -1);
      if (outs[slot] < 0) {
        outs[slot] = graph_.AddTensor(ref.node + ":" + std::to_string(slot));
        alias_.resize(graph_.tensors.size(), -1);
      }
      *tensor = outs[slot];
      return OkStatus();
    }
    *tensor = Output(ctx->flat[j], slot);
    return OkStatus();
  }

  Status ExpandCall(Context* ctx, int i) {
    const tf::NodeDef& call = ctx->nodes->Get(i);
    const tf::FunctionDef& f = *ctx->callee[i];
    const std::string& fname = f.signature().name();
    for (size_t k = 0; k < call_stack_.size(); ++k) {
      if (call_stack_[k] != fname) continue;
      std::string chain;
      for (size_t c = k; c < call_stack_.size(); ++c) chain += Quote(call_stack_[c]) + " -> ";
      return BadInput("function calls form a cycle: " + chain + Quote(fname));
    }
    if (static_cast<int>(call_stack_.size()) >= options_.max_nesting_depth) {
      return LimitExceeded(Describe(call) + ": function calls nest more than " +
                           std::to_string(options_.max_nesting_depth) +
                           " deep (raise it with --max-depth)");
    }
    std::vector<int> inputs;
    for (const std::string& input : call.input()) {
      InputRef ref;
      GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(input, call, &ref));
      if (ref.control) {
        GRAPHGEN_RETURN_IF_ERROR(
            AddControl(ctx, ref, input, call, ControlEnd{-1, ctx->call_id[i]}));
        continue;
      }
      int t = -1;
      GRAPHGEN_RETURN_IF_ERROR(Resolve(ctx, ref, input, call, &t));
      inputs.push_back(t);
    }

    Context body;
    GRAPHGEN_RETURN_IF_ERROR(Index(f.node_def(), &body).WithContext("function " + Q(fname)));
    body.function = &f;
    int parent = ctx->scope;
    const std::vector<std::string> parts = ScopeComponents(call.name());
    for (const std::string& part : parts) {
      parent = graph_.ChildScope(parent, Quote(part, 64), ScopeKind::kModule);
    }
    // The cluster says what runs (the function, as Netron names it), and the call's own
    // name only when someone chose it ("encoder: encoder_block"); hovering shows both
    // full names, as TensorBoard lists them. Two calls side by side stay two clusters.
    const std::string leaf = call.name().substr(call.name().find_last_of('/') + 1);
    const std::string function = ShortFunctionName(fname);
    std::string label = Quote(function, 64);
    if (!IsGeneratedCallName(leaf, call.op()) && leaf != function) {
      label = Quote(leaf, 64) + ": " + label;
    }
    // "f", "f #2", "f #3"...: the next number to try is kept per (scope, label), so 5,000
    // calls of one function in one scope are not O(n^3) (issue 21).
    std::string unique = label;
    int& suffix = next_call_suffix_[{parent, label}];
    if (suffix > 0 || graph_.HasChildScope(parent, unique)) {
      suffix = std::max(suffix, 2);
      do {
        unique = label + " #" + std::to_string(suffix++);
      } while (graph_.HasChildScope(parent, unique));
    } else {
      suffix = 2;
    }
    body.scope = graph_.ChildScope(parent, unique, ScopeKind::kSubgraph);
    graph_.scopes[body.scope].tooltip =
        "call " + Q(call.name()) + " (" + Quote(call.op()) + ") of function " + Q(fname);

    // Inputs to args in order; a list-valued arg (number_attr, type_list_attr) takes what
    // the single-valued ones leave.
    const auto& args = f.signature().input_arg();
    int list_args = 0;
    for (const auto& a : args) list_args += !a.number_attr().empty() || !a.type_list_attr().empty();
    const int spare = static_cast<int>(inputs.size()) - (args.size() - list_args);
    size_t next = 0;
    for (const auto& a : args) {
      const bool list = !a.number_attr().empty() || !a.type_list_attr().empty();
      int take = list ? (list_args == 1 ? std::max(spare, 0) : 0) : 1;
      std::vector<int>& bound = body.args[a.name()];
      for (; take > 0 && next < inputs.size(); --take) bound.push_back(inputs[next++]);
    }
    if (next != inputs.size() ||
        (list_args == 0 && inputs.size() != static_cast<size_t>(args.size()))) {
      warnings_->push_back(Describe(call) + " passes " + std::to_string(inputs.size()) +
                           " inputs to function " + Q(fname) + ", which takes " +
                           std::to_string(args.size()));
    }

    call_stack_.push_back(fname);
    const int first_body_node = static_cast<int>(graph_.nodes.size());
    GRAPHGEN_RETURN_IF_ERROR(ConvertContext(&body));
    call_stack_.pop_back();
    // Where a control dependency into the call lands: the body's ops that read its
    // arguments, else those that read nothing.
    std::vector<int>& entries = call_entries_[ctx->call_id[i]];
    for (int k = 0; k < body.nodes->size(); ++k) {
      const int id = body.flat[k];
      if (id < 0) continue;
      for (int t : graph_.nodes[id].inputs) {
        if (std::find(inputs.begin(), inputs.end(), t) != inputs.end()) {
          entries.push_back(id);
          break;
        }
      }
    }
    for (int id = first_body_node; entries.empty() && id < static_cast<int>(graph_.nodes.size());
         ++id) {
      if (graph_.nodes[id].scope == body.scope && graph_.nodes[id].inputs.empty()) {
        entries.push_back(id);
      }
    }

    std::vector<TensorType> declared;
    {
      Node scratch;
      GRAPHGEN_RETURN_IF_ERROR(ReadAttributes(call, &scratch, &declared));
    }
    auto& outs = ctx->call_outputs[i];
    const int nout = f.signature().output_arg_size();
    for (int k = 0; k < nout; ++k) {
      const std::string& arg = f.signature().output_arg(k).name();
      auto ret = f.ret().find(arg);
      if (ret == f.ret().end()) {
        return BadInput("function " + Q(fname) + ": output " + Q(arg) + " is returned by no node");
      }
      // Every result gets its placeholder: a signature's outputs are read after this.
      if (static_cast<int>(outs.size()) <= k) outs.resize(k + 1, -1);
      if (outs[k] < 0) {
        outs[k] = graph_.AddTensor(call.name() + ":" + std::to_string(k));
        alias_.resize(graph_.tensors.size(), -1);
      }
      tf::NodeDef ret_node;
      ret_node.set_name(fname + "/" + arg);
      ret_node.set_op("_Retval");
      InputRef ref;
      GRAPHGEN_RETURN_IF_ERROR(ParseInputRef(ret->second, ret_node, &ref));
      int t = -1;
      GRAPHGEN_RETURN_IF_ERROR(Resolve(&body, ref, ret->second, ret_node, &t));
      alias_[outs[k]] = t;
      if (k < static_cast<int>(declared.size())) graph_.tensors[outs[k]].type = declared[k];
    }
    call_results_[ctx->call_id[i]] = outs;
    for (size_t k = nout; k < outs.size(); ++k) {
      if (outs[k] >= 0) {
        return BadInput(Describe(call) + ": output " + std::to_string(k) + " is read, but " +
                        Q(fname) + " returns " + std::to_string(nout));
      }
    }
    return OkStatus();
  }

  // The tensor a call's output placeholder stands for; -1 for a cycle of placeholders.
  int Target(int t) const {
    for (size_t steps = 0; t >= 0 && t < static_cast<int>(alias_.size()) && alias_[t] >= 0;
         ++steps) {
      if (steps > alias_.size()) return -1;
      t = alias_[t];
    }
    return t;
  }

  StatusOr<LayerGraph> Finish(bool prune) {
    alias_.resize(graph_.tensors.size(), -1);
    const int n = static_cast<int>(graph_.nodes.size());
    // Outputs nobody reads still carry the shapes the file records.
    for (int i = 0; i < n; ++i) {
      const int declared = static_cast<int>(declared_types_[i].size());
      for (int k = 0; k < declared && k <= kMaxOutputIndex; ++k) Output(i, k);
      for (size_t k = 0; k < outputs_[i].size(); ++k) {
        if (outputs_[i][k] < 0) Output(i, static_cast<int>(k));
      }
      graph_.nodes[i].outputs = outputs_[i];
    }
    alias_.resize(graph_.tensors.size(), -1);
    for (Node& node : graph_.nodes) {
      std::vector<int> inputs;
      for (int t : node.inputs) {
        const int target = Target(t);
        if (target < 0) {
          return BadInput("node " + Q(node.name) +
                          ": reads a function result that is computed from itself");
        }
        // A placeholder's shape, from the call's _output_shapes, helps an unshaped result.
        if (target != t && !graph_.tensors[target].type.rank_known) {
          graph_.tensors[target].type = graph_.tensors[t].type;
        }
        inputs.push_back(target);
      }
      node.inputs = std::move(inputs);
    }
    graph_.RebuildTensorLinks();
    ResolveControls();
    AddSinkOutputs();
    if (prune) {
      // Function bodies hold more than their results need (NoOp, side effects).
      std::vector<char> reached(n, 0);
      std::vector<int> stack;
      for (int i = 0; i < n; ++i) {
        if (graph_.nodes[i].kind == NodeKind::kOutput) {
          reached[i] = 1;
          stack.push_back(i);
        }
      }
      while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        for (int t : graph_.nodes[i].inputs) {
          const int p = graph_.tensors[t].producer;
          if (p >= 0 && !reached[p]) {
            reached[p] = 1;
            stack.push_back(p);
          }
        }
      }
      std::vector<bool> remove(n);
      for (int i = 0; i < n; ++i) remove[i] = !reached[i];
      graph_.RemoveNodes(remove);
    }
    return std::move(graph_);
  }

  // A frozen GraphDef or a TF.js graph declares no outputs: what it computes is what
  // nothing reads. Each such op (not a constant, a training or saving op, or a NoOp) gets an
  // Output box, as a signature's outputs do, so every drawing ends in its outputs.
  void AddSinkOutputs() {
    const int n = static_cast<int>(graph_.nodes.size());
    for (int i = 0; i < n; ++i) {
      if (graph_.nodes[i].kind == NodeKind::kOutput) return;
    }
    for (int i = 0; i < n; ++i) {
      const Node& node = graph_.nodes[i];
      if (node.kind != NodeKind::kOp || node.op_type == "NoOp" || node.op_type == "Assert" ||
          node.op_type == "Print" || node.op_type == "PrintV2") {
        continue;
      }
      const OpCategory c = CategoryOf(node.op_type);
      if (c == OpCategory::kConstant || c == OpCategory::kTraining ||
          c == OpCategory::kControlFlow) {
        continue;
      }
      bool read = false;
      for (int t : node.outputs) read = read || !graph_.tensors[t].consumers.empty();
      if (read) continue;
      // A result nothing reads has no tensor yet unless the file declared its shape.
      if (graph_.nodes[i].outputs.empty()) graph_.nodes[i].outputs = {Output(i, 0)};
      Node out;
      out.kind = NodeKind::kOutput;
      out.name = graph_.nodes[i].name;
      out.op_type = "Output";
      out.inputs = {graph_.nodes[i].outputs[0]};
      graph_.AddNode(std::move(out));
    }
    graph_.RebuildTensorLinks();
  }

  // Control dependencies between drawn nodes, each once, in the order they were read.
  void ResolveControls() {
    std::set<std::pair<int, int>> seen;
    for (const auto& [from, to] : controls_) {
      std::vector<int> sources;
      if (from.node >= 0) {
        sources.push_back(from.node);
      } else {
        for (int t : call_results_[from.call]) {
          const int target = t >= 0 ? Target(t) : -1;
          const int p = target >= 0 ? graph_.tensors[target].producer : -1;
          if (p >= 0) sources.push_back(p);
        }
      }
      const std::vector<int> sinks =
          to.node >= 0 ? std::vector<int>{to.node} : call_entries_[to.call];
      for (int a : sources) {
        for (int b : sinks) {
          if (a != b && seen.emplace(a, b).second) graph_.control_edges.emplace_back(a, b);
        }
      }
    }
  }

  StatusOr<TensorType> ConvertShape(const tf::TensorShapeProto& shape, DType dtype,
                                    const std::string& what) {
    TensorType t;
    t.dtype = dtype;
    if (shape.unknown_rank()) return t;
    GRAPHGEN_RETURN_IF_ERROR(CheckRank(shape.dim_size(), what, options_));
    t.rank_known = true;
    for (int i = 0; i < shape.dim_size(); ++i) {
      const int64_t size = shape.dim(i).size();
      GRAPHGEN_RETURN_IF_ERROR(CheckDim(size, i, -1, what, options_));  // -1: unknown
      t.dims.push_back(Dim{size, ""});
    }
    return t;
  }

  Status ReadAttributes(const tf::NodeDef& n, Node* node, std::vector<TensorType>* types) {
    DType dtype = DType::kUnknown;
    for (const char* key : {"T", "dtype", "out_type"}) {
      auto it = n.attr().find(key);
      if (it != n.attr().end() && it->second.value_case() == tf::AttrValue::kType) {
        dtype = ConvertDType(it->second.type());
        break;
      }
    }
    for (const std::string& key : SortedAttrNames(n)) {
      const tf::AttrValue& v = n.attr().at(key);
      if (key == "_output_shapes" && v.value_case() == tf::AttrValue::kList) {
        for (const auto& s : v.list().shape()) {
          auto t = ConvertShape(s, dtype, Describe(n) + ": output shape");
          if (!t.ok()) return t.status();
          types->push_back(std::move(*t));
        }
        continue;
      }
      if (key == "fused_ops" && v.value_case() == tf::AttrValue::kList) {
        for (const auto& op : v.list().s()) {
          if (op != "BiasAdd" && op != "BiasAddV1") node->activation = Quote(op, 32);
        }
      }
      if (!key.empty() && key[0] == '_') continue;  // runtime bookkeeping
      if (static_cast<int>(node->attributes.size()) < kMaxAttributesKept) {
        node->attributes.push_back(TypedAttr(key, v));
      }
    }
    auto value = n.attr().find("value");
    auto shape = n.attr().find("shape");
    const bool has_shape =
        shape != n.attr().end() && shape->second.value_case() == tf::AttrValue::kShape;
    // A variable's output is a handle (a scalar resource): its `shape` is the weight's.
    if (IsVariableOp(n.op()) && has_shape) {
      types->clear();
      auto t = ConvertShape(shape->second.shape(), dtype, Describe(n) + ": shape");
      if (!t.ok()) return t.status();
      types->push_back(std::move(*t));
      return OkStatus();
    }
    // A Const's value and a Placeholder's shape say what the output is.
    if (types->empty()) {
      if (value != n.attr().end() && value->second.value_case() == tf::AttrValue::kTensor) {
        const auto& tensor = value->second.tensor();
        auto t = ConvertShape(tensor.tensor_shape(), ConvertDType(tensor.dtype()),
                              Describe(n) + ": value");
        if (!t.ok()) return t.status();
        types->push_back(std::move(*t));
      } else if (has_shape) {
        auto t = ConvertShape(shape->second.shape(), dtype, Describe(n) + ": shape");
        if (!t.ok()) return t.status();
        types->push_back(std::move(*t));
      }
    }
    return OkStatus();
  }

  // The tensor for output `index` of node `node`, created on first use.
  int Output(int node, int index) {
    auto& outs = outputs_[node];
    if (static_cast<int>(outs.size()) <= index) outs.resize(index + 1, -1);
    if (outs[index] < 0) {
      const std::string& name = graph_.nodes[node].name;
      outs[index] = graph_.AddTensor(index == 0 ? name : name + ":" + std::to_string(index));
      graph_.tensors[outs[index]].producer = node;
      if (index < static_cast<int>(declared_types_[node].size())) {
        graph_.tensors[outs[index]].type = declared_types_[node][index];
      }
    }
    return outs[index];
  }

  const tf::GraphDef& def_;
  const ImportOptions& options_;
  Warnings* warnings_;
  LayerGraph graph_;
  std::unordered_map<std::string, const tf::FunctionDef*> library_;  // lookup only
  std::vector<std::string> call_stack_;                              // functions being expanded
  std::vector<std::vector<TensorType>> declared_types_;              // per node, per output
  std::vector<std::vector<int>> outputs_;                            // per node, per output: tensor
  std::vector<int> alias_;  // per tensor: the tensor a call output stands for, or -1
  // (scope, cluster label) -> the next " #k" to try for a call's cluster.
  std::map<std::pair<int, std::string>, int> next_call_suffix_;
  std::vector<std::vector<int>> call_results_;  // per call: its output placeholders
  std::vector<std::vector<int>> call_entries_;  // per call: body nodes a dependency enters
  std::vector<std::pair<ControlEnd, ControlEnd>> controls_;  // (from, to), in model order
};

}  // namespace

StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const GraphDefSelection& selection,
                                     const ImportOptions& options, Warnings* warnings) {
  return Converter(graph, options, warnings).Convert(selection);
}

StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const ImportOptions& options,
                                     Warnings* warnings) {
  return ConvertGraphDef(graph, GraphDefSelection(), options, warnings);
}

}  // namespace graphgen
