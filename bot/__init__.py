"""Portal bot: a city's resident portal in LINE."""
