"""Bazel rules that draw model diagrams with graphgen and keep committed ones current.

    load("@graphgen//graphgen:defs.bzl", "graphgen_diagram", "graphgen_diagram_test")

    graphgen_diagram(
        name = "mlp_svg",
        model = "models/mlp.onnx",
        out = "mlp.svg",
        options = {"rankdir": "LR"},
    )

    # Fails when docs/mlp.svg (committed) differs from what mlp_svg draws, naming the file,
    # saying why, and printing the command that rewrites it: bazel run //docs:mlp_svg_test.update
    graphgen_diagram_test(
        name = "mlp_svg_test",
        diagram = ":mlp_svg",
        golden = "mlp.svg",
    )

`options` are graphgen's flags without "--", as in graphgen.json: {"depth": "1",
"show-dtype": "true"}. The diagram a rule draws is byte for byte what
`graphgen MODEL -o OUT --OPTION=VALUE...` writes anywhere else (`graphgen update`, another
machine), so a committed diagram can be checked by either.
"""

GraphgenDiagramInfo = provider(
    doc = "How a graphgen_diagram was drawn, so a test can check a committed copy.",
    fields = {
        "model": "File: the model",
        "out": "File: the diagram",
        "flags": "list of strings: graphgen flags after MODEL -o OUT",
    },
)

def _flags(format, options):
    flags = []
    if format:
        flags.append("--format=" + format)
    for key in sorted(options.keys()):
        flags.append("--%s=%s" % (key, options[key]))
    return flags

# The file graphgen reads among `model`'s files: the one file, or a SavedModel's
# saved_model.pb (.pbtxt) when `model` is the SavedModel directory's filegroup.
def _model_file(ctx):
    files = ctx.files.model
    if len(files) == 1:
        return files[0]
    found = [f for f in files if f.basename in ("saved_model.pb", "saved_model.pbtxt")]
    if len(found) != 1:
        fail("%s: model has %d files; give one model file, or a SavedModel directory's files " %
             (ctx.label, len(files)) + "with exactly one saved_model.pb or saved_model.pbtxt")
    return found[0]

def _graphgen_diagram_impl(ctx):
    out = ctx.outputs.out
    flags = _flags(ctx.attr.format, ctx.attr.options)
    model = _model_file(ctx)
    ctx.actions.run(
        executable = ctx.executable._graphgen,
        arguments = [model.path, "-o", out.path] + flags,
        inputs = ctx.files.model,
        outputs = [out],
        mnemonic = "GraphgenDiagram",
        progress_message = "Drawing %s with graphgen" % out.short_path,
    )
    return [
        # Runfiles too, so a test or binary can take the diagram as `data`.
        DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out])),
        GraphgenDiagramInfo(model = model, out = out, flags = flags),
    ]

graphgen_diagram = rule(
    implementation = _graphgen_diagram_impl,
    doc = "Draws `model` as `out` (DOT, SVG, PNG, PDF or HTML, from out's extension or `format`).",
    attrs = {
        "model": attr.label(
            allow_files = True,
            mandatory = True,
            doc = "A model file in any format graphgen reads (ONNX binary or text, " +
                  "TensorFlow GraphDef binary or text, SavedModel, MetaGraphDef, TF.js, " +
                  "Keras JSON or .keras archive, TensorFlow Lite), or a SavedModel " +
                  "directory's files (a filegroup holding saved_model.pb and variables/).",
        ),
        "out": attr.output(mandatory = True, doc = "The diagram file to write."),
        "format": attr.string(
            # Every OutputWriter name in render/outputs.cc (tests/registry_lists_test checks).
            values = ["", "dot", "svg", "png", "pdf", "tfevents", "html"],
            doc = "dot, svg, png, pdf, tfevents or html; default: from out's extension.",
        ),
        "options": attr.string_dict(
            doc = "graphgen flags without '--' and their values: {\"rankdir\": \"LR\"}.",
        ),
        # The target configuration, not exec: graphgen runs where the build runs (these
        # offline builds have one platform), and the test below then uses the very same
        # binary instead of building graphgen a second time in the host configuration.
        "_graphgen": attr.label(
            default = Label("//graphgen:graphgen"),
            executable = True,
            cfg = "target",
        ),
    },
)

