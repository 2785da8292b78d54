// Layout benchmark: graphgen's layered engine against Graphviz dot (in-process) on
// deterministic model-shaped graphs (layout/graph_families.h) of 100 to 100k nodes.
//   bazel run -c opt //bench:layout_bench [-- --families=resnet,unet --max_nodes=10000
//       --sizes=100,1000 --dot_cap_s=60 --no_dot --repeat=3 --phases --draw=DIR
//       --draw_sizes=100,10000]
// --sizes lists the graph sizes to run (default 100, 300, 1k, 3k, 10k, 30k, 100k).
// --repeat=K runs our engine K times per size and keeps the least CPU (the machine is
// shared: the minimum is the figure least inflated by other load). --phases prints our
// CPU seconds per phase for each size. --draw=DIR writes DIR/<family>-<nodes>-<engine>.png
// (numbered boxes) for the sizes in --draw_sizes, so the engines can be compared by eye.
// Each layout runs in a forked child, so CPU time and peak RSS are that layout's alone
// (RSS includes the child's copy of the generated graph). A dot run is stopped by
// RLIMIT_CPU at the cap; larger sizes of that family then skip dot. Crossings are counted
// geometrically on the drawn curves (sampled), so both engines are measured alike; pairs
// of edges that share an endpoint are not counted. Area is width x height in pt^2.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagram/diagram.h"
#include "layout/graph_families.h"
#include "layout/graphviz/graphviz_layout.h"
#include "layout/layered/layered_layout.h"
#include "layout/layout_metrics.h"
#include "render/cairo/cairo_renderer.h"

namespace graphgen {
namespace {

constexpr int kSizes[] = {100, 300, 1000, 3000, 10000, 30000, 100000};
constexpr int kMaxPhases = 16;

struct Measure {
  bool ok = false;
  bool capped = false;
  double cpu_s = 0;
  double peak_mb = 0;
  int64_t crossings = 0;
  double area = 0;
  int phases = 0;
  double phase_s[kMaxPhases] = {};
};

// Our engine's CPU seconds per phase (names from LayeredPhaseNames, in order).
class PhaseTimer : public LayeredPhaseObserver {
 public:
  explicit PhaseTimer(Measure* m) : m_(m) {}
  void AfterPhase(std::string_view, const LayeredGraph&, double cpu_seconds) override {
    if (m_->phases < kMaxPhases) m_->phase_s[m_->phases++] = cpu_seconds;
  }

