"""Render: a TEI tree to an HTML reading edition or plain text, through the
XSLT 1.0 stylesheets in ``xslt/``; a set of texts to a site."""

from pipeline.render.site import render_site
from pipeline.render.transform import XSLT_DIR, layout, render, render_index, stylesheet

__all__ = ["XSLT_DIR", "layout", "render", "render_index", "render_site", "stylesheet"]
