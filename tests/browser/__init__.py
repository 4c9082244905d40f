"""Browser tests: the built site in real Chromium, checked by axe-core and the Nu HTML Checker."""
