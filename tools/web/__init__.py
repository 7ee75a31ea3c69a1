"""The browser page's build and local server: `python -m tools.web build`, then `python -m tools.web serve`."""
