// Evidence source: scope names. Role words ("encoder", "decoder", "bottleneck"), the
// paired idioms of U-Net code ("down"/"up", "contract"/"expand") and weak hints
// ("backbone", "head") in a node's scopes, and the numbered block a node belongs to.
#include <cctype>
#include <string>
#include <vector>

#include "core/name_scopes.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"

namespace graphgen {
namespace grouping_internal {
namespace {

std::vector<std::string> Words(const std::string& component) {
  std::vector<std::string> words;
  std::string cur;
  const auto flush = [&]() {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < component.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(component[i]);
    if (std::isalpha(c)) {
      // camelCase boundary: "upConv" -> "up", "conv".
      if (std::isupper(c) && !cur.empty() && std::islower(static_cast<unsigned char>(cur.back()))) {
        flush();
      }
      cur += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

NameHint HintOfWord(const std::string& w) {
  struct Entry {
    const char* word;
    Role role;
    int strength;
  };
  static const Entry kWords[] = {
      {"encoder", Role::kEncoder, 3},       {"encoders", Role::kEncoder, 3},
      {"encode", Role::kEncoder, 3},        {"encoding", Role::kEncoder, 3},
      {"enc", Role::kEncoder, 3},           {"decoder", Role::kDecoder, 3},
      {"decoders", Role::kDecoder, 3},      {"decode", Role::kDecoder, 3},
      {"decoding", Role::kDecoder, 3},      {"dec", Role::kDecoder, 3},
      {"bottleneck", Role::kBottleneck, 3}, {"latent", Role::kBottleneck, 3},
      {"bridge", Role::kBottleneck, 3},     {"contract", Role::kEncoder, 2},
      {"contracting", Role::kEncoder, 2},   {"contraction", Role::kEncoder, 2},
      {"inc", Role::kEncoder, 2},           {"expand", Role::kDecoder, 2},
      {"expansive", Role::kDecoder, 2},     {"expanding", Role::kDecoder, 2},
      {"outc", Role::kDecoder, 2},          {"backbone", Role::kEncoder, 1},
      {"head", Role::kDecoder, 1},          {"heads", Role::kDecoder, 1},
      {"classifier", Role::kDecoder, 1},    {"middle", Role::kBottleneck, 1},
      {"mid", Role::kBottleneck, 1},        {"center", Role::kBottleneck, 1},
      {"centre", Role::kBottleneck, 1},     {"aspp", Role::kBottleneck, 1},
  };
  for (const Entry& e : kWords) {
    if (w == e.word) return NameHint{e.role, e.strength, w};
  }
  // "down", "downsample", "downconv", "upsampling", "upconv": the U-Net idiom.
  static const char* kTails[] = {"",      "conv",   "sample", "sampling", "block", "blocks",
                                 "layer", "layers", "scale",  "path",     "stage"};
  for (const char* tail : kTails) {
    if (w == std::string("down") + tail) return NameHint{Role::kEncoder, 2, w};
    if (w == std::string("up") + tail) return NameHint{Role::kDecoder, 2, w};
  }
  return NameHint{};
}

}  // namespace

NameHint BestHint(const std::string& node_name, bool idioms) {
  NameHint best;
  for (const std::string& component : ScopeComponents(node_name)) {
    for (const std::string& w : Words(component)) {
      NameHint h = HintOfWord(w);
      if (h.strength == 2 && !idioms) continue;
      if (h.strength > best.strength) best = h;
    }
  }
  return best;
}

namespace {

// The name key of a repeated block: the scope path through its first numbered component
// ("transformer/encoder/layers.0"), or "" when none is numbered.
std::string BlockKey(const std::string& name) {
  const std::vector<std::string> parts = ScopeComponents(name);
  std::string key;
  for (const std::string& part : parts) {
    key += (key.empty() ? "" : "/") + part;
    if (part.empty() || !std::isdigit(static_cast<unsigned char>(part.back()))) continue;
    // "attention_2" is torch's name for the third call of one module (and "dense_2" a
    // framework's instance counter), not a numbered block like "layers.2" or "layer2".
    size_t digits = part.size();
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(part[digits - 1]))) --digits;
    if (digits > 0 && part[digits - 1] == '_') continue;
    return key;
  }
  return "";
}

}  // namespace

// A folded block's nodes keep their first layer's names, so their key is the fold's scope
// ("transformer/encoder/layers ×6"), not "layers.0".
std::string NodeBlockKey(const LayerGraph& g, int n) {
  for (int s = g.nodes[n].scope; s > 0; s = g.scopes[s].parent) {
    if (g.scopes[s].kind == ScopeKind::kRepeat) return g.scopes[s].path;
  }
  return BlockKey(g.nodes[n].name);
}

}  // namespace grouping_internal

NameHint NameHintOf(const std::string& node_name) {
  return grouping_internal::BestHint(node_name, true);
}

}  // namespace graphgen
