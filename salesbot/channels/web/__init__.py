"""The website channel: realtime socket, landing page and the widget's files."""
