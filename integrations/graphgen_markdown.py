"""Python-Markdown extension (for MkDocs, or any Markdown build): model diagrams drawn by
graphgen at build time.

In mkdocs.yml (with this directory on PYTHONPATH):

    markdown_extensions:
      - graphgen_markdown:
          binary: graphgen        # default: graphgen on PATH
          base_dir: docs          # model paths are relative to it; default: where mkdocs runs
          format: html            # default format: html (inline SVG), svg or png
          cache_dir: .cache/graphgen   # default: $XDG_CACHE_HOME/graphgen-docs

In a page, an image whose source is a model, marked {graphgen} with optional flags:

    ![The U-Net](models/unet.onnx){graphgen rankdir=LR depth=1}

or a fenced block, the model first, then a flag per line:

    ```graphgen
    models/unet.onnx
    format: svg
    rankdir: LR
    ```

"html" puts the SVG in the page; "svg" and "png" are embedded as <img> with a data: URI,
so the page needs no extra files. Diagrams are cached by graphgen's version, the model's
bytes and the flags (graphgen_docs.py); the output is byte-identical across builds.
"""

import base64
import html
import os
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

import graphgen_docs

# ![alt](path){graphgen key=value ...}
INLINE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)\{graphgen((?:\s+[\w-]+(?:=[^\s}]*)?)*)\s*\}")
FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})\s*graphgen\s*$")


class GraphgenPreprocessor(Preprocessor):
    def __init__(self, md, config):
        super().__init__(md)
        self.config = config

    def render(self, alt, model, options):
        fmt = options.pop("format", self.config["format"])
        path = os.path.join(self.config["base_dir"], model)
        cache = self.config["cache_dir"] or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "graphgen-docs")
        try:
            data = graphgen_docs.draw(self.config["binary"], path, fmt, options, cache)
        except graphgen_docs.GraphgenError as e:
            # A broken diagram shows on the page (MkDocs has no per-line error channel);
            # `mkdocs build --strict` users see it in the page they check.
            markup = '<p class="graphgen-error">graphgen: %s: %s</p>' % (
                html.escape(model), html.escape(str(e)))
            return self.md.htmlStash.store(markup)
        if fmt == "html":
            markup = '<div class="graphgen">\n%s</div>' % graphgen_docs.inline_svg(data)
        else:
            mime = "image/png" if fmt == "png" else "image/svg+xml"
            markup = '<img class="graphgen" alt="%s" src="data:%s;base64,%s"/>' % (
                html.escape(alt), mime, base64.b64encode(data).decode("ascii"))
        return self.md.htmlStash.store(markup)

    def run(self, lines):
        out = []
        i = 0
        while i < len(lines):
            fence = FENCE_OPEN.match(lines[i])
            if fence:
                body = []
                i += 1
                while i < len(lines) and lines[i].strip() != fence.group(1):
                    body.append(lines[i].strip())
                    i += 1
                i += 1  # the closing fence
                body = [b for b in body if b]
                options = {}
                for b in body[1:]:
                    key, _, value = b.partition(":")
                    options[key.strip()] = value.strip()
                model = body[0] if body else ""
                out.extend(["", self.render(os.path.basename(model), model, options), ""])
                continue
            out.append(INLINE.sub(self.inline, lines[i]))
            i += 1
        return out

    def inline(self, match):
        options = {}
        for token in match.group(3).split():
            key, _, value = token.partition("=")
            options[key] = value
        return self.render(match.group(1), match.group(2), options)


class GraphgenExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "binary": ["graphgen", "the graphgen executable"],
            "base_dir": [".", "directory model paths are relative to"],
            "format": ["html", "html (inline SVG), svg or png"],
            "cache_dir": ["", "where drawn diagrams are kept; default $XDG_CACHE_HOME/graphgen-docs"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before fenced_code (25), so a graphgen fence is ours and not a code block.
        md.preprocessors.register(GraphgenPreprocessor(md, self.getConfigs()), "graphgen", 30)


def makeExtension(**kwargs):
    return GraphgenExtension(**kwargs)
