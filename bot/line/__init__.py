"""Everything that speaks to LINE: the only package that imports the LINE SDK."""
