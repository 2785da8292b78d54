// Scores the encoder / bottleneck / decoder grouping against ground truth (issue 18):
// runs a graphgen binary with --groups-json on every model of truth.json, in the default
// run and with --depth all --fold off, and prints per model the macro F1 of the roles
// over every node of the file and the typed edges found, then the totals, as Markdown.
//
//   bazel run -c opt //bench:grouping_score [-- --graphgen BINARY] [--truth truth.json]
//
// --graphgen scores another build (an older graphgen writes schema-1 JSON, which lists
// drawn boxes only; truth_score.h says how that is scored). The default truth is
// ../shared/corpus/torch-dev/truth.json beside the checkout.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench/truth_score.h"

extern char** environ;

namespace graphgen {
namespace {

// Runs graphgen on `model` with `options` and returns the parsed --groups-json, or null.
nlohmann::json Groups(const std::string& graphgen, const std::string& model,
                      const std::vector<std::string>& options, const std::string& json_path) {
  std::vector<std::string> args = {graphgen, model, "--groups-json", json_path};
  args.insert(args.end(), options.begin(), options.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  std::remove(json_path.c_str());
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return nullptr;
  }
  std::ifstream in(json_path);
  return nlohmann::json::parse(in, nullptr, false);
}

std::string Cell(const TruthScore& s, bool ran) {
  if (!ran) return "failed";
  char buf[96];
  if (s.plain) return s.found ? "**grouped**" : "none";
  if (!s.found) {
    std::snprintf(buf, sizeof(buf), "**not found** · edges %d/%d", s.edges_found, s.edges);
  } else {
    std::snprintf(buf, sizeof(buf), "%sF1 %.3f%s · edges %d/%d", s.Good() ? "" : "**", s.f1,
                  s.Good() ? "" : "**", s.edges_found, s.edges);
  }
  return buf;
}

int Main(int argc, char** argv) {
  std::string graphgen = "graphgen/graphgen";
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  std::string truth_path =
      std::string(workspace ? workspace : ".") + "/../shared/corpus/torch-dev/truth.json";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--graphgen") {
      graphgen = argv[i + 1];
    } else if (flag == "--truth") {
      truth_path = argv[i + 1];
    } else {
      std::fprintf(stderr, "grouping_score: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::ifstream in(truth_path);
  const auto truth = nlohmann::ordered_json::parse(in, nullptr, false);
  if (truth.is_discarded() || !truth.contains("models")) {
    std::fprintf(stderr, "grouping_score: cannot read %s\n", truth_path.c_str());
    return 2;
  }
  const std::string dir = truth_path.substr(0, truth_path.find_last_of('/') + 1);
  char tmp[] = "/tmp/grouping_score.XXXXXX";
  if (mkdtemp(tmp) == nullptr) return 2;
  const std::string json_path = std::string(tmp) + "/groups.json";
  std::printf("| model | truth | default | --depth all --fold off | file nodes listed |\n");
  std::printf("|---|---|---|---|---:|\n");
  int encdec = 0, encdec_good = 0, plain = 0, plain_grouped = 0, edges = 0, edges_found = 0;
  for (const auto& [key, entry] : truth["models"].items()) {
    const nlohmann::json t = nlohmann::json::parse(entry.dump());
    const std::string model = dir + t.value("file", key);
    const nlohmann::json a = Groups(graphgen, model, {}, json_path);
    const nlohmann::json b =
        Groups(graphgen, model, {"--depth", "all", "--fold", "off"}, json_path);
    const bool ran_a = a.is_object(), ran_b = b.is_object();
    const TruthScore sa = ran_a ? ScoreGroups(t, a) : TruthScore();
    const TruthScore sb = ran_b ? ScoreGroups(t, b) : TruthScore();
    const bool is_plain = t.value("plain", false);
    if (is_plain) {
      ++plain;
      plain_grouped += (ran_a && sa.found) || (ran_b && sb.found) ? 1 : 0;
    } else {
      ++encdec;
      encdec_good += ran_a && ran_b && sa.Good() && sb.Good() ? 1 : 0;
      edges += sa.edges + sb.edges;
      edges_found += sa.edges_found + sb.edges_found;
    }
    std::printf(
        "| %s | %s | %s | %s | %s |\n", key.c_str(), is_plain ? "plain" : "enc-dec",
        Cell(sa, ran_a).c_str(), Cell(sb, ran_b).c_str(),
        is_plain ? "" : (std::to_string(sa.nodes_listed) + "/" + std::to_string(sa.nodes)).c_str());
  }
  std::remove(json_path.c_str());
  rmdir(tmp);
  std::printf("\nEncoder-decoders with F1 >= 0.95 and every typed edge in both runs: %d of %d\n",
              encdec_good, encdec);
  std::printf("Typed edges found (both runs): %d of %d\n", edges_found, edges);
  std::printf("Plain models grouped (either run): %d of %d\n", plain_grouped, plain);
  return 0;
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) { return graphgen::Main(argc, argv); }
