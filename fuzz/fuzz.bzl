"""graphgen_fuzzer: one libFuzzer target, its `bazel run` wrapper and its replay test."""

load("//tools:cc.bzl", "cc_binary", "cc_library", "cc_test")

def graphgen_fuzzer(name, srcs, deps, seeds):
    """Declares the targets for one fuzzer.

    - `<name>_bin`: the fuzzer. Under --config=fuzz it links libFuzzer's main; otherwise
      replay_main.cc, which runs the inputs it is given once each.
    - `<name>`: `bazel run --config=fuzz //fuzz:<name> -- [libFuzzer flags]` fuzzes with a
      working corpus seeded from `seeds` (see run_fuzzer.sh).
    - `<name>_replay_test`: runs every seed and every file in regressions/<name>/ through
      the target with the normal toolchain (a cc_test over replay_main.cc), on every
      `bazel test //...`.

    Args:
      name: the target's name, ending in _fuzzer.
      srcs: the file defining LLVMFuzzerTestOneInput.
      deps: what it calls.
      seeds: labels of seed input files.
    """
    cc_library(
        name = name + "_lib",
        srcs = srcs,
        deps = deps,
        alwayslink = 1,
    )
    cc_binary(
        name = name + "_bin",
        deps = [":" + name + "_lib"] + select({
            ":fuzzing": [],
            "//conditions:default": [":replay_main"],
        }),
        linkopts = select({
            ":fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
    )
    regressions = native.glob(["regressions/" + name + "/*"])
    seed_args = ["$(locations " + s + ")" for s in seeds]
    regression_args = ["$(location " + r + ")" for r in regressions]
    native.sh_binary(
        name = name,
        srcs = ["run_fuzzer.sh"],
        args = ["$(location :" + name + "_bin)", name] + seed_args + regression_args + ["--"],
        data = [":" + name + "_bin"] + seeds + regressions,
    )
    cc_test(
        name = name + "_replay_test",
        size = "medium",
        args = seed_args + regression_args,
        data = seeds + regressions,
        deps = [":" + name + "_lib", ":replay_main"],
    )
