"""graphgen's C++ rules: the native cc rules with the language standard graphgen is written in.

Every BUILD file in graphgen loads cc_library, cc_binary and cc_test from here, so the
standard travels with the targets: a workspace that uses graphgen through
local_repository (graphgen/defs.bzl) builds it with no flags of its own. Bazel's default
toolchain compiles C++ as -std=c++0x, and graphgen uses std::optional, std::string_view,
structured bindings and inline variables. Rule copts come after the toolchain's flags,
so this -std wins.
"""

# The C++ standard graphgen is written in, for compile actions in any configuration.
GRAPHGEN_COPTS = ["-std=c++17"]

def cc_library(name, copts = [], **kwargs):
    native.cc_library(name = name, copts = GRAPHGEN_COPTS + copts, **kwargs)

def cc_binary(name, copts = [], **kwargs):
    native.cc_binary(name = name, copts = GRAPHGEN_COPTS + copts, **kwargs)

def cc_test(name, copts = [], **kwargs):
    native.cc_test(name = name, copts = GRAPHGEN_COPTS + copts, **kwargs)
