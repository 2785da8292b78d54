// The output interface: one OutputWriter per format (svg/, cairo/ for png and pdf, dot/,
// tfevents/, html/), listed once in AllOutputs() (outputs.h). Format names, file extensions, the
// CLI's messages, stdout rules and reading provenance back for --check all come from
// these objects, so a new format is its own folder plus one line in the registry.
#ifndef RENDER_OUTPUT_OUTPUT_WRITER_H_
#define RENDER_OUTPUT_OUTPUT_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"
#include "core/provenance.h"
#include "core/status.h"
#include "diagram/diagram.h"
#include "diagram/render_options.h"
#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

// What a writer draws from. Which fields are set depends on the writer's Input().
struct OutputRequest {
  // Input() >= kDiagram: the diagram, with its provenance in diagram->metadata.
  const Diagram* diagram = nullptr;
  // Input() == kLayout: the coordinates of every box and edge of `diagram`.
  const LayoutResult* layout = nullptr;
  // Input() == kGraph: the model's layer graph as the grouping read it (after the passes
  // that say what the model is, before those that draw it smaller: GroupedModel::model's
  // node ids), with one name-scope prefix per node (the grouping's roles) and the
  // provenance as text.
  const LayerGraph* graph = nullptr;
  const std::vector<std::vector<std::string>>* node_prefixes = nullptr;
  std::string provenance_text;
  int64_t wall_time = 0;    // seconds since 1970, for formats that record a time
  std::string writer_name;  // "graphgen 0.1.0"
  LayoutOptions layout_options;
  RenderOptions render;
  // The grouping's verdict ("encoder-decoder found (confidence 0.91, basis spatial)") and
  // --explain-groups' text, for formats that show them beside the picture (HTML).
  std::string grouping_verdict;
  std::string grouping_explanation;
};

struct OutputBytes {
  std::string bytes;
  std::vector<std::string> warnings;  // printed as "graphgen: warning: MODEL: ..."
};

class OutputWriter {
 public:
  // What Write needs: the layer graph alone, the diagram, or the diagram laid out.
  enum class Input { kGraph, kDiagram, kLayout };

  virtual ~OutputWriter() = default;
  // The --format value: "svg".
  virtual std::string_view Name() const = 0;
  // The format's name in sentences: "SVG", "TensorBoard event file".
  virtual std::string_view Title() const = 0;
  // File extensions, lower case without the dot; the first is the default ("dot", "gv").
  virtual std::vector<std::string_view> Extensions() const = 0;
  // Whether a file named `base` (no directory) is this format for a reason other than its
  // extension: TensorBoard reads any file whose name holds "tfevents".
  virtual bool ClaimsFileName(std::string_view /*base*/) const { return false; }
  // A warning for writing this format to a file named `base` that its readers will not
  // find ("" when none).
  virtual std::string FileNameWarning(std::string_view /*base*/) const { return ""; }
  virtual Input NeedsInput() const = 0;
  // Whether the bytes may go to stdout ("-o -"): text formats only.
  virtual bool WritesToStdout() const = 0;
  virtual StatusOr<OutputBytes> Write(const OutputRequest& request) const = 0;
  // The provenance this format's bytes carry, in file order; empty when `bytes` are not
  // this format or carry none. Never trusts the bytes: every offset is bounds-checked.
  virtual Metadata ReadProvenance(const std::string& bytes) const = 0;
};

}  // namespace graphgen

#endif  // RENDER_OUTPUT_OUTPUT_WRITER_H_
