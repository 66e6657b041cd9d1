"""Imports every module that declares tables, so SQLModel.metadata knows them all."""
from bot.store import models  # noqa: F401
from bot.store import garbage  # noqa: F401
from bot.store import cardlink  # noqa: F401
from bot.store import icons  # noqa: F401
from bot.store import richmenus  # noqa: F401
from bot.store import reminders  # noqa: F401
from bot.store import shelters  # noqa: F401
from bot.store import disasters  # noqa: F401
from bot.delivery import ledger  # noqa: F401
from bot.staff import models as staff_models  # noqa: F401
from bot.notices import models as notice_models  # noqa: F401
from bot.store import reports  # noqa: F401
from bot.line import limits  # noqa: F401
