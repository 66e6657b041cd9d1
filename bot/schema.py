"""Every table of the bot, gathered so that SQLModel.metadata knows them all before the first
query (every process, through bot/runtime.py) and for Alembic (bot/store/migrations/env.py).

Composition, above the store and the capabilities: each declares its tables where they belong
(the store's own, the delivery ledger, staff, notices, the shared LINE rate limit) and none of
them imports this.
"""
from bot.store import models  # noqa: F401
from bot.store import garbage  # noqa: F401
from bot.store import cardlink  # noqa: F401
from bot.store import postbox  # noqa: F401
from bot.store import icons  # noqa: F401
from bot.store import richmenus  # noqa: F401
from bot.store import reminders  # noqa: F401
from bot.store import shelters  # noqa: F401
from bot.store import disasters  # noqa: F401
from bot.store import reports  # noqa: F401
from bot.delivery import ledger  # noqa: F401
from bot.staff import models as staff_models  # noqa: F401
from bot.notices import models as notice_models  # noqa: F401
from bot.line import limits  # noqa: F401
