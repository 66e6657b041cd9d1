"""Garbage collection: areas, schedules, the sorting guide, and importers of open data (SPEC §4).

- `schedule`: the one model of when each category is collected (pure Python, no database).
- `kana`: normalising what residents type, and the あかさたな index.
- `search`: ranking areas and sorting items, and near matches.
- `import_5374`, `import_calendar`: read a data directory into a `CityData` (or name every problem);
  they only read: the command (`cli`) or the console writes the data with `store.garbage.replace_city`.
- `readings`: how area names are read (SudachiPy, a city's readings.csv).
- `translations`: a city's translations.csv (the categories in other languages), read by both importers.
- `glossary`, `localized`: common category names in every language the bot speaks, and the one a
  category shows in: the city's translation, else the glossary's, else the data's Japanese.
- `cli`: `portalbot garbage import`.

The tables and store functions live in `bot.store.garbage`.
"""
