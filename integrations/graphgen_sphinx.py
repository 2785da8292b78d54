"""Sphinx extension: model diagrams drawn by graphgen at build time.

In conf.py (with this directory on sys.path):

    extensions = ["graphgen_sphinx"]
    graphgen_binary = "graphgen"   # default: graphgen on PATH
    graphgen_format = "svg"        # default format: svg, png or html (inline SVG)

In a page:

    .. graphgen:: models/unet.onnx
       :format: html
       :rankdir: LR
       :depth: 1
       :alt: The U-Net

The model path is relative to the page (or, starting with "/", to the source directory),
as for Sphinx's image directive. Every graphgen flag that shapes a diagram is an option
(graphgen_docs.DIAGRAM_FLAGS); a flag without a value, such as :no-control-edges:, is
given bare. Diagrams are cached in the doctree directory by graphgen's version, the
model's bytes and the options, so a rebuild runs graphgen only for what changed, and a
page is rebuilt when its model changes. "svg" and "png" are copied to _images/ under a
name made from their content and shown with <img>; "html" puts the SVG in the page.
"""

import os

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import ensuredir

import graphgen_docs


class graphgen_diagram(nodes.General, nodes.Element):
    """A drawn diagram: "data" (bytes), "format", "alt"."""


class GraphgenDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = dict(
        {"format": lambda v: directives.choice(v, graphgen_docs.FORMATS),
         "alt": directives.unchanged,
         "class": directives.class_option},
        **{flag: directives.unchanged for flag in graphgen_docs.DIAGRAM_FLAGS})

    def run(self):
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        config = self.env.config
        fmt = self.options.get("format", config.graphgen_format)
        flags = {k: v for k, v in self.options.items() if k in graphgen_docs.DIAGRAM_FLAGS}
        cache = os.path.join(self.env.app.doctreedir, "graphgen")
        try:
            data = graphgen_docs.draw(config.graphgen_binary, path, fmt, flags, cache)
        except graphgen_docs.GraphgenError as e:
            return [self.state.document.reporter.error(
                "graphgen: %s: %s" % (self.arguments[0], e), line=self.lineno)]
        node = graphgen_diagram()
        node["data"] = data
        node["format"] = fmt
        node["alt"] = self.options.get("alt", os.path.basename(self.arguments[0]))
        node["classes"] = ["graphgen"] + self.options.get("class", [])
        self.set_source_info(node)
        return [node]


def visit_html(self, node):
    classes = " ".join(node["classes"])
    if node["format"] == "html":
        self.body.append('<div class="%s">\n%s</div>\n' % (
            classes, graphgen_docs.inline_svg(node["data"])))
        raise nodes.SkipNode
    name = graphgen_docs.file_name(node["data"], node["format"])
    outdir = os.path.join(self.builder.outdir, self.builder.imagedir)
    ensuredir(outdir)
    target = os.path.join(outdir, name)
    if not os.path.exists(target):
        with open(target, "wb") as f:
            f.write(node["data"])
    src = self.builder.imgpath + "/" + name
    self.body.append('<div class="%s"><img src="%s" alt="%s"/></div>\n' % (
        classes, self.encode(src), self.encode(node["alt"])))
    raise nodes.SkipNode


def visit_other(self, node):
    # Builders other than HTML (LaTeX, text, man) leave the diagram out.
    raise nodes.SkipNode


def setup(app):
    app.add_config_value("graphgen_binary", "graphgen", "env")
    app.add_config_value("graphgen_format", "svg", "env")
    app.add_node(graphgen_diagram,
                 html=(visit_html, None),
                 latex=(visit_other, None),
                 text=(visit_other, None),
                 man=(visit_other, None),
                 texinfo=(visit_other, None))
    app.add_directive("graphgen", GraphgenDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
