"""The static catalogue site: read everything, clean, copy static files, render pages.

:func:`svcascode.render.build.build_site` is the entry point; ``svc render`` calls it.
"""
