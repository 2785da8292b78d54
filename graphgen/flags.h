// The one table of graphgen's flags. Each row says how the flag is spelled and explained
// (the CLI builds its parser and --help from it), whether a project config's "options" may
// set it, how its value fills the Config, and what it adds to the provenance options text
// that --check compares. A new flag is one row here.
#ifndef GRAPHGEN_FLAGS_H_
#define GRAPHGEN_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "graphgen/config.h"

namespace graphgen {

enum class FlagKind {
  kSwitch,   // present or not: --summary
  kBool,     // --show-shapes, --show-shapes=false
  kString,   // --rankdir LR
  kInt,      // --max-nodes 100 (64-bit)
  kDouble,   // --dpi 150
  kStrings,  // repeatable: --unfold a --unfold b
};

// A flag's parsed value; the field of its kind is set.
struct FlagValue {
  bool on = false;  // kSwitch, kBool
  std::string text;
  int64_t number = 0;
  double real = 0;
  std::vector<std::string> texts;
};

struct Flag {
  const char* names;  // as cxxopts spells them: "o,output" (short, long)
  std::string help;
  FlagKind kind;
  // The value when the flag is not given, as cxxopts takes it; nullptr: none (the flag's
  // apply then runs only when it is given).
  const char* default_value = nullptr;
  // Whether a project config's diagram "options" may set it (flags that shape a diagram).
  bool in_project_config = false;
  // Fills the Config from the value. nullptr: the CLI handles the flag itself, because it
  // depends on other flags (-o, --format, --timestamp, --dump-after) or is not a setting
  // (--help, --version, the model).
  Status (*apply)(const FlagValue& value, Config* config) = nullptr;
  // Appends what the flag contributes to the provenance options text (" fold=off"), or
  // nothing when it is at a value older diagrams were drawn with. nullptr: none.
  void (*provenance)(const Config& config, std::string* text) = nullptr;
};

// Every flag, in --help order. The provenance text is built in this order too, so a row
// with a provenance keeps its place: moving one makes every committed diagram stale.
std::vector<Flag> AllFlags();

// The layered engine's phases, "a, b, c": what --dump-after takes.
std::string PhaseList();

// The long name of a row ("output" for "o,output").
std::string LongName(const Flag& flag);

// The options that change the picture, as recorded in every diagram's provenance:
// "rankdir=TB show_shapes=1 ... depth=auto fold=min3".
std::string OptionsText(const Config& config);

}  // namespace graphgen

#endif  // GRAPHGEN_FLAGS_H_
