"""Runs graphgen for documentation builds: the part the Sphinx directive
(graphgen_sphinx.py) and the Markdown extension for MkDocs (graphgen_markdown.py) share.

A diagram is drawn by the graphgen binary (on PATH, or named by the build's config) and
kept in a cache directory under a name made from the SHA-256 of everything that decides
its bytes: graphgen's --version, the model file's bytes, the format and the flags. A
rebuild reuses it without running graphgen; any change draws it again. graphgen's output
is byte-identical across runs, so the pages built from it are too.
"""

import hashlib
import os
import re
import subprocess
import tempfile

# What a page can ask for: an SVG or PNG file shown with <img>, or the SVG inline in the
# page ("html"), where CSS and links reach it and hovering shows each box's details.
FORMATS = ("svg", "png", "html")

# graphgen flags a page may set, as graphgen spells them without "--". Flags that write
# other files or print (-o, --summary, --tensorboard, --check...) are not diagrams' flags.
DIAGRAM_FLAGS = (
    "rankdir",
    "depth",
    "fold",
    "unfold",
    "fuse",
    "patterns",
    "groups",
    "shape",
    "layer-range",
    "layout-engine",
    "dpi",
    "show-shapes",
    "show-dtype",
    "show-layer-names",
    "show-params",
    "show-layer-activations",
    "show-trainable",
    "show-constants",
    "show-plumbing",
    "expand-nested",
    "no-control-edges",
)


class GraphgenError(Exception):
    """graphgen could not draw the diagram; the message is graphgen's own line."""


def flag_args(options):
    """{"rankdir": "LR", "no-control-edges": ""} -> ["--no-control-edges", "--rankdir=LR"],
    sorted so the same options always make the same command and cache key."""
    args = []
    for key in sorted(options):
        if key not in DIAGRAM_FLAGS:
            raise GraphgenError(
                "unknown graphgen option %r (one of: %s)" % (key, ", ".join(DIAGRAM_FLAGS)))
        value = options[key]
        args.append("--%s" % key if value in (None, "") else "--%s=%s" % (key, value))
    return args


def _version(binary):
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise GraphgenError("cannot run %s --version: %s" % (binary, e))
    return done.stdout.strip()


def draw(binary, model, fmt, options, cache_dir):
    """The diagram of `model` (a path) as bytes: SVG for "svg" and "html", PNG for "png".

    Raises GraphgenError with graphgen's message when it fails.
    """
    if fmt not in FORMATS:
        raise GraphgenError("format must be one of %s, not %r" % (", ".join(FORMATS), fmt))
    flags = flag_args(options)
    ext = "png" if fmt == "png" else "svg"
    try:
        with open(model, "rb") as f:
            model_bytes = f.read()
    except OSError as e:
        raise GraphgenError("cannot read the model: %s" % e)
    key = hashlib.sha256()
    for part in [_version(binary), model_bytes, ext.encode()] + [a.encode() for a in flags]:
        key.update(len(part).to_bytes(8, "little"))
        key.update(part)
    cached = os.path.join(cache_dir, "%s.%s" % (key.hexdigest()[:32], ext))
    if os.path.exists(cached):
        with open(cached, "rb") as f:
            return f.read()
    os.makedirs(cache_dir, exist_ok=True)
    # Drawn beside the cache entry, then renamed: a concurrent or killed build never leaves
    # half a diagram under a good name. The output keeps the model's file name, which the
    # diagram's provenance records.
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        out = os.path.join(tmp, os.path.basename(model) + "." + ext)
        done = subprocess.run([binary, model, "-o", out] + flags, capture_output=True)
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GraphgenError(lines[-1] if lines else "graphgen exited %d" % done.returncode)
        os.replace(out, cached)
    with open(cached, "rb") as f:
        return f.read()


def inline_svg(svg_bytes):
    """The SVG as markup to paste into an HTML page: without its XML declaration."""
    text = svg_bytes.decode("utf-8")
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", text)


def file_name(svg_or_png_bytes, fmt):
    """A name for the diagram's file in a built site: its content's hash, so it is the same
    in every build and two diagrams never collide."""
    ext = "png" if fmt == "png" else "svg"
    return "graphgen-%s.%s" % (hashlib.sha256(svg_or_png_bytes).hexdigest()[:20], ext)