 private:
  Measure* m_;
};

// A drawing of a generated graph: each box numbered, clusters framed, so the two
// engines' pictures can be put side by side.
bool DrawPng(const LayoutGraph& g, const LayoutResult& r, const std::string& path) {
  Diagram d;
  d.graph = g;
  d.nodes.resize(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    d.nodes[i].lines.push_back({std::to_string(i), 10, false, "#000000"});
    d.nodes[i].fill = "#dbe7f5";
    d.nodes[i].stroke = "#3b6aa0";
  }
  d.edges.resize(g.edges.size());
  d.clusters.resize(g.clusters.size());
  for (size_t c = 0; c < g.clusters.size(); ++c) {
    d.clusters[c].label = {"cluster " + std::to_string(c), 11, true, "#333333"};
    d.clusters[c].fill = c % 2 ? "#f3f6ea" : "#eef2f8";
  }
  // Cairo bitmaps stop at 32767 px a side: big graphs are drawn at a lower resolution.
  const double longest = std::max({r.width, r.height, 1.0});
  auto png = RenderPng(d, r, std::min(72.0, 32000.0 * 72.0 / longest));
  if (!png.ok()) return false;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(png->bytes.data(), 1, png->bytes.size(), f) == png->bytes.size();
  return std::fclose(f) == 0 && ok;
}

double CpuNow() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec +
         u.ru_stime.tv_usec * 1e-6;
}

Measure RunInChild(const std::string& family, int nodes, bool dot, double cap_s,
                   const std::string& draw_path) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    if (dot) {
      rlimit lim{static_cast<rlim_t>(cap_s), static_cast<rlim_t>(cap_s + 5)};
      setrlimit(RLIMIT_CPU, &lim);
    }
    const LayoutGraph g = FamilyGraph(family, nodes);
    LayoutOptions o;
    o.node_sep = 18;
    o.rank_sep = 36;
    Measure m;
    PhaseTimer timer(&m);
    const double start = CpuNow();
    auto r = dot ? GraphvizLayout().Layout(g, o) : LayeredLayout(&timer).Layout(g, o);
    m.cpu_s = CpuNow() - start;
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    m.peak_mb = u.ru_maxrss / 1024.0;
    if (r.ok()) {
      m.ok = true;
      m.area = r->width * r->height;
      m.crossings = CountCrossings(g, *r);
      if (!draw_path.empty() && !DrawPng(g, *r, draw_path)) {
        std::fprintf(stderr, "could not draw %s\n", draw_path.c_str());
      }
    }
    if (write(fds[1], &m, sizeof(m)) != static_cast<ssize_t>(sizeof(m))) _exit(2);
    _exit(0);
  }
  close(fds[1]);
  Measure m;
  const ssize_t got = read(fds[0], &m, sizeof(m));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != static_cast<ssize_t>(sizeof(m))) {
    m = Measure();
    m.capped = WIFSIGNALED(status);
  }
  return m;
}

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) {
  using namespace graphgen;
  std::vector<std::string> families = GraphFamilyNames();
  int max_nodes = 100000;
  double cap_s = 60;
  bool run_dot = true;
  int repeat = 1;
  bool phases = false;
  std::string draw_dir;
  std::vector<int> draw_sizes = {100, 10000};
  std::vector<int> sizes(std::begin(kSizes), std::end(kSizes));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--families=", 0) == 0) {
      families.clear();
      std::string list = a.substr(11);
      for (size_t p = 0; p <= list.size();) {
        const size_t comma = std::min(list.find(',', p), list.size());
        families.push_back(list.substr(p, comma - p));
        p = comma + 1;
      }
    } else if (a.rfind("--max_nodes=", 0) == 0) {
      max_nodes = std::atoi(a.c_str() + 12);
    } else if (a.rfind("--dot_cap_s=", 0) == 0) {
      cap_s = std::atof(a.c_str() + 12);
    } else if (a == "--no_dot") {
      run_dot = false;
    } else if (a.rfind("--repeat=", 0) == 0) {
      repeat = std::max(1, std::atoi(a.c_str() + 9));
    } else if (a == "--phases") {
      phases = true;
    } else if (a.rfind("--draw=", 0) == 0) {
      draw_dir = a.substr(7);
    } else if (a.rfind("--sizes=", 0) == 0) {
      sizes.clear();
      const std::string list = a.substr(8);
      for (size_t p = 0; p <= list.size();) {
        const size_t comma = std::min(list.find(',', p), list.size());
        sizes.push_back(std::atoi(list.substr(p, comma - p).c_str()));
        p = comma + 1;
      }
    } else if (a.rfind("--draw_sizes=", 0) == 0) {
      draw_sizes.clear();
      const std::string list = a.substr(13);
      for (size_t p = 0; p <= list.size();) {
        const size_t comma = std::min(list.find(',', p), list.size());
        draw_sizes.push_back(std::atoi(list.substr(p, comma - p).c_str()));
        p = comma + 1;
      }
    } else {
      std::fprintf(stderr, "unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  std::printf(
      "layered vs Graphviz dot; CPU seconds of the layout call, peak RSS of its "
      "process; dot stopped at %.0f s CPU; ours: least of %d run(s)\n",
      cap_s, repeat);
  std::printf("%-19s %7s %7s %8s %8s %8s %9s %9s %6s %10s %10s %6s\n", "family", "nodes", "edges",
              "ours_s", "ours_MB", "dot_s", "cross_us", "cross_dot", "ratio", "area_us", "area_dot",
              "ratio");
  for (const std::string& family : families) {
    bool dot_alive = run_dot;
    for (int size : sizes) {
      if (size > max_nodes) break;
      const LayoutGraph g = FamilyGraph(family, size);
      if (g.nodes.empty()) {
        std::fprintf(stderr, "unknown family %s\n", family.c_str());
        return 2;
      }
      const bool draw = !draw_dir.empty() &&
                        std::find(draw_sizes.begin(), draw_sizes.end(), size) != draw_sizes.end();
      const auto draw_path = [&](const char* engine) {
        return draw ? draw_dir + "/" + family + "-" + std::to_string(size) + "-" + engine + ".png"
                    : std::string();
      };
      Measure ours = RunInChild(family, size, false, cap_s, draw_path("layered"));
      for (int k = 1; k < repeat; ++k) {
        const Measure again = RunInChild(family, size, false, cap_s, "");
        if (again.ok && again.cpu_s < ours.cpu_s) ours = again;
      }
      Measure dot;
      std::string dot_s = "skip";
      if (dot_alive) {
        dot = RunInChild(family, size, true, cap_s, draw_path("graphviz"));
        if (dot.ok) {
          dot_s = Fixed(dot.cpu_s, 2);
          if (dot.cpu_s > cap_s) dot_alive = false;
        } else {
          dot_s = dot.capped ? ">" + Fixed(cap_s, 0) : "fail";
          dot_alive = false;
        }
      }
      const bool both = ours.ok && dot.ok;
      std::printf(
          "%-19s %7zu %7zu %8s %8s %8s %9s %9s %6s %10s %10s %6s\n", family.c_str(), g.nodes.size(),
          g.edges.size(), ours.ok ? Fixed(ours.cpu_s, 3).c_str() : "fail",
          Fixed(ours.peak_mb, 0).c_str(), dot_s.c_str(), std::to_string(ours.crossings).c_str(),
          dot.ok ? std::to_string(dot.crossings).c_str() : "-",
          both ? (dot.crossings > 0
                      ? Fixed(static_cast<double>(ours.crossings) / dot.crossings, 2)
                      : (ours.crossings == 0 ? std::string("1.00") : std::string("inf")))
                     .c_str()
               : "-",
          Fixed(ours.area / 1e6, 2).c_str(), dot.ok ? Fixed(dot.area / 1e6, 2).c_str() : "-",
          both ? Fixed(ours.area / dot.area, 2).c_str() : "-");
      if (phases && ours.ok) {
        int count = 0;
        const char* const* names = LayeredPhaseNames(&count);
        std::printf("  phases:");
        for (int p = 0; p < ours.phases && p < count; ++p) {
          std::printf(" %s %.3f", names[p], ours.phase_s[p]);
        }
        std::printf("\n");
      }
      std::fflush(stdout);
    }
  }
  std::printf("area in millions of pt^2; ratio = ours / dot\n");
  return 0;
}
