// Fit to the page: --depth auto, the default. When more than fit_boxes boxes would be
// drawn, it folds blocks alike but for their widths, then collapses scopes at the deepest
// depth that fits; when both still fall short and --fuse is auto, it starts again from the
// identically folded graph with chains fused first, the change that hides least. It tells
// the user in one warning what it did and how to see every op.
#ifndef PASSES_FIT_TO_PAGE_FIT_TO_PAGE_H_
#define PASSES_FIT_TO_PAGE_FIT_TO_PAGE_H_

#include "passes/pass.h"

namespace graphgen {

class FitToPagePass : public Pass {
 public:
  std::string_view Name() const override { return "fit-to-page"; }
  bool Enabled(const PassOptions& options) const override {
    return options.depth < 0 && options.fit_boxes > 0;
  }
  bool ReducesBoxes() const override { return true; }
  PassStage Stage() const override { return PassStage::kDrawing; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_FIT_TO_PAGE_FIT_TO_PAGE_H_
