"""Rendering: Markdown bodies to HTML documents, and pages through Jinja2 templates."""
