// What a diagram shows and how it is rasterised: the plot_model options, with graphgen's
// defaults. The diagram builder reads the show_* fields; the PNG renderer reads dpi.
#ifndef DIAGRAM_RENDER_OPTIONS_H_
#define DIAGRAM_RENDER_OPTIONS_H_

#include <string>

namespace graphgen {

struct RenderOptions {
  // Output shapes on each node, "N×3×224×224" (--show-shapes; default on, unlike
  // plot_model: a diagram without shapes hides what changes between layers).
  bool show_shapes = true;
  // Element types before the shapes, "float32 N×3×224×224" (--show-dtype; default off).
  bool show_dtype = false;
  // Node names under the op type, relative to the enclosing cluster
  // (--show-layer-names; default off: names are in every node's hover text).
  bool show_layer_names = false;
  // Parameter counts on nodes that own weights, "9.4k params" (--show-params; default on).
  bool show_params = true;
  // The fused activation of ops that carry one (--show-layer-activations; default off).
  bool show_activations = false;
  // Whether each node has trainable weights (--show-trainable; default off).
  bool show_trainable = false;
  // PNG resolution in dots per inch (--dpi; default 96, 1.33 px per point).
  double dpi = 96;
  // Size of the op type line in points; other lines are a little smaller.
  double font_size = 10;
  // PDF creation date, ISO 8601 UTC; the pipeline fills it from SOURCE_DATE_EPOCH or
  // --timestamp, else 1970-01-01, so output bytes never depend on the clock.
  std::string creation_date = "1970-01-01T00:00:00Z";
};

}  // namespace graphgen

#endif  // DIAGRAM_RENDER_OPTIONS_H_
