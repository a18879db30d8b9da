"""Sphinx configuration of the termshift site. Build it with ``make docs`` (``python docs/site.py``).

``docs/site.py`` stages the source in ``build/docs/src`` (this file included): the notebooks
arrive there already executed (or, with ``--fast``, without outputs), so Sphinx never runs a kernel.
"""

import termshift

project = "termshift"
author = "termshift developers"
copyright = "termshift developers (MIT licence)"
release = version = termshift.__version__

extensions = [
    "myst_nb",  # Markdown pages (MyST) and the notebooks with their outputs
    "sphinx.ext.autodoc",
    "numpydoc",  # the numpydoc docstrings of the library
    "sphinx.ext.intersphinx",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_included/**", "_repo/**"]
root_doc = "index"

# notebooks: executed beforehand by docs/site.py (headless, offline, cached under build/docs/executed)
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "substitution"]
myst_heading_anchors = 3
myst_substitutions = {"version": release}

# API: numpydoc renders the docstrings; autodoc follows each module's __all__
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # the numpydoc Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
intersphinx_mapping: dict = {}  # offline: no inventories fetched

suppress_warnings = [
    "myst.header",  # notebooks and notes may start at a level-2 heading
]

html_theme = "pydata_sphinx_theme"
html_title = f"termshift {release}"
html_short_title = "termshift"
html_static_path = ["_static"]
html_css_files = ["termshift.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_theme_options = {
    "navbar_start": ["navbar-logo", "version-label"],
    "navbar_end": ["theme-switcher"],
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
templates_path = ["_templates"]
html_context = {"default_mode": "light"}


def setup(app):
    from docutils import nodes

    # matplotlib's :rc:`savefig.dpi` role, used in a few docstrings: shown as code
    app.add_generic_role("rc", nodes.literal)