def _runfile(f):
    # From the test's working directory (the main workspace's runfiles), a file of another
    # repository is at ../<repo>/..., which is what short_path says.
    return "'%s'" % f.short_path.replace("'", "'\\''")

def _quote(s):
    return "'%s'" % s.replace("'", "'\\''")

def _graphgen_diagram_test_impl(ctx):
    info = ctx.attr.diagram[GraphgenDiagramInfo]
    update = "bazel run %s" % ctx.attr.update_target
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    golden = ctx.file.golden
    if golden == None:
        body = """
echo "{path} does not exist; create it with: {update}"
exit 1
""".format(path = ctx.attr.golden_path, update = update)
    else:
        body = """
if cmp -s {generated} {golden}; then
  echo "{path} is current"
  exit 0
fi
echo "{path} differs from what {diagram} draws:"
{graphgen} --check {model} -o {golden} {flags} 2>&1 | sed 's/^/  /'
echo "update it with: {update}"
exit 1
""".format(
            generated = _runfile(info.out),
            golden = _runfile(golden),
            path = ctx.attr.golden_path,
            diagram = ctx.attr.diagram.label,
            graphgen = _runfile(ctx.executable._graphgen),
            model = _runfile(info.model),
            flags = " ".join([_quote(f) for f in info.flags]),
            update = update,
        )
    ctx.actions.write(script, "#!/usr/bin/env bash\nset -u\n" + body, is_executable = True)
    files = [info.out, info.model, ctx.executable._graphgen] + ([golden] if golden else [])
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(files = files).merge(
            ctx.attr._graphgen[DefaultInfo].default_runfiles,
        ),
    )]

_graphgen_diagram_test = rule(
    implementation = _graphgen_diagram_test_impl,
    test = True,
    attrs = {
        "diagram": attr.label(mandatory = True, providers = [GraphgenDiagramInfo]),
        "golden": attr.label(allow_single_file = True),
        "golden_path": attr.string(mandatory = True),
        "update_target": attr.string(mandatory = True),
        "_graphgen": attr.label(
            default = Label("//graphgen:graphgen"),
            executable = True,
            cfg = "target",
        ),
    },
)

def _graphgen_diagram_update_impl(ctx):
    info = ctx.attr.diagram[GraphgenDiagramInfo]
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, """#!/usr/bin/env bash
# Copies the diagram Bazel drew over the committed one in the source tree.
set -eu
: "${{BUILD_WORKSPACE_DIRECTORY:?run me with bazel run}}"
dest="$BUILD_WORKSPACE_DIRECTORY/"{path}
mkdir -p "$(dirname "$dest")"
cp {generated} "$dest.tmp"
chmod 644 "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "updated "{path}
""".format(generated = _runfile(info.out), path = _quote(ctx.attr.golden_path)), is_executable = True)
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = [info.out]))]

_graphgen_diagram_update = rule(
    implementation = _graphgen_diagram_update_impl,
    executable = True,
    attrs = {
        "diagram": attr.label(mandatory = True, providers = [GraphgenDiagramInfo]),
        "golden_path": attr.string(mandatory = True),
    },
)

def graphgen_diagram_test(name, diagram, golden, **kwargs):
    """A test that `golden` (a committed file in this package) is what `diagram` draws.

    Also defines `<name>.update`, which `bazel run` uses to rewrite `golden` in the source
    tree. `golden` may not exist yet: the test then fails saying how to create it.

    Args:
      name: the test's name.
      diagram: a graphgen_diagram target.
      golden: the committed diagram's file name, relative to this package.
      **kwargs: passed to the test (tags, size, ...).
    """
    package = native.package_name()
    path = (package + "/" + golden) if package else golden
    update = "%s.update" % name
    repo = native.repository_name()
    update_label = "%s//%s:%s" % ("" if repo == "@" else repo, package, update)
    _graphgen_diagram_update(
        name = update,
        diagram = diagram,
        golden_path = path,
        tags = kwargs.get("tags", []),
        visibility = kwargs.get("visibility"),
    )
    _graphgen_diagram_test(
        name = name,
        diagram = diagram,
        golden = golden if native.glob([golden]) else None,
        golden_path = path,
        update_target = update_label,
        **kwargs
    )
