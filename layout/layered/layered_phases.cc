#include "layout/layered/layered_phases.h"

#include <memory>
#include <vector>

namespace graphgen {

std::vector<std::unique_ptr<const LayeredPhase>> MakeLayeredPhases() {
  std::vector<std::unique_ptr<const LayeredPhase>> p;
  p.push_back(std::make_unique<CycleBreaking>());
  p.push_back(std::make_unique<Layering>());
  p.push_back(std::make_unique<LongEdgeSplitting>());
  p.push_back(std::make_unique<CrossingMinimisation>());
  p.push_back(std::make_unique<CoordinateAssignment>());
  p.push_back(std::make_unique<ClusterCentring>());
  p.push_back(std::make_unique<EdgeRouting>());
  p.push_back(std::make_unique<DummyRemoval>());
  p.push_back(std::make_unique<EdgeDirectionRestore>());
  p.push_back(std::make_unique<RankdirTransform>());
  return p;
}

}  // namespace graphgen
