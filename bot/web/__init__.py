"""Web plumbing shared by the app's pages: framing rules, the icon images, the development server."""
